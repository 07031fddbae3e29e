import { addDays, addMonths, type IsoDate } from '../dates.js';
import type { Policy } from '../policy.js';
import type { Fact } from '../timeline.js';
import { assess, breach, breachStart, overdue, type Assessment } from './flag.js';
import { employmentOn, teamOn, type Employment, type WorkerView, type World } from './world.js';

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
export function supervisionOverdue(world: World, policy: Policy): Assessment[] {
  return supervisedWorkers(world).map(({ worker, employment, teamId }) => {
    const last = worker.supervisions.findLast((s) => s.occurredOn >= employment.joinedOn);
    const start = last?.occurredOn ?? employment.joinedOn;
    const interval = supervisionInterval(employment, start, policy);
    const detail = overdue(start, interval, world.asOf, [last?.eventId ?? employment.eventId]);
    const measures = { intervalDays: interval, lastSupervision: last?.occurredOn ?? 'none' };
    return assess('SUPERVISION_OVERDUE', { type: 'worker', id: worker.id }, { teamId }, detail && { ...detail, measures });
  });
}

export function supervisionInterval(employment: Employment, clockStart: IsoDate, policy: Policy): number {
  const nq = policy.supervision.newlyQualified;
  if (employment.role !== 'newly_qualified') return policy.supervision.intervalDays;
  if (clockStart < addDays(employment.joinedOn, nq.firstWeeks * 7)) return nq.firstIntervalDays;
  if (clockStart < addMonths(employment.joinedOn, nq.untilMonths)) return nq.intervalDays;
  return policy.supervision.intervalDays;
}

/**
 * SUPERVISION_NOT_REFLECTIVE: in the trailing window, at least `minSessions`
 * sessions and fewer than half of them good (reflective and long enough).
 * Red when none was good.
 */
export function supervisionNotReflective(world: World, policy: Policy): Assessment[] {
  const p = policy.reflectiveSupervision;
  const inWindow = (sessions: Fact[], on: IsoDate) => sessions.filter((s) => s.occurredOn <= on && s.occurredOn > addDays(on, -p.windowDays));
  const isGood = (s: Fact) => s.data.reflective === true && Number(s.data.durationMinutes) >= p.goodMinMinutes;
  const failing = (sessions: Fact[]) => sessions.length >= p.minSessions && sessions.filter(isGood).length * 2 < sessions.length;

  return supervisedWorkers(world).map(({ worker, teamId }) => {
    const sessions = inWindow(worker.supervisions, world.asOf);
    if (!failing(sessions)) return assess('SUPERVISION_NOT_REFLECTIVE', { type: 'worker', id: worker.id }, { teamId }, undefined);
    const holdsOn = (d: IsoDate) => employmentOn(worker, d)?.caseHolding === true && failing(inWindow(worker.supervisions, d));
    const changes = worker.supervisions.flatMap((s) => [s.occurredOn, addDays(s.occurredOn, p.windowDays)]);
    const start = breachStart(world.asOf, holdsOn, [...changes, ...worker.employments.flatMap(employmentDates)]);
    const good = sessions.filter(isGood).length;
    const detail = breach(start, world.asOf, good === 0 ? 'red' : 'amber', sessions.map((s) => s.eventId), { sessions: sessions.length, goodSessions: good });
    return assess('SUPERVISION_NOT_REFLECTIVE', { type: 'worker', id: worker.id }, { teamId }, detail);
  });
}

/** Days on which employment begins or (the day after leaving) ends. */
export const employmentDates = (e: Employment): IsoDate[] => (e.leftOn ? [e.joinedOn, addDays(e.leftOn, 1)] : [e.joinedOn]);

