import { initialPlo } from './plo.js';
import { addCase, removeCase, WORKDAYS_PER_YEAR, type CaseKind, type Child, type Sim, type Team, type Worker } from './sim.js';

const OPEN_CASES_AT_SCALE_1 = 2000;

/** Assessments that end in no further action, child-in-need work, and long child-protection or care cases. */
const KINDS: Record<CaseKind, { share: number; days: [number, number]; closures: string[] }> = {
  short: { share: 0.35, days: [21, 70], closures: ['no further action', 'stepped down to early help', 'referred to universal services'] },
  medium: { share: 0.45, days: [90, 270], closures: ['child in need plan ended', 'stepped down to early help', 'moved out of area'] },
  long: { share: 0.2, days: [270, 730], closures: ['child protection plan ended', 'transferred to another local authority', 'special guardianship order made'] },
};
const KIND_NAMES = Object.keys(KINDS) as CaseKind[];
const meanDays = (k: CaseKind) => (KINDS[k].days[0] + KINDS[k].days[1]) / 2;
const MEAN_CASE_DAYS = KIND_NAMES.reduce((sum, k) => sum + KINDS[k].share * meanDays(k), 0);
/** Open on a given day, a case is more likely a long one (length-biased): the mix of the initial population. */
const OPEN_MIX = KIND_NAMES.map((k) => [k, KINDS[k].share * meanDays(k)] as const);
const NEW_MIX = KIND_NAMES.map((k) => [k, KINDS[k].share] as const);

/** Children known to social care by age: more babies, fewer 16–17 year olds. */
const AGE_MIX = Array.from({ length: 18 }, (_, age) => [age, age === 0 ? 10 : age <= 4 ? 6 : age <= 9 ? 5.5 : age <= 15 ? 6 : 4] as const);
const DISABLED = 0.08;
/** Share of new cases that are a child referred again after an earlier case closed. */
const REREFERRAL = 0.15;
/** Changes of worker a year per open case for other reasons than leaving (rebalancing, transfer between workers). */
const TRANSFER_RATE = { pressured: 0.5, other: 0.08 };
/** Pressured teams are given this many times the cases per capacity of the others. */
const PRESSURE = 1.45;

const openCasesTarget = (sim: Sim): number => Math.max(10, Math.round(OPEN_CASES_AT_SCALE_1 * sim.scale));

/** The open cases on the first day, part-way through, some of them already in the PLO. */
export function openInitialCases(sim: Sim): void {
  for (let i = openCasesTarget(sim); i > 0; i--) {
    const kind = sim.random.weighted(OPEN_MIX);
    const length = caseLength(sim, kind);
    const elapsed = sim.random.int(0, length - 1);
    const opened = sim.calendar.workdayOnOrBefore(-elapsed);
    const child = register(sim, opened, 0);
    const worker = pickWorker(sim, pickTeam(sim));
    begin(sim, child, kind, length - elapsed);
    allocateInitially(sim, child, worker, opened);
    if (kind === 'long') initialPlo(sim, child, elapsed);
  }
}

/**
 * A worker who joined after the case opened took it over from a colleague then:
 * the history records the first allocation too, as a change of worker.
 */
function allocateInitially(sim: Sim, child: Child, worker: Worker, opened: number): void {
  const earlier = worker.joinedDay > opened ? worker.team.members.filter((m) => m.joinedDay <= opened) : [];
  if (earlier.length > 0) {
    const first = sim.random.pick(earlier);
    sim.record(opened, { type: 'CaseAllocated', occurredAt: sim.calendar.date(opened), data: { childId: child.id, workerId: first.id, teamId: first.team.id } });
  }
  allocate(sim, child, worker, Math.max(opened, worker.joinedDay));
}

