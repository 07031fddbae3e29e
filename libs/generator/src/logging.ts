import type { Child, Draft, Sim } from './sim.js';

/**
 * How long after a piece of practice an auditor logs it: mostly the same day, some
 * weeks late (so records arrive out of order). Structural events (allocations,
 * closures, plans, placements) are logged on the day; practice records use this.
 */
const LOGGING_DELAY: readonly (readonly [[number, number], number])[] = [
  [[0, 0], 0.75],
  [[1, 7], 0.17],
  [[8, 28], 0.06],
  [[29, 56], 0.02],
];
/** Share of practice records logged twice by mistake; the copy is voided days later. */
const DUPLICATES = 0.005;
/** Share of visits first logged against another child of the same worker, then voided and logged again. */
const WRONG_CHILD = 0.004;
/** Records auditors duplicate or misfile: simple facts, whose withdrawal leaves every timeline consistent. */
const CORRECTABLE = new Set<Draft['type']>([
  'ChildVisited',
  'PlanReviewed',
  'LookedAfterReviewHeld',
  'HealthAssessmentCompleted',
  'DentalCheckCompleted',
  'ReferralReceived',
  'ManagementOversightRecorded',
]);

/** The day an auditor logs a record of `day` (a workday on or after it). */
export function loggingDay(sim: Sim, day: number): number {
  const [min, max] = sim.random.weighted(LOGGING_DELAY);
  return sim.calendar.workdayOnOrAfter(day + sim.random.int(min, max));
}

/**
 * Records a practice event dated `day` when an auditor gets to it (the initial
 * population's past is imported on day 0), with the odd mistake and its correction.
 */
export function recordPractice(sim: Sim, day: number, draft: Draft, misfileAmong?: readonly Child[]): void {
  const loggedOn = day < 0 ? 0 : loggingDay(sim, day);
  if (day < 0 || !CORRECTABLE.has(draft.type)) return void sim.record(loggedOn, draft);
  if (misfileAmong && sim.random.chance(WRONG_CHILD) && recordAgainstWrongChild(sim, draft, loggedOn, misfileAmong)) return;
  sim.record(loggedOn, draft);
  if (sim.random.chance(DUPLICATES)) voidLater(sim, sim.record(loggedOn, draft), loggedOn, 'duplicate entry');
}

/**
 * Records a practice event that needs the child's current state (a looked-after
 * review needs the child looked after): that state must not end on its date.
 */
export function recordDuty(sim: Sim, child: Child, day: number, draft: Draft): void {
  child.busyDay = Math.max(child.busyDay, day);
  recordPractice(sim, day, draft);
}

/** Voids event `eventId`, logged on `loggedOn`, some days later (not at all if that falls after the end); returns the day. */
function voidLater(sim: Sim, eventId: string, loggedOn: number, reason: string): number {
  const on = sim.calendar.workdayOnOrAfter(loggedOn + sim.random.int(1, 20));
  sim.record(on, { type: 'EventVoided', occurredAt: sim.calendar.date(on), data: { eventId, reason } });
  return on;
}

/**
 * The record is logged against another child (of the same worker's list); some days
 * later the auditor voids it in that child's stream and logs the right one.
 */
function recordAgainstWrongChild(sim: Sim, draft: Draft, loggedOn: number, among: readonly Child[]): boolean {
  const other = among.length > 0 ? sim.random.pick(among) : undefined;
  if (!other || !('childId' in draft.data) || other.id === draft.data.childId) return false;
  const mistake = sim.record(loggedOn, { ...draft, data: { ...draft.data, childId: other.id } } as Draft);
  sim.record(voidLater(sim, mistake, loggedOn, 'recorded against the wrong child'), draft);
  return true;
}
