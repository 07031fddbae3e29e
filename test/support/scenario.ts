import { randomUUID } from 'node:crypto';
import { addDays, definitionOf } from '@app/domain';

/**
 * A hand-written history of one small local authority, December 2025 to June 2026:
 * three teams, nine workers, 36 children. Each drift in it is planted on purpose,
 * and the expected flags below were worked out by hand from DOMAIN.md's rules,
 * not by running the evaluator.
 */
export interface ScenarioEvent {
  /** The day an auditor logs it (the server clock is set to noon that day). */
  recordedOn: string;
  request: { eventId: string; type: string; occurredAt: string; data: Record<string, unknown> };
}

const events: ScenarioEvent[] = [];
const ids = new Map<string, string>();

/**
 * Records one event. This scenario is about supervision, caseloads and the PLO: the
 * head of service W-HS oversees every decision point on the day it happens, so no
 * OVERSIGHT_MISSING flag is planted here (that rule has its own story).
 */
function record(type: string, occurredAt: string, data: Record<string, unknown>, recordedOn = occurredAt.slice(0, 10), label?: string): string {
  const eventId = randomUUID();
  if (label) ids.set(label, eventId);
  events.push({ recordedOn, request: { eventId, type, occurredAt, data } });
  const decisionPoint = definitionOf(type)?.decisionPoint;
  if (decisionPoint) {
    const oversight = { eventId: randomUUID(), type: 'ManagementOversightRecorded', occurredAt, data: { childId: data.childId, managerId: 'W-HS', decisionPoint } };
    events.push({ recordedOn, request: oversight });
  }
  return eventId;
}

const join = (workerId: string, teamId: string, on: string, role = 'social_worker', fte = 1, caseHolding = true) =>
  record('WorkerJoined', on, { workerId, teamId, role, caseHolding, agency: workerId === 'W-S2', fte }, on, `join ${workerId}`);

/** Supervision every 28 days from `from` to `until` (exactly on the interval: never overdue). */
function supervise(workerId: string, from: string, until: string, good = true) {
  for (let d = from; d <= until; d = addDays(d, 28)) {
    record('SupervisionHeld', d, { workerId, supervisorId: 'W-N4', durationMinutes: good ? 90 : 60, reflective: good });
  }
}

const register = (childId: string) => record('ChildRegistered', '2025-12-01', { childId, birthMonth: '2015-06', disabled: false });
const allocate = (childId: string, workerId: string, teamId: string, on: string) => record('CaseAllocated', on, { childId, workerId, teamId }, on, `allocate ${childId} ${workerId} ${on}`);

// Workforce. W-HS, head of service, oversees decisions from December; W-N4 manages and supervises; W-N2 is newly qualified; W-N3 and W-E1 are part-time.
join('W-HS', 'T-NORTH', '2025-12-01', 'team_manager', 1, false);
join('W-N4', 'T-NORTH', '2026-01-05', 'team_manager', 1, false);
join('W-N1', 'T-NORTH', '2026-01-05');
join('W-N3', 'T-NORTH', '2026-01-05', 'senior_practitioner', 0.5);
join('W-S1', 'T-SOUTH', '2026-01-05');
join('W-S2', 'T-SOUTH', '2026-01-05');
join('W-S3', 'T-SOUTH', '2026-01-05');
join('W-E1', 'T-EAST', '2026-01-05', 'social_worker', 0.5);
join('W-N2', 'T-NORTH', '2026-03-02', 'newly_qualified');

// Children: registered on 1 December 2025, before anyone was allocated.
const north1 = ['C-N01', 'C-N02', 'C-N03', 'C-N04', 'C-N05'];
const north2 = ['C-N21', 'C-N22', 'C-N23'];
const north3 = Array.from({ length: 11 }, (_, i) => `C-N3${String(i).padStart(2, '0')}`);
const south1 = ['C-S01', 'C-S02', 'C-S03', 'C-S04'];
const south2 = ['C-S21', 'C-S22', 'C-S23'];
const east = ['C-E01', ...Array.from({ length: 9 }, (_, i) => `C-E1${i}`)];
for (const c of [...north1, ...north2, ...north3, ...south1, ...south2, ...east]) register(c);

// C-E01 has been in care proceedings since 15 December 2025: 182 days end on 15 June 2026.
record('PloStageEntered', '2025-12-15', { childId: 'C-E01', stage: 'care_proceedings' });