/** New referrals of the day: enough to keep the open caseload near its target. */
export function intake(sim: Sim, day: number): void {
  const target = openCasesTarget(sim);
  const feedback = Math.min(1.5, Math.max(0.5, 1 + (2 * (target - sim.open.length)) / target));
  const perDay = (target / MEAN_CASE_DAYS) * (365 / WORKDAYS_PER_YEAR) * feedback;
  for (let n = sim.random.poisson(perDay); n > 0; n--) openCase(sim, day);
}

function openCase(sim: Sim, day: number): void {
  const child = (sim.random.chance(REREFERRAL) && referredAgain(sim, day)) || register(sim, day, day);
  const kind = sim.random.weighted(NEW_MIX);
  begin(sim, child, kind, day + caseLength(sim, kind));
  allocate(sim, child, pickWorker(sim, pickTeam(sim)), day);
}

/** Registers a child aged 0–17 on `ageOn` (the first day, for the initial population) and born by `day`. */
function register(sim: Sim, day: number, ageOn: number): Child {
  const r = sim.random;
  const bornMonth = Math.min(sim.calendar.monthIndex(day), sim.calendar.monthIndex(ageOn) - (r.weighted(AGE_MIX) * 12 + r.int(0, 11)));
  const child: Child = { id: sim.nextChildId(), bornMonth, slot: -1, openSlot: -1, kind: 'short', ploDone: false, holdUntil: 0, closedDay: 0 };
  const birthMonth = `${Math.floor(bornMonth / 12)}-${String((bornMonth % 12) + 1).padStart(2, '0')}`;
  sim.record(day, { type: 'ChildRegistered', occurredAt: sim.calendar.date(day), data: { childId: child.id, birthMonth, disabled: r.chance(DISABLED) } });
  return child;
}

/** A child whose case closed at least two months ago and who is not nearly 18; undefined when the draw finds none. */
function referredAgain(sim: Sim, day: number): Child | undefined {
  if (sim.closed.length === 0) return undefined;
  const i = sim.random.int(0, sim.closed.length - 1);
  const child = sim.closed[i];
  if (child.closedDay > day - 60 || sim.ageInYears(child, day) >= 17) return undefined;
  sim.closed[i] = sim.closed[sim.closed.length - 1];
  sim.closed.pop();
  return child;
}

const caseLength = (sim: Sim, kind: CaseKind): number => sim.random.int(...KINDS[kind].days);

/** Opens the case and books its closure, at the latest when the child turns 18. */
function begin(sim: Sim, child: Child, kind: CaseKind, closeDay: number): void {
  Object.assign(child, { kind, ploDone: false, holdUntil: 0 });
  sim.addOpen(child);
  sim.schedule(Math.min(closeDay, sim.calendar.firstOfMonth(child.bornMonth + 18 * 12)), (d) => close(sim, child, d));
}

/** Closes the case, unless it is in the PLO or just had an order made: then it waits. */
function close(sim: Sim, child: Child, day: number): void {
  if (child.plo || day < child.holdUntil) return sim.schedule(Math.max(day + sim.random.int(20, 60), child.holdUntil), (d) => close(sim, child, d));
  sim.record(day, { type: 'CaseClosed', occurredAt: sim.calendar.date(day), data: { childId: child.id, reason: closureReason(sim, child, day) } });
  removeCase(child.worker as Worker, child);
  sim.removeOpen(child);
  Object.assign(child, { worker: undefined, closedDay: day });
  sim.closed.push(child);
}

const closureReason = (sim: Sim, child: Child, day: number): string =>
  sim.ageInYears(child, day) >= 18 ? 'reached 18' : sim.random.pick(KINDS[child.kind].closures);

/** Gives the case to `worker`: a first allocation or a change of worker. */
function allocate(sim: Sim, child: Child, worker: Worker, day: number): void {
  if (child.worker) removeCase(child.worker, child);
  child.worker = worker;
  addCase(worker, child);
  sim.record(day, { type: 'CaseAllocated', occurredAt: sim.calendar.date(day), data: { childId: child.id, workerId: worker.id, teamId: worker.team.id } });
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
