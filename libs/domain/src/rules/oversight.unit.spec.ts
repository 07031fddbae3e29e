import { describe, expect, it } from '@jest/globals';
import {
  assessmentCompleted,
  assessmentStarted,
  becameLookedAfter,
  caseAllocated,
  caseClosed,
  childRegistered,
  evaluating,
  managementOversightRecorded,
  placementStarted,
  ploStageEntered,
  voiding,
} from '../testing/index.js';

const rule = 'OVERSIGHT_MISSING';
const registered = childRegistered('2025-12-01');
type DecisionPoint = 'allocation' | 'assessment_outcome' | 'plan' | 'plo' | 'placement' | 'closure';
const oversight = (on: string, decisionPoint: DecisionPoint, meta: { id?: string; recordedOn?: string } = {}) => managementOversightRecorded(on, { decisionPoint, ...meta });

// Allocated on Friday 2025-12-19. Working days after it: 22 (1), 23 (2), 24 (3) Dec; 25 and
// 26 Dec are bank holidays; 29 (4), 30 (5): oversight is due by Tuesday 2025-12-30. Then
// 31 Dec (6), 1 Jan is a bank holiday, 2 Jan (7), 5 (8), 6 (9), 7 (10), Thursday 8 Jan (11).
// (Counting weekdays only, it would have been due by 2025-12-26.)
const allocated = caseAllocated('2025-12-19', { id: 'alloc' });

