import { describe, expect, it } from '@jest/globals';
import { caseAllocated, caseClosed, childRegistered, childVisited, evaluating, privateFosteringChecksCompleted, privateFosteringNotified, voiding } from '../testing/index.js';

const rule = 'PRIVATE_FOSTERING_OVERDUE';
const registered = childRegistered('2025-11-03');

// Notified on Wednesday 2025-12-17. Working days after it: 18 (1), 19 (2), 22 (3), 23 (4),
// 24 (5); 25 and 26 December are bank holidays; 29 (6), 30 (7): the first visit is due by
// Tuesday 2025-12-30. Then 31 Dec (8), 1 Jan is a bank holiday, 2 Jan (9), 5-9 Jan (14),
// Monday 12 Jan (15). (Counting weekdays only, it would have been due by 2025-12-26.)
// The checks are due 42 days after the notification: 14 to 12-31, 28 more to 2026-01-28.
const notified = privateFosteringNotified('2025-12-17', { id: 'notice' });

describe('PRIVATE_FOSTERING_OVERDUE', () => {
  describe('scope', () => {
    it('assesses a privately fostered child from the notification', () => {
      expect(evaluating(registered).asOf('2026-01-05').inScope(rule)).toEqual([]);
      expect(evaluating(registered, notified).asOf('2025-12-16').inScope(rule)).toEqual([]);
      expect(evaluating(registered, notified).asOf('2025-12-17').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    });

    it('ends with CaseClosed, and a new notification starts every duty again', () => {
      const history = [registered, caseAllocated('2025-12-17', { workerId: 'W-7', teamId: 'T-7' }), notified, childVisited('2025-12-19'), caseClosed('2026-01-05')];
      // Before closure the checks are not yet due and the visit is in time: in scope, not flagged.
      expect(
        evaluating(...history)
          .asOf('2026-01-04')
          .inScope(rule),
      ).toEqual(['C-1']);
      expect(
        evaluating(...history)
          .asOf('2026-01-05')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(...history)
          .asOf('2026-06-01')
          .inScope(rule),
      ).toEqual([]);
      // Notified again on Monday 2026-03-02: 3-6 Mar (4), 9-11 (7): the first visit is due by 2026-03-11.
      const again = [...history, caseAllocated('2026-03-02', { workerId: 'W-7', teamId: 'T-7' }), privateFosteringNotified('2026-03-02', { id: 'again' })];
      expect(
        evaluating(...again)
          .asOf('2026-03-11')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...again)
          .asOf('2026-03-12')
          .flag(rule, 'C-1'),
      ).toMatchObject({
        dueSince: '2026-03-11',
        daysOverdue: 1,
        evidence: ['again'],
        teamId: 'T-7',
        workerId: 'W-7',
        measures: { duties: 'first visit' },
      });
    });
  });

  describe('the first visit, within 7 working days of the notification', () => {
    it('does not flag on the 7th working day, flags on the 8th (Christmas skipped)', () => {
      expect(evaluating(registered, notified).asOf('2025-12-26').flag(rule, 'C-1')).toBeUndefined();
      expect(evaluating(registered, notified).asOf('2025-12-30').flag(rule, 'C-1')).toBeUndefined();
      expect(evaluating(registered, notified).asOf('2025-12-31').flag(rule, 'C-1')).toMatchObject({
        dueSince: '2025-12-30',
        daysOverdue: 1,
        severity: 'amber',
        evidence: ['notice'],
        measures: { duties: 'first visit' },
      });
    });

    it('turns red after 14 working days, not counting weekends', () => {
      expect(evaluating(registered, notified).asOf('2026-01-09').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 10, severity: 'amber' });
      expect(evaluating(registered, notified).asOf('2026-01-11').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 12, severity: 'amber' });
      expect(evaluating(registered, notified).asOf('2026-01-12').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 13, severity: 'red' });
    });

    it('counts a visit on the day of the notification', () => {
      // Then the next visit is due 6 weeks later: 2026-01-28, the same day as the checks.
      const visited = childVisited('2025-12-17', { id: 'v0' });
      expect(evaluating(registered, notified, visited).asOf('2025-12-31').flag(rule, 'C-1')).toBeUndefined();
      expect(evaluating(registered, notified, visited).asOf('2026-01-28').flag(rule, 'C-1')).toBeUndefined();
      // Both duties fell due the same day: the flag carries both, in no particular order.
      const flag = evaluating(registered, notified, visited).asOf('2026-01-29').flag(rule, 'C-1');
      expect(flag).toMatchObject({ dueSince: '2026-01-28', daysOverdue: 1, measures: { duties: 'visit, checks' } });
      expect([...(flag?.evidence ?? [])].sort()).toEqual(['notice', 'v0']);
    });
  });

  describe('the checks, within 42 days of the notification', () => {
    // Visited on 2025-12-19: the next visit is due 42 days later, 2026-01-30 (12 to 12-31, 30 more).
    const visited = childVisited('2025-12-19', { id: 'v1' });

    it('flags checks not completed after 42 days, then both duties in one flag', () => {
      expect(evaluating(registered, notified, visited).asOf('2026-01-28').flag(rule, 'C-1')).toBeUndefined();
      expect(evaluating(registered, notified, visited).asOf('2026-01-29').flag(rule, 'C-1')).toMatchObject({
        dueSince: '2026-01-28',
        daysOverdue: 1,
        severity: 'amber',
        evidence: ['notice'],
        measures: { duties: 'checks' },
      });
      // From 2026-01-31 the visit is overdue too: the flag is due since the earlier duty.
      expect(evaluating(registered, notified, visited).asOf('2026-01-31').flag(rule, 'C-1')).toMatchObject({
        dueSince: '2026-01-28',
        daysOverdue: 3,
        severity: 'amber',
        evidence: ['notice', 'v1'],
        measures: { duties: 'visit, checks' },
      });
    });

    it('turns red when either duty is overdue by its own interval again', () => {
      // Checks red after 2026-01-28 + 42 = 2026-03-11 (3 to 01-31, 28 to 02-28, 11 more); the
      // visit (due 2026-01-30) is only 40 days over on 2026-03-11.
      expect(evaluating(registered, notified, visited).asOf('2026-03-11').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 42, severity: 'amber' });
      expect(evaluating(registered, notified, visited).asOf('2026-03-12').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 43, severity: 'red' });
    });

    it('no longer flags checks once completed, even late', () => {
      const checked = privateFosteringChecksCompleted('2026-01-20', { id: 'checks' });
      expect(evaluating(registered, notified, visited, checked).asOf('2026-01-29').flag(rule, 'C-1')).toBeUndefined();
      expect(evaluating(registered, notified, visited, checked).asOf('2026-01-31').flag(rule, 'C-1')).toMatchObject({
        dueSince: '2026-01-30',
        daysOverdue: 1,
        evidence: ['v1'],
        measures: { duties: 'visit' },
      });
      const late = privateFosteringChecksCompleted('2026-02-10');
      expect(evaluating(registered, notified, late).asOf('2026-02-09').flag(rule, 'C-1')?.measures).toEqual({ duties: 'first visit, checks' });
      expect(evaluating(registered, notified, late).asOf('2026-02-10').flag(rule, 'C-1')?.measures).toEqual({ duties: 'first visit' });
    });
  });

  describe('visits after the first', () => {
    const checked = privateFosteringChecksCompleted('2026-01-05');

    it('answers the same history differently as of different dates', () => {
      // Visits 2025-12-22 (due +42: 2026-02-02) and 2026-02-10 (due +42: 2026-03-24, 18 to 02-28, 24 more).
      const history = [registered, notified, checked, childVisited('2025-12-22', { id: 'v1' }), childVisited('2026-02-10', { id: 'v2' })];
      const on = (asOf: string) =>
        evaluating(...history)
          .asOf(asOf)
          .flag(rule, 'C-1');
      expect(on('2025-12-30')).toBeUndefined();
      expect(on('2026-02-02')).toBeUndefined();
      expect(on('2026-02-03')).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 1, evidence: ['v1'] });
      expect(on('2026-02-09')).toMatchObject({ daysOverdue: 7 });
      expect(on('2026-02-10')).toBeUndefined();
      expect(on('2026-03-24')).toBeUndefined();
      expect(on('2026-03-25')).toMatchObject({ dueSince: '2026-03-24', evidence: ['v2'] });
    });

    it('allows 12 weeks once the last visit falls after the first year of the arrangement', () => {
      // The first year runs to 2026-12-16. A visit on 2026-12-17: due 84 days later, 2027-03-11
      // (14 to 12-31, 31 to 01-31, 28 to 02-28, 11 more); red after 84 more, from 2027-06-04
      // (20 to 03-31, 30 to 04-30, 31 to 05-31, 3 more is 06-03).
      const later = [registered, notified, checked, childVisited('2026-12-17', { id: 'v' })];
      expect(
        evaluating(...later)
          .asOf('2027-03-11')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...later)
          .asOf('2027-03-12')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2027-03-11', daysOverdue: 1, severity: 'amber', evidence: ['v'] });
      expect(
        evaluating(...later)
          .asOf('2027-06-03')
          .flag(rule, 'C-1'),
      ).toMatchObject({ daysOverdue: 84, severity: 'amber' });
      expect(
        evaluating(...later)
          .asOf('2027-06-04')
          .flag(rule, 'C-1'),
      ).toMatchObject({ daysOverdue: 85, severity: 'red' });
      // A visit on 2026-12-16, the first year's last day: 6 weeks, due 2027-01-27 (15 to 12-31, 27 more).
      const inFirstYear = [registered, notified, checked, childVisited('2026-12-16', { id: 'v' })];
      expect(
        evaluating(...inFirstYear)
          .asOf('2027-01-27')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...inFirstYear)
          .asOf('2027-01-28')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2027-01-27', evidence: ['v'] });
    });

    it('keeps the latest-dated visit as the last one when an older one is logged late', () => {
      const history = [registered, notified, checked, childVisited('2026-02-10', { id: 'v2' }), childVisited('2025-12-22', { id: 'v1', recordedOn: '2026-02-20' })];
      expect(
        evaluating(...history)
          .asOf('2026-03-24')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
    });
  });

  it('brings the first-visit flag back when the visit is voided, and the checks flag when the checks are', () => {
    const history = [registered, notified, childVisited('2025-12-19', { id: 'v1' }), privateFosteringChecksCompleted('2026-01-05', { id: 'checks' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-29')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history, voiding('v1', '2026-01-29'))
        .asOf('2026-01-29')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2025-12-30',
      evidence: ['notice'],
      measures: { duties: 'first visit' },
    });
    expect(
      evaluating(...history, voiding('checks', '2026-01-29'))
        .asOf('2026-01-29')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-01-28',
      evidence: ['notice'],
      measures: { duties: 'checks' },
    });
  });

  it('brings the arrangement back when the CaseClosed is voided', () => {
    // Visited 2025-12-19: next visit due 2026-01-30.
    const history = [
      registered,
      caseAllocated('2025-12-17'),
      notified,
      childVisited('2025-12-19', { id: 'v1' }),
      privateFosteringChecksCompleted('2026-01-05'),
      caseClosed('2026-01-20', { id: 'closed' }),
    ];
    expect(
      evaluating(...history)
        .asOf('2026-02-01')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, voiding('closed', '2026-02-01'))
        .asOf('2026-02-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-01-30',
      daysOverdue: 2,
      evidence: ['v1'],
      measures: { duties: 'visit' },
    });
  });

  describe('knownAt', () => {
    it('does not see a visit logged after knownAt', () => {
      const history = [registered, notified, childVisited('2025-12-19', { id: 'v1', recordedOn: '2026-01-06' })];
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-05')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2025-12-30', daysOverdue: 6, evidence: ['notice'] });
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-06')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
    });

    it('does not flag from a notification logged after knownAt', () => {
      const history = [registered, privateFosteringNotified('2025-12-17', { id: 'late', recordedOn: '2026-01-06' })];
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-05')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-06')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2025-12-30', evidence: ['late'] });
    });

    it('keeps the arrangement open when its closure was logged after knownAt', () => {
      const history = [registered, caseAllocated('2025-12-17'), notified, caseClosed('2026-01-02', { recordedOn: '2026-01-20' })];
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-19')
          .flagged(rule),
      ).toEqual(['C-1']);
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-20')
          .inScope(rule),
      ).toEqual([]);
    });
  });

  it('follows the policy after the first year: visits every 8 weeks', () => {
    // A visit on 2026-12-17 (second year): due 56 days later, 2027-02-11 (14 to 12-31, 31 to 01-31, 11 more).
    const history = [registered, notified, privateFosteringChecksCompleted('2026-01-05'), childVisited('2026-12-17', { id: 'v' })];
    const policy = { privateFostering: { laterWeeks: 8 } };
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2027-02-11')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2027-02-12')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2027-02-11', evidence: ['v'] });
  });

  it('follows the policy: a first visit in 5 working days, checks in 28 days', () => {
    // 5 working days after 2025-12-17: 18, 19, 22, 23, 24 Dec: due 2025-12-24, and the next
    // working day is Monday 2025-12-29. Checks: 14 to 12-31, 14 more to 2026-01-14.
    const policy = { privateFostering: { firstVisitWorkingDays: 5, checksDays: 28 } };
    expect(evaluating(registered, notified).withPolicy(policy).asOf('2025-12-28').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, notified).withPolicy(policy).asOf('2025-12-29').flag(rule, 'C-1')).toMatchObject({ dueSince: '2025-12-24', daysOverdue: 5 });
    const visited = childVisited('2025-12-18');
    expect(evaluating(registered, notified, visited).withPolicy(policy).asOf('2026-01-14').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, notified, visited).withPolicy(policy).asOf('2026-01-15').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-01-14',
      measures: { duties: 'checks' },
    });
  });
});
