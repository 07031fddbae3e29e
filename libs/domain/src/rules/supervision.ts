import { z } from 'zod';
import { addDays, addMonths, type IsoDate } from '../dates.js';
import type { FactOf } from '../timeline.js';

type Supervision = FactOf<'SupervisionHeld'>;
import { assess, breach, breachStart, overdue, type Assessment } from './flag.js';
import { AS_REPORTED_2014, defineRule } from './rule-definition.js';
import { days } from './threshold-fields.js';
import { employmentOn, teamOn, type Employment, type WorkerView, type World } from './world.js';
import { count, longDate } from './wording.js';

const supervisionPolicy = z.strictObject({
  intervalDays: days(),
  newlyQualified: z.strictObject({
    firstWeeks: z.int().min(0).max(104),
    firstIntervalDays: days(),
    untilMonths: z.int().min(0).max(36),
    intervalDays: days(),
  }),
});
type SupervisionPolicy = z.output<typeof supervisionPolicy>;

const reflectivePolicy = z.strictObject({
  windowDays: days(),
  minSessions: z.int().min(1).max(100),
  goodMinMinutes: z.int().min(1).max(600),
});

/** The facts a worker's employment and team are read from: every worker rule reads them (RuleDefinition.reads). */
export const EMPLOYMENT_FACTS = ['WorkerJoined', 'WorkerChangedTeam', 'WorkerLeft'] as const;

/** Case-holding workers employed on the date: the people supervision duties apply to. */
export function supervisedWorkers(world: World): { worker: WorkerView; employment: Employment; teamId?: string }[] {
  return world.workers.flatMap((worker) => {
    const employment = employmentOn(worker, world.asOf);
    return employment?.caseHolding ? [{ worker, employment, teamId: teamOn(worker, world.asOf) }] : [];
  });
}

/**
 * SUPERVISION_OVERDUE: the clock runs from the last supervision in this employment,
 * or from joining. Newly qualified workers are due more often early on; the interval
 * is the one that applied on the day the clock started.
 */
export function supervisionOverdue(world: World, policy: SupervisionPolicy): Assessment[] {
  return supervisedWorkers(world).map(({ worker, employment, teamId }) => {
    const last = worker.supervisions.findLast((s) => s.occurredOn >= employment.joinedOn);
    const start = last?.occurredOn ?? employment.joinedOn;
    const interval = supervisionInterval(employment, start, policy);
    const detail = overdue(start, interval, world.asOf, [last?.eventId ?? employment.eventId]);
    const measures = { intervalDays: interval, lastSupervision: last?.occurredOn ?? 'none' };
    return assess('SUPERVISION_OVERDUE', { type: 'worker', id: worker.id }, { teamId }, detail && { ...detail, measures });
  });
}

export function supervisionInterval(employment: Employment, clockStart: IsoDate, policy: SupervisionPolicy): number {
  const nq = policy.newlyQualified;
  if (employment.role !== 'newly_qualified') return policy.intervalDays;
  if (clockStart < addDays(employment.joinedOn, nq.firstWeeks * 7)) return nq.firstIntervalDays;
  if (clockStart < addMonths(employment.joinedOn, nq.untilMonths)) return nq.intervalDays;
  return policy.intervalDays;
}

/**
 * SUPERVISION_NOT_REFLECTIVE: in the trailing window, at least `minSessions`
 * sessions and fewer than half of them good (reflective and long enough).
 * Red when none was good.
 */
export function supervisionNotReflective(world: World, p: z.output<typeof reflectivePolicy>): Assessment[] {
  const inWindow = (sessions: Supervision[], on: IsoDate) => sessions.filter((s) => s.occurredOn <= on && s.occurredOn > addDays(on, -p.windowDays));
  const isGood = (s: FactOf<'SupervisionHeld'>) => s.data.reflective && s.data.durationMinutes >= p.goodMinMinutes;
  const failing = (sessions: Supervision[]) => sessions.length >= p.minSessions && sessions.filter(isGood).length * 2 < sessions.length;

  return supervisedWorkers(world).map(({ worker, teamId }) => {
    const sessions = inWindow(worker.supervisions, world.asOf);
    if (!failing(sessions)) return assess('SUPERVISION_NOT_REFLECTIVE', { type: 'worker', id: worker.id }, { teamId }, undefined);
    const holdsOn = (d: IsoDate) => employmentOn(worker, d)?.caseHolding === true && failing(inWindow(worker.supervisions, d));
    const changes = worker.supervisions.flatMap((s) => [s.occurredOn, addDays(s.occurredOn, p.windowDays)]);
    const start = breachStart(world.asOf, holdsOn, [...changes, ...worker.employments.flatMap(employmentDates)]);
    const good = sessions.filter(isGood).length;
    const detail = breach(
      start,
      world.asOf,
      good === 0 ? 'red' : 'amber',
      sessions.map((s) => s.eventId),
      { sessions: sessions.length, goodSessions: good },
    );
    return assess('SUPERVISION_NOT_REFLECTIVE', { type: 'worker', id: worker.id }, { teamId }, detail);
  });
}

