import { describe, expect, it } from '@jest/globals';
import { caseAllocated, caseClosed, childRegistered, evaluating, openCases, voiding, workerChangedTeam, workerJoined, workerLeft } from '../testing/index.js';

describe('CASELOAD_HIGH', () => {
  const rule = 'CASELOAD_HIGH';
  const halfTime = workerJoined('2026-01-05', { fte: 0.5 });

  it('does not flag 10 cases on 0.5 FTE: 20 per FTE is not above 20', () => {
    const result = evaluating(halfTime, ...openCases(10, '2026-02-01')).asOf('2026-03-01');
    expect(result.inScope(rule)).toEqual(['W-1']);
    expect(result.flag(rule, 'W-1')).toBeUndefined();
  });

  it('flags 11 cases on 0.5 FTE (22 per FTE), from the day the 11th case was allocated', () => {
    const eleven = [halfTime, ...openCases(10, '2026-02-01'), childRegistered('2026-02-01', { childId: 'C-11th' }), caseAllocated('2026-02-10', { childId: 'C-11th', id: 'alloc-11th' })];
    expect(
      evaluating(...eleven)
        .asOf('2026-02-09')
        .flagged(rule),
    ).toEqual([]);
    const flag = evaluating(...eleven)
      .asOf('2026-03-01')
      .flag(rule, 'W-1');
    expect(flag).toMatchObject({ dueSince: '2026-02-10', daysOverdue: 19, severity: 'amber', measures: { openCases: 11, fte: 0.5, casesPerFte: 22, limit: 20 } });
    expect(flag?.evidence).toHaveLength(11);
    expect(flag?.evidence).toContain('alloc-11th');
  });

  it('lists its evidence oldest allocation first, whatever order the children were read in', () => {
    const cases = [...openCases(10, '2026-02-01'), childRegistered('2026-01-20', { childId: 'C-early' }), caseAllocated('2026-01-20', { childId: 'C-early', id: 'alloc-early' })];
    const forwards = evaluating(halfTime, ...cases)
      .asOf('2026-03-01')
      .flag(rule, 'W-1')?.evidence;
    const backwards = evaluating(halfTime, ...[...cases].reverse())
      .asOf('2026-03-01')
      .flag(rule, 'W-1')?.evidence;
    expect(forwards?.[0]).toBe('alloc-early');
    expect(backwards).toEqual(forwards);
  });

  it('dates the breach from its latest unbroken start when it was interrupted by a closure', () => {
    const cases = openCases(11, '2026-02-01');
    const closed = caseClosed('2026-03-01', { childId: cases[0].data.childId });
    const another = openCases(1, '2026-03-15');
    expect(
      evaluating(halfTime, ...cases, closed, ...another)
        .asOf('2026-03-20')
        .flag(rule, 'W-1'),
    ).toMatchObject({ dueSince: '2026-03-15', daysOverdue: 5 });
  });

  it('turns red above twice the limit: 40 per FTE is amber, 42 red', () => {
    expect(
      evaluating(halfTime, ...openCases(20, '2026-02-01'))
        .asOf('2026-03-01')
        .flag(rule, 'W-1')?.severity,
    ).toBe('amber');
    expect(
      evaluating(halfTime, ...openCases(21, '2026-02-01'))
        .asOf('2026-03-01')
        .flag(rule, 'W-1')?.severity,
    ).toBe('red');
  });

  it('uses the newly qualified limit of 18 per FTE', () => {
    const nq = workerJoined('2026-01-05', { role: 'newly_qualified' });
    expect(
      evaluating(nq, ...openCases(18, '2026-02-01'))
        .asOf('2026-03-01')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(nq, ...openCases(19, '2026-02-01'))
        .asOf('2026-03-01')
        .flag(rule, 'W-1'),
    ).toMatchObject({ measures: { limit: 18, openCases: 19 } });
  });

  it('stops counting a case on the day it is closed', () => {
    const cases = [halfTime, ...openCases(10, '2026-02-01'), childRegistered('2026-02-01', { childId: 'C-x' }), caseAllocated('2026-02-01', { childId: 'C-x' })];
    const closed = caseClosed('2026-03-10', { childId: 'C-x' });
    expect(
      evaluating(...cases, closed)
        .asOf('2026-03-09')
        .flagged(rule),
    ).toEqual(['W-1']);
    expect(
      evaluating(...cases, closed)
        .asOf('2026-03-10')
        .flagged(rule),
    ).toEqual([]);
  });

  it('counts a reallocated case toward the new worker only', () => {
    const w2 = workerJoined('2026-01-05', { workerId: 'W-2' });
    const opened = openCases(11, '2026-02-01');
    const cases = [halfTime, w2, ...opened];
    const moved = caseAllocated('2026-03-01', { childId: opened.at(-1)?.data.childId, workerId: 'W-2' });
    expect(
      evaluating(...cases, moved)
        .asOf('2026-03-01')
        .flagged(rule),
    ).toEqual([]);
  });

  it('ignores a voided allocation', () => {
    const cases = [halfTime, ...openCases(11, '2026-02-01')];
    const lastAllocation = cases.at(-1)?.eventId as string;
    expect(
      evaluating(...cases, voiding(lastAllocation, '2026-02-05'))
        .asOf('2026-03-01')
        .flagged(rule),
    ).toEqual([]);
  });

  it('leaves out workers who do not hold cases and workers who have left', () => {
    const notHolding = workerJoined('2026-01-05', { workerId: 'W-2', caseHolding: false });
    const leaver = [workerJoined('2026-01-05', { workerId: 'W-3' }), workerLeft('2026-02-15', { workerId: 'W-3' })];
    const result = evaluating(halfTime, notHolding, ...leaver, ...openCases(30, '2026-02-01', { workerId: 'W-2' })).asOf('2026-03-01');
    expect(result.inScope(rule)).toEqual(['W-1']);
  });
});