for (const c of north1) allocate(c, 'W-N1', 'T-NORTH', '2026-01-06');
for (const c of north2) allocate(c, 'W-N2', 'T-NORTH', '2026-03-03');
// W-N3 (0.5 FTE) takes one case a day from 12 January: the 11th, on 22 January, makes 22 per FTE.
north3.forEach((c, i) => allocate(c, 'W-N3', 'T-NORTH', addDays('2026-01-12', i)));
for (const c of south1) allocate(c, 'W-S1', 'T-SOUTH', '2026-01-10');
for (const c of south2) allocate(c, 'W-S2', 'T-SOUTH', '2026-01-10');
// W-E1 (0.5 FTE, the whole of T-EAST) takes one a day from 2 February: the 10th, on 11 February,
// makes T-EAST 20 per FTE (over 18) while W-E1 is exactly at the worker limit of 20 (not over).
east.forEach((c, i) => allocate(c, 'W-E1', 'T-EAST', addDays('2026-02-02', i)));

// C-N01 enters pre-proceedings on 2 February: 16 weeks end on 25 May.
record('PloStageEntered', '2026-02-02', { childId: 'C-N01', stage: 'pre_proceedings' });
// C-N02 goes from pre-proceedings into care proceedings, well within both limits.
record('PloStageEntered', '2026-01-12', { childId: 'C-N02', stage: 'pre_proceedings' });
record('PloStageExited', '2026-03-02', { childId: 'C-N02', stage: 'pre_proceedings', outcome: 'proceedings_issued' });
record('PloStageEntered', '2026-03-02', { childId: 'C-N02', stage: 'care_proceedings' });

// C-S01 changes social worker three times: 15 Feb, 20 Mar, 5 May.
allocate('C-S01', 'W-S2', 'T-SOUTH', '2026-02-15');
allocate('C-S01', 'W-S3', 'T-SOUTH', '2026-03-20');
allocate('C-S01', 'W-S1', 'T-SOUTH', '2026-05-05');

// W-N1 closes one case in April.
record('CaseClosed', '2026-04-15', { childId: 'C-N05', reason: 'step down to early help' });

// W-S2 (agency) leaves on 30 April; their children go to W-S3 that day.
record('WorkerLeft', '2026-04-30', { workerId: 'W-S2' });
for (const c of south2) allocate(c, 'W-S3', 'T-SOUTH', '2026-04-30');

// Supervision: regular and good for most; W-S1's sessions are regular but never reflective;
// W-N2 (newly qualified: weekly in the first 6 weeks) is seen three times, then not again.
supervise('W-N1', '2026-01-05', '2026-05-25');
record('SupervisionHeld', '2026-06-15', { workerId: 'W-N1', supervisorId: 'W-N4', durationMinutes: 95, reflective: true }, '2026-06-29', 'late N1');
supervise('W-N3', '2026-01-05', '2026-06-30');
supervise('W-S1', '2026-01-05', '2026-06-30', false);
supervise('W-S2', '2026-01-05', '2026-04-27');
supervise('W-S3', '2026-01-05', '2026-06-30');
supervise('W-E1', '2026-01-05', '2026-06-30');
for (const d of ['2026-03-02', '2026-03-09', '2026-03-16']) {
  record('SupervisionHeld', d, { workerId: 'W-N2', supervisorId: 'W-N4', durationMinutes: 90, reflective: true });
}
// A supervision logged against W-N2 by mistake on 2 June, withdrawn on 20 June.
const mistake = record('SupervisionHeld', '2026-06-01', { workerId: 'W-N2', supervisorId: 'W-N4', durationMinutes: 90, reflective: true }, '2026-06-02', 'mistake');
record('EventVoided', '2026-06-20', { eventId: mistake, reason: 'recorded against the wrong worker' }, '2026-06-20');

/** Every event, in the order auditors logged them (by recording day, then by date). */
export const SCENARIO: ScenarioEvent[] = [...events].sort((a, b) =>
  a.recordedOn === b.recordedOn ? a.request.occurredAt.localeCompare(b.request.occurredAt) : a.recordedOn.localeCompare(b.recordedOn),
);

export const TODAY = '2026-06-30';
export const scenarioId = (label: string): string => ids.get(label)!;

