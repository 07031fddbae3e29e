import { addDays, type IsoDate } from '../dates.js';
import type { Policy } from '../policy.js';
import { assess, breach, breachStart, overdue, type Assessment } from './flag.js';
import { childScope } from './child-scope.js';
import { isOpenOn, type ChildView, type World } from './world.js';

/**
 * SOCIAL_WORKER_CHANGES: children with an open case whose allocated worker changed
 * `changes` or more times in the trailing window (a first allocation is not a change).
 * Red at twice the threshold.
 */
export function socialWorkerChanges(world: World, policy: Policy): Assessment[] {
  const { windowDays, changes: threshold } = policy.socialWorkerChanges;
  const changesOn = (child: ChildView, d: IsoDate) =>
    child.allocations.filter((a) => a.isChange && a.from <= d && a.from > addDays(d, -windowDays));
  return world.children
    .filter((child) => isOpenOn(child, world.asOf))
    .map((child) => {
      const subject = { type: 'child' as const, id: child.id };
      const scope = childScope(child, world.asOf);
      const changes = changesOn(child, world.asOf);
      if (changes.length < threshold) return assess('SOCIAL_WORKER_CHANGES', subject, scope, undefined);
      const holdsOn = (d: IsoDate) => isOpenOn(child, d) && changesOn(child, d).length >= threshold;
      const dates = child.allocations.flatMap((a) => [a.from, addDays(a.from, windowDays), ...(a.to ? [a.to] : [])]);
      const start = breachStart(world.asOf, holdsOn, dates);
      const severity = changes.length >= 2 * threshold ? 'red' : 'amber';
      return assess('SOCIAL_WORKER_CHANGES', subject, scope, breach(start, world.asOf, severity, changes.map((a) => a.eventId), { changes: changes.length }));
    });
}

/** PRE_PROCEEDINGS_OVERDUE and CARE_PROCEEDINGS_OVERDUE: children in the PLO stage longer than its limit. */
export function ploOverdue(world: World, policy: Policy): Assessment[] {
  const stages = [
    { stage: 'pre_proceedings', rule: 'PRE_PROCEEDINGS_OVERDUE' as const, weeks: policy.preProceedings.maxWeeks },
    { stage: 'care_proceedings', rule: 'CARE_PROCEEDINGS_OVERDUE' as const, weeks: policy.careProceedings.maxWeeks },
  ];
  return stages.flatMap(({ stage, rule, weeks }) =>
    world.children.flatMap((child) => {
      const episode = child.ploEpisodes.find((e) => e.stage === stage && e.enteredOn <= world.asOf && (!e.exitedOn || e.exitedOn > world.asOf));
      if (!episode) return [];
      const detail = overdue(episode.enteredOn, weeks * 7, world.asOf, [episode.eventId]);
      return [assess(rule, { type: 'child', id: child.id }, childScope(child, world.asOf), detail && { ...detail, measures: { enteredOn: episode.enteredOn } })];
    }),
  );
}