describe('OVERSIGHT_MISSING', () => {
  describe('scope', () => {
    it('assesses a child from its first decision point, and keeps it in scope', () => {
      expect(evaluating(registered).asOf('2026-01-05').inScope(rule)).toEqual([]);
      expect(evaluating(registered, allocated).asOf('2025-12-18').inScope(rule)).toEqual([]);
      expect(evaluating(registered, allocated).asOf('2025-12-19').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' }, teamId: 'T-1', workerId: 'W-1' });
      const overseen = oversight('2025-12-22', 'allocation');
      expect(evaluating(registered, allocated, overseen).asOf('2027-01-01').inScope(rule)).toEqual(['C-1']);
    });
  });

  it('does not flag on the 5th working day after a decision (Christmas skipped), flags on the 6th', () => {
    expect(evaluating(registered, allocated).asOf('2025-12-26').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, allocated).asOf('2025-12-30').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, allocated).asOf('2025-12-31').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2025-12-30',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['alloc'],
      teamId: 'T-1',
      workerId: 'W-1',
      measures: { decisionPoints: 'allocation' },
    });
  });

  it('turns red after 10 working days', () => {
    expect(evaluating(registered, allocated).asOf('2026-01-07').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 8, severity: 'amber' });
    expect(evaluating(registered, allocated).asOf('2026-01-08').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 9, severity: 'red' });
  });

  it('skips Easter: a decision on Wednesday 2026-04-01 is due by Friday 2026-04-10', () => {
    // 2 Apr (1); Good Friday 3 Apr and Easter Monday 6 Apr; 7 (2), 8 (3), 9 (4), 10 (5); the 6th is Monday 13 Apr.
    const easter = caseAllocated('2026-04-01', { id: 'easter' });
    expect(evaluating(registered, easter).asOf('2026-04-10').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, easter).asOf('2026-04-12').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, easter).asOf('2026-04-13').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-04-10', daysOverdue: 3, evidence: ['easter'] });
  });

  it('is answered by an oversight of the same decision point on or after it', () => {
    expect(evaluating(registered, allocated, oversight('2025-12-19', 'allocation')).asOf('2026-01-08').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, allocated, oversight('2025-12-23', 'allocation')).asOf('2026-01-08').flag(rule, 'C-1')).toBeUndefined();
  });

  it('is not answered by an oversight of another decision point, nor by one before the decision', () => {
    expect(evaluating(registered, allocated, oversight('2025-12-23', 'plan')).asOf('2025-12-31').flag(rule, 'C-1')).toMatchObject({ evidence: ['alloc'] });
    expect(evaluating(registered, allocated, oversight('2025-12-23', 'closure')).asOf('2025-12-31').flag(rule, 'C-1')).toMatchObject({ evidence: ['alloc'] });
    expect(evaluating(registered, oversight('2025-12-18', 'allocation'), allocated).asOf('2025-12-31').flag(rule, 'C-1')).toMatchObject({ evidence: ['alloc'] });
  });

  it('ends the flag with a late oversight, from its date on', () => {
    const history = [registered, allocated, oversight('2026-01-12', 'allocation')];
    expect(
      evaluating(...history)
        .asOf('2026-01-09')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-12-30', daysOverdue: 10, severity: 'red' });
    expect(
      evaluating(...history)
        .asOf('2026-01-12')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-03-01')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
  });

  it('wants a new oversight for a later decision of the same kind', () => {
    // Reallocated on Monday 2026-03-02: due by Monday 2026-03-09 (3-6 Mar, 9 Mar).
    const history = [registered, allocated, oversight('2025-12-22', 'allocation'), caseAllocated('2026-03-02', { workerId: 'W-2', id: 'realloc' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-09')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-03-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-09', daysOverdue: 1, evidence: ['realloc'], workerId: 'W-2' });
    expect(
      evaluating(...history, oversight('2026-03-05', 'allocation'))
        .asOf('2026-03-10')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
  });

  describe('closure', () => {
    // Closed on Monday 2026-02-02: due by Monday 2026-02-09 (3-6 Feb, 9 Feb).
    const history = [registered, allocated, oversight('2025-12-22', 'allocation'), caseClosed('2026-02-02', { id: 'closed' })];

    it('keeps a closed case flagged until its closure oversight is recorded', () => {
      const on = (asOf: string, ...more: ReturnType<typeof oversight>[]) =>
        evaluating(...history, ...more)
          .asOf(asOf)
          .flag(rule, 'C-1');
      expect(on('2026-02-09')).toBeUndefined();
      expect(on('2026-02-10')).toMatchObject({ dueSince: '2026-02-09', daysOverdue: 1, severity: 'amber', evidence: ['closed'], measures: { decisionPoints: 'closure' } });
      expect(on('2026-06-01')).toMatchObject({ dueSince: '2026-02-09', severity: 'red', evidence: ['closed'] });
      expect(on('2026-06-01', oversight('2026-06-02', 'closure'))).toMatchObject({ evidence: ['closed'] });
      expect(on('2026-06-02', oversight('2026-06-02', 'closure'))).toBeUndefined();
      expect(
        evaluating(...history, oversight('2026-06-02', 'closure'))
          .asOf('2026-06-02')
          .inScope(rule),
      ).toEqual(['C-1']);
    });
  });

  it('reports every overdue decision point in one flag, due since the earliest', () => {
    // Assessment completed Mon 12 Jan: due Mon 19 Jan (13-16, 19). PLO entered Wed 14 Jan:
    // due Wed 21 Jan (15, 16, 19, 20, 21). Placement Fri 16 Jan: due Fri 23 Jan (19-23).
    const history = [
      registered,
      allocated,
      oversight('2025-12-22', 'allocation'),
      assessmentStarted('2026-01-05'),
      assessmentCompleted('2026-01-12', { id: 'done' }),
      ploStageEntered('2026-01-14', { id: 'plo' }),
      becameLookedAfter('2026-01-16'),
      placementStarted('2026-01-16', { id: 'placed' }),
    ];
    expect(
      evaluating(...history)
        .asOf('2026-01-19')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-01-22')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-01-19',
      daysOverdue: 3,
      evidence: ['done', 'plo'],
      measures: { decisionPoints: 'assessment_outcome, plo' },
    });
    // On Mon 26 Jan the placement is 6 working days old; the assessment outcome 10 (13-16, 19-23, 26): amber.
    expect(
      evaluating(...history)
        .asOf('2026-01-26')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-01-19',
      daysOverdue: 7,
      severity: 'amber',
      evidence: ['done', 'plo', 'placed'],
      measures: { decisionPoints: 'assessment_outcome, plo, placement' },
    });
    // On Tue 27 Jan the assessment outcome is 11 working days old: red.
    expect(
      evaluating(...history)
        .asOf('2026-01-27')
        .flag(rule, 'C-1')?.severity,
    ).toBe('red');
    // An assessment-outcome oversight on 23 Jan leaves the PLO entry as the earliest.
    expect(
      evaluating(...history, oversight('2026-01-23', 'assessment_outcome'))
        .asOf('2026-01-26')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-01-21',
      evidence: ['plo', 'placed'],
      measures: { decisionPoints: 'plo, placement' },
    });
  });

  it('removes exactly what a voided event did: a voided oversight brings the flag back, a voided decision removes it', () => {
    const history = [registered, allocated, oversight('2025-12-22', 'allocation', { id: 'ov' })];
    expect(
      evaluating(...history)
        .asOf('2025-12-31')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history, voiding('ov', '2025-12-31'))
        .asOf('2025-12-31')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-12-30', evidence: ['alloc'] });
    expect(evaluating(registered, allocated, voiding('alloc', '2025-12-31')).asOf('2025-12-31').inScope(rule)).toEqual([]);
    // Voiding the reallocation leaves the first allocation, which was overseen.
    const realloc = caseAllocated('2026-03-02', { workerId: 'W-2', id: 'realloc' });
    expect(
      evaluating(...history, realloc, voiding('realloc', '2026-03-10'))
        .asOf('2026-03-10')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
  });

  describe('knownAt', () => {
    it('does not see an oversight logged after knownAt', () => {
      const history = [registered, allocated, oversight('2025-12-23', 'allocation', { recordedOn: '2026-01-10' })];
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-09')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2025-12-30', daysOverdue: 6 });
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-10')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
    });

    it('does not flag a decision logged after knownAt', () => {
      const history = [registered, caseAllocated('2025-12-19', { id: 'late', recordedOn: '2026-01-10' })];
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-09')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-10')
          .flag(rule, 'C-1'),
      ).toMatchObject({ evidence: ['late'] });
    });

    it('does not apply a void of the oversight recorded after knownAt', () => {
      const history = [registered, allocated, oversight('2025-12-22', 'allocation', { id: 'ov' }), voiding('ov', '2026-01-10')];
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-09')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-01-05', '2026-01-10')
          .flag(rule, 'C-1'),
      ).toMatchObject({ evidence: ['alloc'] });
    });
  });

  it('follows the policy: oversight within 10 working days', () => {
    // 22, 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7 Jan: due Wednesday 2026-01-07.
    const policy = { oversight: { workingDays: 10 } };
    expect(evaluating(registered, allocated).withPolicy(policy).asOf('2026-01-07').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, allocated).withPolicy(policy).asOf('2026-01-08').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-01-07', daysOverdue: 1, severity: 'amber' });
  });
});