/** A flag as the tests compare it: what it is about, when it became due, how bad. */
export type ExpectedFlag = [rule: string, subject: string, dueSince: string, daysOverdue: number, severity: 'amber' | 'red'];

/** Worked out by hand; see the comments above for each planted drift. */
export const EXPECTED: Record<string, ExpectedFlag[]> = {
  // As of today (30 June 2026).
  [`asOf=${TODAY}`]: [
    ['CARE_PROCEEDINGS_OVERDUE', 'child:C-E01', '2026-06-15', 15, 'amber'],
    ['CASELOAD_HIGH', 'worker:W-N3', '2026-01-22', 159, 'amber'],
    ['PRE_PROCEEDINGS_OVERDUE', 'child:C-N01', '2026-05-25', 36, 'amber'],
    ['SOCIAL_WORKER_CHANGES', 'child:C-S01', '2026-05-05', 56, 'amber'],
    ['SUPERVISION_NOT_REFLECTIVE', 'worker:W-S1', '2026-02-02', 148, 'red'],
    // last supervision 16 March; 7-day interval in the first 6 weeks: due 23 March
    ['SUPERVISION_OVERDUE', 'worker:W-N2', '2026-03-23', 99, 'red'],
    ['TEAM_CASELOAD_HIGH', 'team:T-EAST', '2026-02-11', 139, 'amber'],
  ],
  // A past date: the PLO clocks and C-S01's third change are still to come.
  'asOf=2026-04-30': [
    ['CASELOAD_HIGH', 'worker:W-N3', '2026-01-22', 98, 'amber'],
    ['SUPERVISION_NOT_REFLECTIVE', 'worker:W-S1', '2026-02-02', 87, 'red'],
    ['SUPERVISION_OVERDUE', 'worker:W-N2', '2026-03-23', 38, 'red'],
    ['TEAM_CASELOAD_HIGH', 'team:T-EAST', '2026-02-11', 78, 'amber'],
  ],
  // The boundary: exactly 16 weeks in pre-proceedings is not yet overdue.
  'asOf=2026-05-25&rule=PRE_PROCEEDINGS_OVERDUE': [],
  'asOf=2026-05-26&rule=PRE_PROCEEDINGS_OVERDUE': [['PRE_PROCEEDINGS_OVERDUE', 'child:C-N01', '2026-05-25', 1, 'amber']],
  // Before any worker joined: nothing to flag.
  'asOf=2025-12-31': [],
  // W-N1's 15 June supervision was logged on 29 June: on 28 June we did not know it.
  // (C-N01 is W-N1's child, so its flag shows under W-N1 too.)
  'asOf=2026-06-28&workerId=W-N1': [['PRE_PROCEEDINGS_OVERDUE', 'child:C-N01', '2026-05-25', 34, 'amber']],
  'asOf=2026-06-28&knownAt=2026-06-28&workerId=W-N1': [
    ['PRE_PROCEEDINGS_OVERDUE', 'child:C-N01', '2026-05-25', 34, 'amber'],
    ['SUPERVISION_OVERDUE', 'worker:W-N1', '2026-06-22', 6, 'amber'],
  ],
  // The mistaken 1 June supervision counted until it was voided on 20 June.
  'asOf=2026-06-10&workerId=W-N2': [['SUPERVISION_OVERDUE', 'worker:W-N2', '2026-03-23', 79, 'red']],
  // (known on 10 June: last supervision 1 June; newly qualified after 6 weeks: 14 days, due 15 June)
  'asOf=2026-06-10&knownAt=2026-06-10&workerId=W-N2': [],
  // Filters: a team, a child.
  [`asOf=${TODAY}&teamId=T-EAST`]: [
    ['CARE_PROCEEDINGS_OVERDUE', 'child:C-E01', '2026-06-15', 15, 'amber'],
    ['TEAM_CASELOAD_HIGH', 'team:T-EAST', '2026-02-11', 139, 'amber'],
  ],
  [`asOf=${TODAY}&childId=C-S01`]: [['SOCIAL_WORKER_CHANGES', 'child:C-S01', '2026-05-05', 56, 'amber']],
  [`asOf=${TODAY}&severity=red`]: [
    ['SUPERVISION_NOT_REFLECTIVE', 'worker:W-S1', '2026-02-02', 148, 'red'],
    ['SUPERVISION_OVERDUE', 'worker:W-N2', '2026-03-23', 99, 'red'],
  ],
};
