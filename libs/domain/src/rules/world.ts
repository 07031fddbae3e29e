import type { IsoDate } from '../dates.js';
import { visibleFacts, type Fact, type SubjectTimeline, type View } from '../timeline.js';
import { childHistory, type Allocation, type ChildView } from '../history/child-history.js';
import { workerHistory, type Employment, type WorkerView } from '../history/worker-history.js';

export type { Allocation, ChildView, Period, PloEpisode } from '../history/child-history.js';
export { cpCategories, factsOf, factsOfType, legalStatuses, runOn } from '../history/child-history.js';
export type { Employment, WorkerView } from '../history/worker-history.js';

/**
 * The local authority as the drift rules see it for one view (as of a date, as
 * known on a date): each subject's history folded from the facts visible in that
 * view, by the same fold the deciders use. Built once per evaluation, shared by every rule.
 */
export interface World {
  asOf: IsoDate;
  workers: WorkerView[];
  children: ChildView[];
}

export function buildWorld(timelines: Iterable<SubjectTimeline>, view: View): World {
  const world: World = { asOf: view.asOf, workers: [], children: [] };
  for (const t of timelines) {
    const facts = visibleFacts(t, view);
    const history = historyOf(t, facts);
    if (t.type === 'worker') world.workers.push(history as WorkerView);
    else world.children.push(history as ChildView);
  }
  return world;
}

/** A subject's history folded from these of its facts. */
export const historyOf = (t: SubjectTimeline, facts: Fact[]): WorkerView | ChildView => (t.type === 'worker' ? workerHistory(t.id, facts) : childHistory(t.id, facts));

export const covers = (a: { from: IsoDate; to?: IsoDate }, on: IsoDate): boolean => a.from <= on && (!a.to || on < a.to);

/** The period in force on a date, if any. */
export const periodOn = <P extends { from: IsoDate; to?: IsoDate }>(periods: P[], on: IsoDate): P | undefined => periods.findLast((p) => covers(p, on));

export function employmentOn(w: WorkerView, on: IsoDate): Employment | undefined {
  return w.employments.find((e) => e.joinedOn <= on && (!e.leftOn || on <= e.leftOn));
}

export function teamOn(w: WorkerView, on: IsoDate): string | undefined {
  return w.teamChanges.findLast((c) => c.on <= on)?.teamId;
}

/** The allocation in force on a date, or the last one before it (for a closed case's team). */
export function allocationOn(c: ChildView, on: IsoDate): Allocation | undefined {
  return c.allocations.findLast((a) => a.from <= on);
}

export function isOpenOn(c: ChildView, on: IsoDate): boolean {
  const a = allocationOn(c, on);
  return a !== undefined && covers(a, on);
}
