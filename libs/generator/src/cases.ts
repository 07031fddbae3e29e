import { endCinPlan } from './plan-reviews.js';
import { endCpPlan } from './child-protection.js';
import { decisionPoint } from './oversight.js';
import { drawPlan, LONGEST_CASE, PAST_MIX_WEIGHT, pickKind, pickPastKind, startCasework, type CasePlan } from './pathways.js';
import { referral } from './referrals.js';
import { addCase, removeCase, WORKDAYS_PER_YEAR, type CaseKind, type Child, type Sim, type Team, type Worker } from './sim.js';

const OPEN_CASES_AT_SCALE_1 = 2000;

const CLOSURE_REASONS: Record<CaseKind, string[]> = {
  short: ['no further action', 'stepped down to early help', 'referred to universal services'],
  medium: ['child in need plan ended', 'stepped down to early help', 'moved out of area'],
  long: ['child protection plan ended', 'transferred to another local authority', 'stepped down to early help'],
  care: ['returned home and support ended', 'special guardianship order made', 'adoption order made'],
  fostering: ['private fostering arrangement ended', 'child returned to parents'],
};
/** Share of new cases that are a child referred again after an earlier case closed (with further referrals on open cases: about a fifth are repeats). */
const REREFERRAL = 0.25;
/** Changes of worker a year per open case for other reasons than leaving (rebalancing, transfer between workers). */
const TRANSFER_RATE = { pressured: 0.5, other: 0.08 };
/** Pressured teams are given this many times the cases per capacity of the others. */
const PRESSURE = 1.45;

/**
 * Planned lengths undercount: the PLO, care or an open assessment hold some cases
 * open past their planned closing day, so about 8% more cases are open than the
 * plans imply (measured). The initial draw and the intake allow for it, so the
 * caseload starts and stays near its target.
 */
const CLOSE_AS_PLANNED = 0.92;

const openCasesTarget = (sim: Sim): number => Math.max(10, Math.round(OPEN_CASES_AT_SCALE_1 * sim.scale));

/**
 * The initial population: cases that arrived at the steady rate over the past and
 * are still open on day 0 (so long cases are as over-represented as they are in a
 * real caseload), plus the care leavers under 21 among those that closed. Each is
 * booked to open on its past day; the past then plays out (Sim.runPast). The share
 * of draws still open measures the mean case length, which sets the daily intake.
 */
export function openInitialCases(sim: Sim): void {
  const target = openCasesTarget(sim) * CLOSE_AS_PLANNED;
  let draws = 0;
  let open = 0;
  while (open < target) {
    draws++;
    const plan = drawPlan(sim, pickPastKind(sim));
    const opened = sim.calendar.workdayOnOrBefore(-sim.random.int(1, LONGEST_CASE[plan.kind]));
    const bornMonth = sim.calendar.monthIndex(opened) - plan.ageMonths;
    const closes = Math.min(opened + plan.length, sim.calendar.firstOfMonth(bornMonth + 18 * 12));
    if (closes > 0) open++;
    if (closes > 0 || isCareLeaverNow(sim, plan, bornMonth)) openInPast(sim, plan, opened);
  }
  sim.meanCaseDays = (PAST_MIX_WEIGHT * open) / draws / CLOSE_AS_PLANNED;
}

/** A child whose care case closed before day 0 but who left care at 16 or over and is not yet 21: still a care leaver. */
function isCareLeaverNow(sim: Sim, plan: CasePlan, bornMonth: number): boolean {
  const care = plan.care;
  if (!care || (care.route !== 'long_term' && care.route !== 'independence')) return false;
  return sim.calendar.firstOfMonth(bornMonth + 21 * 12) > 0;
}

/**
 * An initial case: its worker is chosen now, by today's caseloads; on its past
 * opening day the child is registered, referred and allocated, and its casework starts.
 */
function openInPast(sim: Sim, plan: CasePlan, opened: number): void {
  const child = newChild(sim, plan, opened);
  const worker = pickWorker(sim, pickTeam(sim));
  child.worker = worker;
  addCase(worker, child);
  sim.addOpen(child);
  sim.schedule(opened, (day) => {
    register(sim, child, day);
    begin(sim, child, plan, day);
    if (plan.kind !== 'fostering') referral(sim, child, day);
    allocateInitially(sim, child, worker, day);
    startCasework(sim, child, plan, day);
  });
}

