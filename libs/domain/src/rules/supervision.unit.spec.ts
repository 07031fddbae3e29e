import { describe, expect, it } from '@jest/globals';
import { evaluating, supervisionHeld, voiding, workerChangedTeam, workerJoined, workerLeft } from '../testing/index.js';

const joined = workerJoined('2026-01-05', { id: 'joined' });

describe('SUPERVISION_OVERDUE', () => {
  const rule = 'SUPERVISION_OVERDUE';
  // Last supervision 2026-03-02: due 28 days later, on 2026-03-30.
  const supervised = [joined, supervisionHeld('2026-03-02', { id: 'sup' })];

  it('does not flag on the due date: exactly 28 days is not more than 28', () => {
    const result = evaluating(...supervised).asOf('2026-03-30');
    expect(result.assessment(rule, 'W-1')).toEqual({ rule, subject: { type: 'worker', id: 'W-1' }, teamId: 'T-1' });
  });

  it('flags amber the day after the due date, with the supervision as evidence', () => {
    expect(
      evaluating(...supervised)
        .asOf('2026-03-31')
        .flag(rule, 'W-1'),
    ).toMatchObject({
      dueSince: '2026-03-30',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['sup'],
      teamId: 'T-1',
      measures: { intervalDays: 28, lastSupervision: '2026-03-02' },
    });
  });

  it('stays amber while overdue by 28 days and turns red at 29 (a supervision 57 days old)', () => {
    expect(
      evaluating(...supervised)
        .asOf('2026-04-27')
        .flag(rule, 'W-1'),
    ).toMatchObject({ daysOverdue: 28, severity: 'amber' });
    expect(
      evaluating(...supervised)
        .asOf('2026-04-28')
        .flag(rule, 'W-1'),
    ).toMatchObject({ daysOverdue: 29, severity: 'red' });
  });

  it('runs the clock from joining when there is no supervision yet', () => {
    expect(evaluating(joined).asOf('2026-02-02').flag(rule, 'W-1')).toBeUndefined();
    expect(evaluating(joined).asOf('2026-02-03').flag(rule, 'W-1')).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 1, evidence: ['joined'] });
  });

  it('ignores a supervision dated after the as-of date', () => {
    expect(
      evaluating(...supervised)
        .asOf('2026-03-01')
        .flag(rule, 'W-1'),
    ).toMatchObject({ dueSince: '2026-02-02', evidence: ['joined'] });
  });

  it('keeps the latest-dated supervision as the last one when an older one is logged late', () => {
    const lateOlder = supervisionHeld('2026-02-10', { id: 'late', recordedOn: '2026-03-20' });
    expect(
      evaluating(...supervised, lateOlder)
        .asOf('2026-03-30')
        .flag(rule, 'W-1'),
    ).toBeUndefined();
  });

  it('ignores a voided supervision', () => {
    const result = evaluating(...supervised, voiding('sup', '2026-03-05')).asOf('2026-03-30');
    expect(result.flag(rule, 'W-1')).toMatchObject({ dueSince: '2026-02-02', evidence: ['joined'] });
  });

  describe('knownAt', () => {
    const lateLogged = [joined, supervisionHeld('2026-03-02', { id: 'sup', recordedOn: '2026-03-20' })];

    it('does not see a supervision recorded after knownAt', () => {
      expect(
        evaluating(...lateLogged)
          .asOf('2026-03-25', '2026-03-19')
          .flag(rule, 'W-1'),
      ).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 51 });
      expect(
        evaluating(...lateLogged)
          .asOf('2026-03-25', '2026-03-20')
          .flag(rule, 'W-1'),
      ).toBeUndefined();
    });

    it('does not apply a void recorded after knownAt', () => {
      const voided = [...supervised, voiding('sup', '2026-03-25')];
      expect(
        evaluating(...voided)
          .asOf('2026-03-28', '2026-03-24')
          .flag(rule, 'W-1'),
      ).toBeUndefined();
      expect(
        evaluating(...voided)
          .asOf('2026-03-28', '2026-03-25')
          .flag(rule, 'W-1'),
      ).toMatchObject({ evidence: ['joined'] });
      expect(
        evaluating(...voided)
          .asOf('2026-03-28')
          .flag(rule, 'W-1'),
      ).toMatchObject({ evidence: ['joined'] });
    });
  });

  describe('scope', () => {
    it('leaves out a worker who does not hold cases', () => {
      expect(
        evaluating(workerJoined('2026-01-05', { caseHolding: false }))
          .asOf('2026-06-01')
          .inScope(rule),
      ).toEqual([]);
    });

    it('keeps a worker in scope on their leaving day and leaves them out the day after', () => {
      const left = [joined, workerLeft('2026-03-10')];
      expect(
        evaluating(...left)
          .asOf('2026-03-10')
          .flagged(rule),
      ).toEqual(['W-1']);
      expect(
        evaluating(...left)
          .asOf('2026-03-11')
          .inScope(rule),
      ).toEqual([]);
    });

    it('restarts the clock at a rejoin, ignoring supervisions of the earlier employment', () => {
      const rejoined = [joined, supervisionHeld('2026-02-20'), workerLeft('2026-03-01'), workerJoined('2026-05-01', { id: 'rejoined' })];
      expect(
        evaluating(...rejoined)
          .asOf('2026-05-29')
          .flag(rule, 'W-1'),
      ).toBeUndefined();
      expect(
        evaluating(...rejoined)
          .asOf('2026-05-30')
          .flag(rule, 'W-1'),
      ).toMatchObject({ dueSince: '2026-05-29', evidence: ['rejoined'] });
    });

    it('reports the team the worker is in on the as-of date', () => {
      const moved = [joined, workerChangedTeam('2026-02-01', { teamId: 'T-2' })];
      expect(
        evaluating(...moved)
          .asOf('2026-01-31')
          .assessment(rule, 'W-1')?.teamId,
      ).toBe('T-1');
      expect(
        evaluating(...moved)
          .asOf('2026-02-01')
          .assessment(rule, 'W-1')?.teamId,
      ).toBe('T-2');
    });
  });

  describe('newly qualified schedule (joined 2026-01-05: first 6 weeks end 2026-02-15, 6 months end 2026-07-04)', () => {
    const nq = (...sessions: string[]) => [workerJoined('2026-01-05', { role: 'newly_qualified' }), ...sessions.map((on) => supervisionHeld(on))];
    const dueAfter = (sessionOn: string, asOf: string) =>
      evaluating(...nq(sessionOn))
        .asOf(asOf)
        .flag(rule, 'W-1');

    it('is due 7 days after joining', () => {
      expect(
        evaluating(...nq())
          .asOf('2026-01-12')
          .flag(rule, 'W-1'),
      ).toBeUndefined();
      expect(
        evaluating(...nq())
          .asOf('2026-01-13')
          .flag(rule, 'W-1'),
      ).toMatchObject({ dueSince: '2026-01-12', measures: { intervalDays: 7 } });
    });

    it('is due 7 days after a supervision in the first 6 weeks', () => {
      expect(dueAfter('2026-02-15', '2026-02-22')).toBeUndefined();
      expect(dueAfter('2026-02-15', '2026-02-23')).toMatchObject({ dueSince: '2026-02-22', daysOverdue: 1 });
    });

    it('is due 14 days after a supervision from week 7 until 6 months', () => {
      expect(dueAfter('2026-02-16', '2026-03-02')).toBeUndefined();
      expect(dueAfter('2026-02-16', '2026-03-03')).toMatchObject({ dueSince: '2026-03-02', measures: { intervalDays: 14 } });
      expect(dueAfter('2026-07-04', '2026-07-19')).toMatchObject({ dueSince: '2026-07-18', measures: { intervalDays: 14 } });
    });

    it('is due 28 days after a supervision from 6 months on', () => {
      expect(dueAfter('2026-07-05', '2026-08-02')).toBeUndefined();
      expect(dueAfter('2026-07-05', '2026-08-03')).toMatchObject({ dueSince: '2026-08-02', measures: { intervalDays: 28 } });
    });

    it('turns red when overdue by more than its own interval', () => {
      expect(dueAfter('2026-02-15', '2026-03-01')).toMatchObject({ daysOverdue: 7, severity: 'amber' });
      expect(dueAfter('2026-02-15', '2026-03-02')).toMatchObject({ daysOverdue: 8, severity: 'red' });
    });
  });

  it('uses the intervals of the policy in force', () => {
    const result = evaluating(...supervised)
      .withPolicy({ supervision: { intervalDays: 14 } })
      .asOf('2026-03-17');
    expect(result.flag(rule, 'W-1')).toMatchObject({ dueSince: '2026-03-16', daysOverdue: 1 });
  });
});