/** Whether the newly qualified schedule asks for supervision more often than everyone else's, for some weeks at least. */
const newlyQualifiedMoreOften = ({ intervalDays, newlyQualified: nq }: SupervisionPolicy): boolean =>
  (nq.firstWeeks > 0 && nq.firstIntervalDays < intervalDays) || (nq.untilMonths > 0 && nq.intervalDays < intervalDays);

/** Days on which employment begins or (the day after leaving) ends. */
export const employmentDates = (e: Employment): IsoDate[] => (e.leftOn ? [e.joinedOn, addDays(e.leftOn, 1)] : [e.joinedOn]);

export const SUPERVISION_OVERDUE = defineRule({
  rule: 'SUPERVISION_OVERDUE',
  subject: 'worker',
  title: 'Supervision overdue',
  kind: 'duty',
  description: "A case-holding worker's last supervision (or, with none yet, their joining) is older than the interval",
  flagsWhen: 'last supervision (or joining) older than the interval; newly qualified 7 days for 6 weeks, then 14 days until 6 months',
  finding: 'Social workers not regularly supervised (2014 inspection)',
  // Only the 2014 account finds supervision irregular: the 2022 report finds it regular (¶46).
  quote: { text: 'social workers do not consistently receive regular reflective supervision to support and challenge their practice', report: '2014 inspection', via: AS_REPORTED_2014 },
  source: 'LGA Standards for Employers of Social Workers, Standard 5; newly qualified schedule per the ASYE framework',
  severity: 'red when overdue by more than the interval again',
  policy: {
    key: 'supervision',
    schema: supervisionPolicy,
    defaults: { intervalDays: 28, newlyQualified: { firstWeeks: 6, firstIntervalDays: 7, untilMonths: 6, intervalDays: 14 } },
  },
  reads: ['SupervisionHeld', ...EMPLOYMENT_FACTS],
  reason: (f, p) =>
    f.measures?.lastSupervision === 'none'
      ? `Not supervised since joining; due by ${longDate(f.dueSince)}`
      : `Last supervised on ${longDate(String(f.measures?.lastSupervision))}; due every ${count(f.measures?.intervalDays ?? p.intervalDays, 'day')}`,
  indicator: (p) => `case-holding workers supervised within ${count(p.intervalDays, 'day')}${newlyQualifiedMoreOften(p) ? ' (newly qualified workers more often)' : ''}`,
  evaluate: supervisionOverdue,
});

export const SUPERVISION_NOT_REFLECTIVE = defineRule({
  rule: 'SUPERVISION_NOT_REFLECTIVE',
  subject: 'worker',
  title: 'Supervision not reflective',
  kind: 'condition',
  description: 'In the trailing window, at least the minimum number of sessions and fewer than half of them reflective and at least the minimum length',
  flagsWhen: '≥ 2 sessions in 90 days, fewer than half reflective and ≥ 90 minutes',
  finding: 'Supervision not reflective (2014 inspection) and not used well (2022 inspection ¶46)',
  quote: { text: "Supervision is regular and more reflective, but not used consistently well to improve children's lives.", report: '2022 inspection', paragraph: 46 },
  source: 'LGA Standards for Employers of Social Workers, Standard 5 (1.5 hours)',
  severity: 'red when no session in the window was reflective and long enough',
  policy: { key: 'reflectiveSupervision', schema: reflectivePolicy, defaults: { windowDays: 90, minSessions: 2, goodMinMinutes: 90 } },
  reads: ['SupervisionHeld', ...EMPLOYMENT_FACTS],
  reason: (f, p) => `${f.measures?.goodSessions} of ${count(f.measures?.sessions, 'session')} in the last ${p.windowDays} days reflective and at least ${p.goodMinMinutes} minutes long`,
  indicator: (p) =>
    `case-holding workers with at least half of their supervision sessions in the last ${p.windowDays} days reflective and ${p.goodMinMinutes} minutes or longer (judged from ${count(p.minSessions, 'session')})`,
  evaluate: supervisionNotReflective,
});