/**
 * A worker who joined after the case opened took it over from a colleague then:
 * the history records the first allocation too, as a change of worker (with no
 * colleague in post that long, the case is first allocated when the worker joins).
 */
function allocateInitially(sim: Sim, child: Child, worker: Worker, opened: number): void {
  if (worker.joinedDay <= opened) return recordAllocation(sim, child, worker, opened);
  const earlier = worker.team.members.filter((m) => m.joinedDay <= opened);
  if (earlier.length > 0) {
    child.earlierWorker = sim.random.pick(earlier);
    recordAllocation(sim, child, child.earlierWorker, opened);
  }
  const opening = child.opening;
  sim.schedule(worker.joinedDay, (d) => child.opening === opening && child.worker === worker && recordAllocation(sim, child, worker, d));
}

/** New referrals of the day: enough to keep the open caseload near its target. */
export function intake(sim: Sim, day: number): void {
  const target = openCasesTarget(sim);
  const feedback = Math.min(1.5, Math.max(0.5, 1 + (2 * (target - sim.open.length)) / target));
  const perDay = (target / sim.meanCaseDays) * (365 / WORKDAYS_PER_YEAR) * feedback;
  for (let n = sim.random.poisson(perDay); n > 0; n--) openCase(sim, day);
}

function openCase(sim: Sim, day: number): void {
  const kind = pickKind(sim);
  const again = kind !== 'fostering' && sim.random.chance(REREFERRAL) ? referredAgain(sim, day) : undefined;
  const plan = drawPlan(sim, kind, again && { ageMonths: sim.calendar.monthIndex(day) - again.bornMonth, disabled: again.disabled });
  const child = again ?? newChild(sim, plan, day);
  if (!again) register(sim, child, day);
  sim.addOpen(child);
  begin(sim, child, plan, day);
  if (kind !== 'fostering') referral(sim, child, day);
  allocate(sim, child, pickWorker(sim, pickTeam(sim)), day);
  startCasework(sim, child, plan, day);
}

function newChild(sim: Sim, plan: CasePlan, day: number): Child {
  return {
    id: sim.nextChildId(),
    bornMonth: sim.calendar.monthIndex(day) - plan.ageMonths,
    disabled: plan.disabled,
    slot: -1,
    openSlot: -1,
    kind: plan.kind,
    opening: 0,
    ploDone: false,
    holdUntil: 0,
    closedDay: 0,
    assessmentDue: 0,
    careLeaver: false,
    pathwayPlanned: false,
    busyDay: Number.NEGATIVE_INFINITY,
    visitChain: 0,
    cinChain: 0,
  };
}

function register(sim: Sim, child: Child, day: number): void {
  const birthMonth = `${Math.floor(child.bornMonth / 12)}-${String((child.bornMonth % 12) + 1).padStart(2, '0')}`;
  sim.record(day, { type: 'ChildRegistered', occurredAt: sim.calendar.date(day), data: { childId: child.id, birthMonth, disabled: child.disabled } });
}

/** A child whose case closed at least two months ago, who is not nearly 18 nor a care leaver; undefined when the draw finds none. */
function referredAgain(sim: Sim, day: number): Child | undefined {
  if (sim.closed.length === 0) return undefined;
  const i = sim.random.int(0, sim.closed.length - 1);
  const child = sim.closed[i];
  if (child.closedDay > day - 60 || sim.ageInYears(child, day) >= 17) return undefined;
  sim.closed[i] = sim.closed[sim.closed.length - 1];
  sim.closed.pop();
  return child;
}

/** Opens the case and books its closure, at the latest when the child turns 18. */
function begin(sim: Sim, child: Child, plan: CasePlan, day: number): void {
  Object.assign(child, { kind: plan.kind, ploDone: false, holdUntil: 0, opening: child.opening + 1 });
  const opening = child.opening;
  sim.schedule(Math.min(day + plan.length, sim.birthday(child, 18)), (d) => close(sim, child, opening, d));
}

/**
 * Closes the case once nothing holds it open: not while in the PLO or just after an
 * order, not while looked after, not before the open assessment is completed, not on
 * a day a record that needs the case's state is dated. A CP plan still open ends with it.
 */