describe('TEAM_CASELOAD_HIGH', () => {
  const rule = 'TEAM_CASELOAD_HIGH';
  const a = workerJoined('2026-01-05', { workerId: 'W-A', teamId: 'T-1', fte: 0.5 });
  const b = workerJoined('2026-01-05', { workerId: 'W-B', teamId: 'T-1', fte: 0.5 });
  // 18 cases on one case-holding FTE: exactly the limit.
  const teamOne = [a, b, ...openCases(9, '2026-02-01', { workerId: 'W-A' }), ...openCases(9, '2026-02-01', { workerId: 'W-B' })];

  it('does not flag a team at exactly 18 cases per case-holding FTE', () => {
    const result = evaluating(...teamOne).asOf('2026-03-01');
    expect(result.inScope(rule)).toEqual(['T-1']);
    expect(result.flagged(rule)).toEqual([]);
  });

  it('flags a team above 18 per FTE', () => {
    const result = evaluating(...teamOne, ...openCases(1, '2026-02-20', { workerId: 'W-A' })).asOf('2026-03-01');
    expect(result.flag(rule, 'T-1')).toMatchObject({
      subject: { type: 'team', id: 'T-1' },
      dueSince: '2026-02-20',
      daysOverdue: 9,
      severity: 'amber',
      measures: { openCases: 19, caseHoldingFte: 1, casesPerFte: 19, limit: 18 },
    });
    expect(result.flag(rule, 'T-1')?.evidence).toHaveLength(19);
  });

  it('keeps cases with the team named in their allocation when a worker moves team, and flags from the move', () => {
    const moved = [...teamOne, workerChangedTeam('2026-05-01', { workerId: 'W-B', teamId: 'T-2' })];
    expect(
      evaluating(...moved)
        .asOf('2026-04-30')
        .flagged(rule),
    ).toEqual([]);
    const result = evaluating(...moved).asOf('2026-05-10');
    expect(result.inScope(rule)).toEqual(['T-1', 'T-2']);
    expect(result.flagged(rule)).toEqual(['T-1']);
    expect(result.flag(rule, 'T-1')).toMatchObject({ dueSince: '2026-05-01', daysOverdue: 9, severity: 'amber', measures: { openCases: 18, caseHoldingFte: 0.5, casesPerFte: 36 } });
  });

  it('does not count the FTE of staff who do not hold cases', () => {
    const manager = workerJoined('2026-01-05', { workerId: 'W-M', teamId: 'T-1', role: 'team_manager', caseHolding: false, fte: 1 });
    expect(
      evaluating(a, manager, ...openCases(10, '2026-02-01', { workerId: 'W-A' }))
        .asOf('2026-03-01')
        .flag(rule, 'T-1'),
    ).toMatchObject({
      measures: { caseHoldingFte: 0.5, casesPerFte: 20 },
    });
  });

  it('flags red a team holding cases with no case-holding staff', () => {
    const result = evaluating(a, workerLeft('2026-02-15', { workerId: 'W-A' }), ...openCases(3, '2026-02-01', { workerId: 'W-A' })).asOf('2026-03-01');
    expect(result.flag(rule, 'T-1')).toMatchObject({ severity: 'red', dueSince: '2026-02-16', measures: { casesPerFte: 'no case-holding staff' } });
  });

  it('turns red above twice the limit', () => {
    expect(
      evaluating(a, ...openCases(18, '2026-02-01', { workerId: 'W-A' }))
        .asOf('2026-03-01')
        .flag(rule, 'T-1')?.severity,
    ).toBe('amber');
    expect(
      evaluating(a, ...openCases(19, '2026-02-01', { workerId: 'W-A' }))
        .asOf('2026-03-01')
        .flag(rule, 'T-1')?.severity,
    ).toBe('red');
  });
});
