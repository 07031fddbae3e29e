import type { IsoDate } from '../dates.js';
import type { SubjectTimeline, View } from '../timeline.js';
import { buildWorld } from './world.js';

/**
 * A stretch of time a worker or child belonged to one team: from `from` (included)
 * until `to` (excluded), open-ended when `to` is undefined. Half-open, like the
 * allocations: on the day of a move the subject already belongs to its new team.
 */
export interface TeamPeriod {
  teamId: string;
  from: IsoDate;
  to?: IsoDate;
}

/** Later than any date an event may carry: "no as-of limit". */
const END_OF_TIME: IsoDate = '9999-12-31';

/**
 * A subject's team periods, the same teams the drift rules give its flags (teamOn,
 * allocationOn): a worker belongs to the team they joined, then to each team they
 * changed to (also after leaving, until they rejoin elsewhere); a child to the team of
 * each allocation, and once its case is closed still to the last one, until an
 * allocation to another team. Time before the first allocation or joining belongs to
 * no team.
 *
 * `view` limits this to what had happened by `asOf` and was known at `knownAt` (voids
 * recorded by then count; later ones do not); without `asOf` every date counts, and
 * without `knownAt`, everything recorded so far, voids included.
 */
export function teamPeriods(timeline: SubjectTimeline, view: Partial<View> = {}): TeamPeriod[] {
  const world = buildWorld([timeline], { asOf: view.asOf ?? END_OF_TIME, ...(view.knownAt ? { knownAt: view.knownAt } : {}) });
  const changes = timeline.type === 'worker' ? (world.workers[0]?.teamChanges ?? []) : (world.children[0]?.allocations ?? []).map((a) => ({ on: a.from, teamId: a.teamId }));
  return periodsFrom(changes);
}

/** Consecutive changes to the same team make one period; a move and a move back on the same day leave nothing between. */
function periodsFrom(changes: { on: IsoDate; teamId: string }[]): TeamPeriod[] {
  const periods: TeamPeriod[] = [];
  for (const { on, teamId } of changes) {
    let current = periods.at(-1);
    if (current?.teamId === teamId) continue;
    if (current?.from === on) {
      periods.pop();
      current = periods.at(-1);
    }
    if (current?.teamId === teamId) {
      delete current.to;
      continue;
    }
    if (current) current.to = on;
    periods.push({ teamId, from: on });
  }
  return periods;
}

/**
 * The periods a reader held to `teamId` may see of a subject, for a view: the times
 * the subject belonged to the team both as now known (so a move recorded late, or an
 * allocation voided since, is never overlooked) and as known at the view's `knownAt`
 * (what was known then: nothing the team learnt of later), limited to the periods
 * that had begun by the view's `asOf` (each in full, up to its true end: the events
 * of a period are the team's whatever date is asked about). Empty: the subject is not
 * theirs to see for this view.
 */
export function periodsVisibleToTeam(timeline: SubjectTimeline, teamId: string, view: View): TeamPeriod[] {
  const ofTeam = (periods: TeamPeriod[]) => periods.filter((p) => p.teamId === teamId);
  const known = view.knownAt ? { knownAt: view.knownAt } : {};
  return intersect(ofTeam(teamPeriods(timeline)), ofTeam(teamPeriods(timeline, known))).filter((p) => p.from <= view.asOf);
}

/**
 * The ids of a subject's events that occurred within the periods (voided ones too,
 * marked as such), and of the voids of those events: a void is shown only beside the
 * event it withdraws.
 */
export function eventIdsWithin(timeline: SubjectTimeline, periods: TeamPeriod[]): Set<string> {
  const ids = new Set<string>();
  for (const f of timeline.facts) {
    if (!periods.some((p) => within(p, f.occurredOn))) continue;
    ids.add(f.eventId);
    if (f.voided) ids.add(f.voided.by);
  }
  return ids;
}

const within = (p: TeamPeriod, on: IsoDate): boolean => p.from <= on && (p.to === undefined || on < p.to);

/** The stretches of time in both lists (each sorted and non-overlapping, all of one team). */
function intersect(a: TeamPeriod[], b: TeamPeriod[]): TeamPeriod[] {
  const out: TeamPeriod[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = x.from > y.from ? x.from : y.from;
      const to = x.to === undefined ? y.to : y.to === undefined ? x.to : x.to < y.to ? x.to : y.to;
      if (to === undefined || from < to) out.push({ teamId: x.teamId, from, ...(to === undefined ? {} : { to }) });
    }
  }
  return out.sort((p, q) => (p.from < q.from ? -1 : p.from > q.from ? 1 : 0));
}
