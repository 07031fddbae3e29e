import { z } from 'zod';
import { addDays, type IsoDate } from '../dates.js';
import { assess, breach, breachStart, overdue, type Assessment } from './flag.js';
import { childScope, SCOPE_FACTS } from './child-scope.js';
import { defineRule, LETTER_2018 } from './rule-definition.js';
import { days } from './threshold-fields.js';
import { isOpenOn, type ChildView, type World } from './world.js';
import { count, longDate } from './wording.js';

const workerChangesPolicy = z.strictObject({ windowDays: days(), changes: z.int().min(1).max(100) });
const proceedingsPolicy = z.strictObject({ maxWeeks: z.int().min(1).max(520) });

/**
 * SOCIAL_WORKER_CHANGES: children with an open case whose allocated worker changed
 * `changes` or more times in the trailing window (a first allocation is not a change).
 * Red at twice the threshold.
 */
export function socialWorkerChanges(world: World, policy: z.output<typeof workerChangesPolicy>): Assessment[] {
  const { windowDays, changes: threshold } = policy;
  const changesOn = (child: ChildView, d: IsoDate) => child.allocations.filter((a) => a.isChange && a.from <= d && a.from > addDays(d, -windowDays));
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
      return assess(
        'SOCIAL_WORKER_CHANGES',
        subject,
        scope,
        breach(
          start,
          world.asOf,
          severity,
          changes.map((a) => a.eventId),
          { changes: changes.length },
        ),
      );
    });
}

/** PRE_PROCEEDINGS_OVERDUE and CARE_PROCEEDINGS_OVERDUE: children in the PLO stage longer than its limit. */
function ploOverdue(stage: 'pre_proceedings' | 'care_proceedings', rule: 'PRE_PROCEEDINGS_OVERDUE' | 'CARE_PROCEEDINGS_OVERDUE') {
  return (world: World, policy: z.output<typeof proceedingsPolicy>): Assessment[] =>
    world.children.flatMap((child) => {
      const episode = child.ploEpisodes.find((e) => e.stage === stage && e.enteredOn <= world.asOf && (!e.exitedOn || e.exitedOn > world.asOf));
      if (!episode) return [];
      const detail = overdue(episode.enteredOn, policy.maxWeeks * 7, world.asOf, [episode.eventId]);
      return [assess(rule, { type: 'child', id: child.id }, childScope(child, world.asOf), detail && { ...detail, measures: { enteredOn: episode.enteredOn } })];
    });
}

export const SOCIAL_WORKER_CHANGES = defineRule({
  rule: 'SOCIAL_WORKER_CHANGES',
  subject: 'child',
  title: 'Too many changes of social worker',
  kind: 'condition',
  description: 'A child with an open case had this many or more changes of allocated worker in the trailing window',
  flagsWhen: '3+ changes of worker in 365 days (open cases)',
  finding: 'Too many changes of social worker (2018 inspection)',
  quote: { text: 'Some children have had too many changes of social worker and have not always been provided with the help they need quickly enough.', report: '2018 inspection', via: LETTER_2018 },
  source: 'Typical LA policy',
  severity: 'red at twice the number of changes',
  policy: { key: 'socialWorkerChanges', schema: workerChangesPolicy, defaults: { windowDays: 365, changes: 3 } },
  reads: [...SCOPE_FACTS],
  reason: (f, p) => `${count(f.measures?.changes, 'change')} of social worker in the last ${p.windowDays} days (${p.changes} or more are flagged)`,
  indicator: (p) => `children with an open case who had fewer than ${count(p.changes, 'change')} of social worker in the last ${p.windowDays} days`,
  evaluate: socialWorkerChanges,
});

/**
 * The rule whose scope is exactly the children with an open case, each under the worker
 * and team allocated on the date: the read model counts a worker's open cases from its
 * rows (a spec holds it to the caseload rule's count).
 */
export const OPEN_CASES_RULE = SOCIAL_WORKER_CHANGES.rule;

export const PRE_PROCEEDINGS_OVERDUE = defineRule({
  rule: 'PRE_PROCEEDINGS_OVERDUE',
  subject: 'child',
  title: 'Pre-proceedings too long',
  kind: 'duty',
  description: 'In PLO pre-proceedings for longer than the limit',
  flagsWhen: 'in pre-proceedings over 16 weeks',
  finding: 'A significant proportion of children in pre-proceedings for a lengthy period (2022 inspection ¶8)',
  quote: { text: 'A significant proportion of children in pre-proceedings have been in this stage of the PLO for a lengthy period.', report: '2022 inspection', paragraph: 8 },
  source: 'Public Law Outline guidance (16 weeks)',
  severity: 'red when over by more than the limit again',
  policy: { key: 'preProceedings', schema: proceedingsPolicy, defaults: { maxWeeks: 16 } },
  reads: [...SCOPE_FACTS, 'PloStageEntered', 'PloStageExited'],
  reason: (f, p) => `In pre-proceedings since ${longDate(String(f.measures?.enteredOn))}; limit ${p.maxWeeks} weeks`,
  indicator: (p) => `children in pre-proceedings for ${count(p.maxWeeks, 'week')} or less`,
  evaluate: ploOverdue('pre_proceedings', 'PRE_PROCEEDINGS_OVERDUE'),
});

export const CARE_PROCEEDINGS_OVERDUE = defineRule({
  rule: 'CARE_PROCEEDINGS_OVERDUE',
  subject: 'child',
  title: 'Care proceedings too long',
  kind: 'duty',
  description: 'In care proceedings for longer than the limit',
  flagsWhen: 'in care proceedings over 26 weeks',
  finding: 'Care proceedings beyond the statutory 26 weeks',
  // No report held speaks of how long care proceedings last: the 2022 report's delays are in entering care and in pre-proceedings (quoted for PRE_PROCEEDINGS_OVERDUE).
  quote: null,
  source: 'Children and Families Act 2014 s14 (26 weeks)',
  severity: 'red when over by more than the limit again',
  policy: { key: 'careProceedings', schema: proceedingsPolicy, defaults: { maxWeeks: 26 } },
  reads: [...SCOPE_FACTS, 'PloStageEntered', 'PloStageExited'],
  reason: (f, p) => `In care proceedings since ${longDate(String(f.measures?.enteredOn))}; limit ${p.maxWeeks} weeks`,
  indicator: (p) => `children in care proceedings for ${count(p.maxWeeks, 'week')} or less`,
  evaluate: ploOverdue('care_proceedings', 'CARE_PROCEEDINGS_OVERDUE'),
});
