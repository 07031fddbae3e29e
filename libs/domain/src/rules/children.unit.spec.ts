import { describe, expect, it } from '@jest/globals';
import { caseAllocated, caseClosed, childRegistered, evaluating, ploStageEntered, ploStageExited, voiding } from '../testing/index.js';

describe('SOCIAL_WORKER_CHANGES', () => {
  const rule = 'SOCIAL_WORKER_CHANGES';
  const registered = childRegistered('2025-01-02');
  const first = caseAllocated('2025-03-01', { workerId: 'W-1', id: 'first' });
  const changes = [
    caseAllocated('2025-06-01', { workerId: 'W-2', id: 'change-1' }),
    caseAllocated('2025-09-01', { workerId: 'W-3', id: 'change-2' }),
    caseAllocated('2025-12-01', { workerId: 'W-4', id: 'change-3', teamId: 'T-4' }),
  ];

  it('does not count the first allocation: 3 allocations are 2 changes', () => {
    const result = evaluating(registered, first, changes[0], changes[1]).asOf('2025-12-01');
    expect(result.inScope(rule)).toEqual(['C-1']);
    expect(result.flagged(rule)).toEqual([]);
  });

  it('flags 3 changes in 365 days, with the changes as evidence, from the third change', () => {
    expect(
      evaluating(registered, first, ...changes)
        .asOf('2025-11-30')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(registered, first, ...changes)
        .asOf('2026-05-31')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2025-12-01',
      daysOverdue: 181,
      severity: 'amber',
      evidence: ['change-1', 'change-2', 'change-3'],
      teamId: 'T-4',
      workerId: 'W-4',
      measures: { changes: 3 },
    });
  });

  it('stops flagging when the oldest change falls out of the 365-day window', () => {
    expect(
      evaluating(registered, first, ...changes)
        .asOf('2026-05-31')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(registered, first, ...changes)
        .asOf('2026-06-01')
        .flagged(rule),
    ).toEqual([]);
  });

  it('leaves out a closed case', () => {
    const closed = caseClosed('2026-01-10');
    expect(
      evaluating(registered, first, ...changes, closed)
        .asOf('2026-01-09')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(registered, first, ...changes, closed)
        .asOf('2026-01-10')
        .inScope(rule),
    ).toEqual([]);
  });

  it('does not count a reallocation to the same worker after closure as a change, but counts another worker', () => {
    const history = [registered, first, changes[0], changes[1], caseClosed('2025-10-01')];
    expect(
      evaluating(...history, caseAllocated('2025-11-01', { workerId: 'W-3' }))
        .asOf('2025-12-01')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, caseAllocated('2025-11-01', { workerId: 'W-9' }))
        .asOf('2025-12-01')
        .flagged(rule),
    ).toEqual(['C-1']);
  });

  it('ignores a voided change', () => {
    expect(
      evaluating(registered, first, ...changes, voiding('change-2', '2026-01-05'))
        .asOf('2026-01-05')
        .flagged(rule),
    ).toEqual([]);
  });

  it('turns red at twice the threshold (6 changes)', () => {
    const more = ['2026-01-01', '2026-02-01', '2026-03-01'].map((on, i) => caseAllocated(on, { workerId: `W-${5 + i}` }));
    expect(
      evaluating(registered, first, ...changes, more[0], more[1])
        .asOf('2026-03-01')
        .flag(rule, 'C-1')?.severity,
    ).toBe('amber');
    expect(
      evaluating(registered, first, ...changes, ...more)
        .asOf('2026-03-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ severity: 'red', measures: { changes: 6 } });
  });
});

