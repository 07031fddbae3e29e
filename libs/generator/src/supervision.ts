import { loggingDay } from './logging.js';
import type { Draft, Sim, Worker } from './sim.js';

type SupervisionDraft = Extract<Draft, { type: 'SupervisionHeld' }>;

/** Share of sessions first logged against the wrong worker, then voided and logged again. */
const MISTAKES = 0.01;
/** Supervision already on file when the history starts: enough for the 90-day reflective window. */
const BACKFILL_DAYS = 90;

/** Books a case holder's supervisions from joining (or, for the initial staff, from the last three months). */
export function startSupervision(sim: Sim, worker: Worker): void {
  const r = sim.random;
  const first = worker.joinedDay < -BACKFILL_DAYS ? r.int(-BACKFILL_DAYS, -BACKFILL_DAYS + 27) : worker.joinedDay + r.int(1, worker.role === 'newly_qualified' ? 5 : 20);
  plan(sim, worker, sim.calendar.workdayOnOrAfter(first));
}

/** Sessions before the first day go into the initial import; later ones are booked and happen while the worker is in post. */
function plan(sim: Sim, worker: Worker, day: number): void {
  for (; day < 0; day = nextSession(sim, worker, day)) hold(sim, worker, day);
  sim.schedule(day, (d) => {
    if (!worker.active) return;
    hold(sim, worker, d);
    plan(sim, worker, nextSession(sim, worker, d));
  });
}

/**
 * The gap to the next session. Weekly for the first six weeks of a newly qualified
 * worker, fortnightly to six months, then about monthly; a drifting worker's
 * sessions come late, 6–10 weeks apart once past the first months.
 */
function nextSession(sim: Sim, worker: Worker, day: number): number {
  const r = sim.random;
  const inPost = day - worker.joinedDay;
  const nq = worker.role === 'newly_qualified';
  const slack = worker.drifting;
  let gap: number;
  if (nq && inPost < 42) gap = slack ? r.int(7, 14) : r.int(4, 7);
  else if (nq && inPost < 182) gap = slack ? r.int(12, 28) : r.int(9, 14);
  else if (slack) gap = r.int(42, 70);
  else gap = r.chance(0.08) ? r.int(29, 38) : r.int(18, 28);
  return sim.calendar.workdayOnOrAfter(day + gap);
}

function hold(sim: Sim, worker: Worker, day: number): void {
  const r = sim.random;
  // A good session is reflective and at least 90 minutes; drifting workers mostly get short, task-focused ones.
  const good = r.chance(worker.drifting ? 0.3 : 0.85);
  const loggedOn = day < 0 ? 0 : loggingDay(sim, day);
  const draft: SupervisionDraft = {
    type: 'SupervisionHeld',
    occurredAt: loggedOn > day && r.chance(0.15) ? `${sim.calendar.date(day)}T${String(r.int(9, 15)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}:00Z` : sim.calendar.date(day),
    data: {
      workerId: worker.id,
      supervisorId: supervisorOf(sim, worker),
      durationMinutes: good ? r.pick([90, 90, 90, 105, 120]) : r.pick([30, 45, 45, 60, 60, 75]),
      reflective: good || r.chance(0.3),
      ...casesDiscussed(sim, worker),
    },
  };
  if (day >= 0 && r.chance(MISTAKES)) recordWithMistake(sim, worker, draft, loggedOn);
  else sim.record(loggedOn, draft);
}

/** The team manager; a newly qualified worker is sometimes supervised by a senior practitioner of the team. */
function supervisorOf(sim: Sim, worker: Worker): string {
  if (worker.role === 'newly_qualified' && sim.random.chance(0.3)) {
    const senior = worker.team.members.find((m) => m.role === 'senior_practitioner');
    if (senior) return senior.id;
  }
  return worker.team.manager.id;
}

/** Some of the worker's open cases, in six sessions out of ten. */
function casesDiscussed(sim: Sim, worker: Worker): { childIdsDiscussed?: string[] } {
  const cases = worker.cases;
  if (cases.length === 0 || !sim.random.chance(0.6)) return {};
  const from = sim.random.int(0, cases.length - 1);
  const count = Math.min(cases.length, sim.random.int(1, 4));
  return { childIdsDiscussed: Array.from({ length: count }, (_, i) => cases[(from + i) % cases.length].id) };
}

/**
 * The session is logged against a colleague by mistake; some days later the
 * auditor voids that event and logs the session against the right worker.
 * If the correction would fall after the end, the mistake is still on file.
 */
function recordWithMistake(sim: Sim, worker: Worker, draft: SupervisionDraft, loggedOn: number): void {
  // Teams keep at least three case holders, so there is always a colleague to mix up who is not the supervisor.
  const wrong = sim.random.pick(worker.team.members.filter((m) => m !== worker && m.id !== draft.data.supervisorId));
  const mistakeId = sim.record(loggedOn, { ...draft, data: { ...draft.data, workerId: wrong.id } });
  const correctedOn = sim.calendar.workdayOnOrAfter(loggedOn + sim.random.int(1, 20));
  sim.record(correctedOn, { type: 'EventVoided', occurredAt: sim.calendar.date(correctedOn), data: { eventId: mistakeId, reason: 'recorded against the wrong worker' } });
  sim.record(correctedOn, draft);
}