function close(sim: Sim, child: Child, opening: number, day: number): void {
  if (child.opening !== opening || !child.worker) return;
  const wait = closureWait(sim, child, day);
  if (wait !== undefined) return sim.schedule(wait, (d) => close(sim, child, opening, d));
  endCpPlan(sim, child, day);
  endCinPlan(sim, child, day);
  sim.record(day, { type: 'CaseClosed', occurredAt: sim.calendar.date(day), data: { childId: child.id, reason: closureReason(sim, child, day) } });
  decisionPoint(sim, child, day, 'closure');
  removeCase(child.worker, child);
  sim.removeOpen(child);
  Object.assign(child, { worker: undefined, earlierWorker: undefined, closedDay: day, fostering: undefined });
  if (!child.careLeaver) sim.closed.push(child);
}

function closureWait(sim: Sim, child: Child, day: number): number | undefined {
  const r = sim.random;
  if (child.plo || day < child.holdUntil) return Math.max(day + r.int(20, 60), child.holdUntil);
  if (child.care) return day + r.int(20, 60);
  if (child.assessment) return Math.max(child.assessmentDue, day) + r.int(1, 10);
  if (child.busyDay >= day) return day + 1;
  return undefined;
}

const closureReason = (sim: Sim, child: Child, day: number): string => (sim.ageInYears(child, day) >= 18 ? 'reached 18' : sim.random.pick(CLOSURE_REASONS[child.kind]));

/** Gives the case to `worker`: a first allocation or a change of worker. */
function allocate(sim: Sim, child: Child, worker: Worker, day: number): void {
  if (child.worker) removeCase(child.worker, child);
  child.worker = worker;
  addCase(worker, child);
  recordAllocation(sim, child, worker, day);
}

/** An allocation is a decision point: the team manager signs it off. */
function recordAllocation(sim: Sim, child: Child, worker: Worker, day: number): void {
  sim.record(day, { type: 'CaseAllocated', occurredAt: sim.calendar.date(day), data: { childId: child.id, workerId: worker.id, teamId: worker.team.id } });
  decisionPoint(sim, child, day, 'allocation');
}

/** A team for a new case, in proportion to its staff's capacity (pressured teams get more than their share). */
function pickTeam(sim: Sim): Team {
  return sim.random.weighted(sim.teams.map((t) => [t, t.capacity * (t.pressured ? PRESSURE : 1)] as const));
}

/** The team member with the most room for another case, with some noise: managers do not allocate by formula. */
function pickWorker(sim: Sim, team: Team, except?: Worker): Worker {
  let best: Worker | undefined;
  let bestScore = Infinity;
  for (const w of team.members) {
    if (w === except) continue;
    const score = ((w.cases.length + 1) / w.capacity) * (1 + 0.3 * sim.random.float());
    if (score < bestScore) [best, bestScore] = [w, score];
  }
  if (!best) throw new Error(`team ${team.id} has no case holder to allocate to`);
  return best;
}

/** A leaver's (or team mover's) cases go to their colleagues in the team they leave. */
export function handOver(sim: Sim, worker: Worker, day: number): void {
  for (const child of [...worker.cases]) allocate(sim, child, pickWorker(sim, worker.team, worker), day);
}

/** A new starter takes about half a caseload from the most loaded colleagues. */
export function takeShareOfCases(sim: Sim, worker: Worker, day: number): void {
  const colleagues = worker.team.members.filter((m) => m !== worker);
  const cases = colleagues.reduce((sum, m) => sum + m.cases.length, 0);
  const capacity = colleagues.reduce((sum, m) => sum + m.capacity, 0);
  for (let n = Math.round((cases / capacity) * worker.capacity * 0.5); n > 0; n--) {
    const busiest = colleagues.reduce((a, b) => (b.cases.length / b.capacity > a.cases.length / a.capacity ? b : a));
    if (busiest.cases.length === 0) return;
    allocate(sim, sim.random.pick(busiest.cases), worker, day);
  }
}

/** Changes of worker that are not leavings: caseload rebalancing, common in pressured teams. */
export function transfers(sim: Sim, day: number): void {
  const keepOther = TRANSFER_RATE.other / TRANSFER_RATE.pressured;
  for (let n = sim.random.poisson((sim.open.length * TRANSFER_RATE.pressured) / WORKDAYS_PER_YEAR); n > 0; n--) {
    const child = sim.random.pick(sim.open);
    const team = (child.worker as Worker).team;
    if (team.pressured || sim.random.chance(keepOther)) allocate(sim, child, pickWorker(sim, team, child.worker), day);
  }
}