describe('PRE_PROCEEDINGS_OVERDUE and CARE_PROCEEDINGS_OVERDUE', () => {
  const registered = childRegistered('2025-06-01');
  // Entered 2026-01-05: 16 weeks end on 2026-04-27, 26 weeks on 2026-07-06.
  const pre = ploStageEntered('2026-01-05', { stage: 'pre_proceedings', id: 'entry' });
  const care = ploStageEntered('2026-01-05', { stage: 'care_proceedings', id: 'entry' });

  it('does not flag at exactly 16 weeks in pre-proceedings, flags the day after', () => {
    expect(evaluating(registered, pre).asOf('2026-04-27').assessment('PRE_PROCEEDINGS_OVERDUE', 'C-1')).toEqual({
      rule: 'PRE_PROCEEDINGS_OVERDUE',
      subject: { type: 'child', id: 'C-1' },
    });
    expect(evaluating(registered, pre).asOf('2026-04-28').flag('PRE_PROCEEDINGS_OVERDUE', 'C-1')).toMatchObject({
      dueSince: '2026-04-27',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['entry'],
      measures: { enteredOn: '2026-01-05' },
    });
  });

  it('turns pre-proceedings red when over by more than 16 weeks', () => {
    expect(evaluating(registered, pre).asOf('2026-08-17').flag('PRE_PROCEEDINGS_OVERDUE', 'C-1')).toMatchObject({ daysOverdue: 112, severity: 'amber' });
    expect(evaluating(registered, pre).asOf('2026-08-18').flag('PRE_PROCEEDINGS_OVERDUE', 'C-1')).toMatchObject({ daysOverdue: 113, severity: 'red' });
  });

  it('does not flag at exactly 26 weeks in care proceedings, flags the day after, red after 52 weeks', () => {
    const rule = 'CARE_PROCEEDINGS_OVERDUE';
    expect(evaluating(registered, care).asOf('2026-07-06').flagged(rule)).toEqual([]);
    expect(evaluating(registered, care).asOf('2026-07-07').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-07-06', daysOverdue: 1, severity: 'amber' });
    expect(evaluating(registered, care).asOf('2027-01-04').flag(rule, 'C-1')?.severity).toBe('amber');
    expect(evaluating(registered, care).asOf('2027-01-05').flag(rule, 'C-1')?.severity).toBe('red');
  });

  it('assesses only children in the stage on the as-of date', () => {
    const exited = ploStageExited('2026-04-01', { outcome: 'proceedings_issued' });
    const result = evaluating(registered, pre, exited).asOf('2026-05-01');
    expect(result.inScope('PRE_PROCEEDINGS_OVERDUE')).toEqual([]);
    expect(result.inScope('CARE_PROCEEDINGS_OVERDUE')).toEqual([]);
    expect(evaluating(registered, pre, exited).asOf('2026-01-04').inScope('PRE_PROCEEDINGS_OVERDUE')).toEqual([]);
  });

  it('runs the care clock from the care entry, not the pre-proceedings one', () => {
    const history = [registered, pre, ploStageExited('2026-04-01', { outcome: 'proceedings_issued' }), ploStageEntered('2026-04-01', { stage: 'care_proceedings', id: 'care' })];
    const result = evaluating(...history).asOf('2026-10-01');
    expect(result.flagged('PRE_PROCEEDINGS_OVERDUE')).toEqual([]);
    expect(result.flag('CARE_PROCEEDINGS_OVERDUE', 'C-1')).toMatchObject({ dueSince: '2026-09-30', daysOverdue: 1, evidence: ['care'] });
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2026-01-10', { workerId: 'W-7', teamId: 'T-7' });
    expect(evaluating(registered, allocated, pre).asOf('2026-04-28').flag('PRE_PROCEEDINGS_OVERDUE', 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('ignores a voided entry, and honours knownAt for a late-logged one', () => {
    expect(evaluating(registered, pre, voiding('entry', '2026-02-01')).asOf('2026-05-01').inScope('PRE_PROCEEDINGS_OVERDUE')).toEqual([]);
    const late = ploStageEntered('2026-01-05', { recordedOn: '2026-04-30' });
    expect(evaluating(registered, late).asOf('2026-05-01', '2026-04-29').inScope('PRE_PROCEEDINGS_OVERDUE')).toEqual([]);
    expect(evaluating(registered, late).asOf('2026-05-01', '2026-04-30').flagged('PRE_PROCEEDINGS_OVERDUE')).toEqual(['C-1']);
  });
});