describe('SUPERVISION_NOT_REFLECTIVE', () => {
  const rule = 'SUPERVISION_NOT_REFLECTIVE';
  const good = (on: string, id?: string) => supervisionHeld(on, { reflective: true, durationMinutes: 90, id });
  const poor = (on: string, id?: string) => supervisionHeld(on, { reflective: false, durationMinutes: 90, id });
  // As of 2026-06-30 the trailing 90 days are 2026-04-02 to 2026-06-30.

  it('does not flag when exactly half the sessions were good', () => {
    expect(evaluating(joined, good('2026-05-01'), poor('2026-06-01')).asOf('2026-06-30').flagged(rule)).toEqual([]);
  });

  it('flags amber when fewer than half were good, with every session in the window as evidence', () => {
    const result = evaluating(joined, good('2026-04-10', 'a'), poor('2026-05-01', 'b'), poor('2026-06-01', 'c')).asOf('2026-06-30');
    expect(result.flag(rule, 'W-1')).toMatchObject({
      severity: 'amber',
      evidence: ['a', 'b', 'c'],
      dueSince: '2026-06-01',
      daysOverdue: 29,
      measures: { sessions: 3, goodSessions: 1 },
    });
  });

  it('flags red when no session was good, from the day the second poor session came into the window', () => {
    expect(evaluating(joined, poor('2026-04-02'), poor('2026-05-01')).asOf('2026-06-30').flag(rule, 'W-1')).toMatchObject({
      severity: 'red',
      dueSince: '2026-05-01',
      daysOverdue: 60,
    });
  });

  it('needs at least 2 sessions', () => {
    expect(evaluating(joined, poor('2026-06-01')).asOf('2026-06-30').flagged(rule)).toEqual([]);
  });

  it('counts as good only a session both reflective and at least 90 minutes long', () => {
    const sessions = [supervisionHeld('2026-05-01', { reflective: true, durationMinutes: 89 }), supervisionHeld('2026-06-01', { reflective: false, durationMinutes: 120 })];
    expect(
      evaluating(joined, ...sessions)
        .asOf('2026-06-30')
        .flag(rule, 'W-1'),
    ).toMatchObject({ measures: { goodSessions: 0 } });
  });

  it('looks back 90 days including the as-of date: a session 90 days old has left the window', () => {
    const sessions = [poor('2026-04-02'), poor('2026-05-01')];
    expect(
      evaluating(joined, ...sessions)
        .asOf('2026-06-30')
        .flagged(rule),
    ).toEqual(['W-1']);
    expect(
      evaluating(joined, ...sessions)
        .asOf('2026-07-01')
        .flagged(rule),
    ).toEqual([]);
  });

  it('ignores voided sessions', () => {
    const sessions = [poor('2026-05-01', 'p1'), poor('2026-06-01'), voiding('p1', '2026-06-02')];
    expect(
      evaluating(joined, ...sessions)
        .asOf('2026-06-30')
        .flagged(rule),
    ).toEqual([]);
  });

  it('leaves out workers who do not hold cases or have left', () => {
    const notHolding = workerJoined('2026-01-05', { workerId: 'W-2', caseHolding: false });
    const leaver = [workerJoined('2026-01-05', { workerId: 'W-3' }), workerLeft('2026-06-15', { workerId: 'W-3' })];
    const result = evaluating(joined, notHolding, ...leaver).asOf('2026-06-30');
    expect(result.inScope(rule)).toEqual(['W-1']);
  });
});
