import { describe, expect, it } from '@jest/globals';
import { assessmentCompleted, assessmentStarted, caseAllocated, childRegistered, evaluating, voiding } from '../testing/index.js';

describe('ASSESSMENT_OVERDUE', () => {
  const rule = 'ASSESSMENT_OVERDUE';
  const registered = childRegistered('2025-06-02');
  // Started Monday 2026-01-05. No bank holiday until Good Friday, so the 45th working day after it
  // is 9 whole weeks later: Monday 2026-03-09.
  const started = assessmentStarted('2026-01-05', { id: 'a1' });

  it('leaves out a child with no open assessment', () => {
    expect(evaluating(registered).asOf('2026-03-10').inScope(rule)).toEqual([]);
    expect(evaluating(registered, started).asOf('2026-01-04').inScope(rule)).toEqual([]);
  });

  it('does not flag at exactly 45 working days, flags the working day after with the kind', () => {
    expect(evaluating(registered, started).asOf('2026-03-09').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, started).asOf('2026-03-10').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-09',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['a1'],
      measures: { workingDays: 46, limit: 45, kind: 'child_and_family', assessmentId: 'A-1' },
    });
  });

  it('turns red after more than 90 working days, skipping Good Friday, Easter Monday and the early May bank holiday', () => {
    // 18 weeks after 2026-01-05 is Monday 2026-05-11: 90 weekdays less 3 April, 6 April and 4 May = 87.
    // 12 May = 88, 13 May = 89, 14 May = 90, 15 May = 91.
    expect(evaluating(registered, started).asOf('2026-05-14').flag(rule, 'C-1')).toMatchObject({ severity: 'amber', measures: { workingDays: 90 } });
    // 2026-03-09 to 2026-05-15: 22 days to the end of March, 30 in April, 15 in May.
    expect(evaluating(registered, started).asOf('2026-05-15').flag(rule, 'C-1')).toMatchObject({ severity: 'red', daysOverdue: 67, measures: { workingDays: 91 } });
  });

  it('skips the Christmas and New Year bank holidays', () => {
    // Started Monday 2025-11-03: 9 weeks later, Monday 2026-01-05, is 45 weekdays but only 42 working days
    // (25 and 26 December, 1 January), so the 45th is Thursday 2026-01-08.
    const history = [registered, assessmentStarted('2025-11-03', { id: 'winter' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-05')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-01-08')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-01-09')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-01-08', daysOverdue: 1, evidence: ['winter'] });
  });

  it('carries the disabled_children kind so it can be reported separately', () => {
    const disabled = assessmentStarted('2026-01-05', { kind: 'disabled_children', assessmentId: 'A-9', id: 'dc' });
    expect(evaluating(registered, disabled).asOf('2026-03-10').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-09',
      evidence: ['dc'],
      measures: { kind: 'disabled_children', assessmentId: 'A-9' },
    });
  });

  it('reports one flag per child, for its oldest overdue assessment, with every overdue one as evidence', () => {
    // A-2 (disabled children) started a week later, on Monday 2026-01-12: due Monday 2026-03-16.
    const second = assessmentStarted('2026-01-12', { kind: 'disabled_children', assessmentId: 'A-2', id: 'a2' });
    expect(evaluating(registered, started, second).asOf('2026-03-16').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-09',
      evidence: ['a1'],
      measures: { kind: 'child_and_family', assessmentId: 'A-1' },
    });
    expect(evaluating(registered, started, second).asOf('2026-03-17').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-09',
      daysOverdue: 8,
      evidence: ['a1', 'a2'],
      measures: { kind: 'child_and_family', assessmentId: 'A-1', kinds: 'child_and_family, disabled_children' },
    });
    // Once A-1 is completed, the child is flagged for A-2 alone.
    const completed = assessmentCompleted('2026-03-12', { assessmentId: 'A-1' });
    expect(evaluating(registered, started, second, completed).asOf('2026-03-17').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-16',
      daysOverdue: 1,
      evidence: ['a2'],
      measures: { kind: 'disabled_children', assessmentId: 'A-2' },
    });
    expect(evaluating(registered, started, second, completed).asOf('2026-03-16').assessment(rule, 'C-1')?.flag).toBeUndefined();
  });

  it('ends with the completion: out of scope on the day the assessment is completed', () => {
    const completed = assessmentCompleted('2026-03-20');
    expect(evaluating(registered, started, completed).asOf('2026-03-19').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, started, completed).asOf('2026-03-20').inScope(rule)).toEqual([]);
    expect(evaluating(registered, started, completed).asOf('2026-06-01').inScope(rule)).toEqual([]);
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2026-01-02', { workerId: 'W-7', teamId: 'T-7' });
    expect(evaluating(registered, allocated, started).asOf('2026-03-10').flag(rule, 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('uses the limit of the policy in force', () => {
    // 20 working days after Monday 2026-01-05 is Monday 2026-02-02.
    const policy = { assessments: { workingDays: 20 } };
    expect(evaluating(registered, started).withPolicy(policy).asOf('2026-02-02').flagged(rule)).toEqual([]);
    expect(evaluating(registered, started).withPolicy(policy).asOf('2026-02-03').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-02-02', measures: { limit: 20 } });
  });

  it('ignores a voided start, and reopens an assessment whose completion is voided', () => {
    expect(evaluating(registered, started, voiding('a1', '2026-01-20')).asOf('2026-03-10').inScope(rule)).toEqual([]);
    const history = [registered, started, assessmentCompleted('2026-02-20', { id: 'done' }), voiding('done', '2026-03-15')];
    expect(
      evaluating(...history)
        .asOf('2026-03-20')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-09', evidence: ['a1'] });
    // Before the void was recorded the assessment was known as completed.
    expect(
      evaluating(...history)
        .asOf('2026-03-20', '2026-03-14')
        .inScope(rule),
    ).toEqual([]);
  });

  it('honours knownAt: a late-logged start is unknown before it was recorded, a late-logged completion likewise', () => {
    const lateStart = assessmentStarted('2026-01-05', { recordedOn: '2026-03-12' });
    expect(evaluating(registered, lateStart).asOf('2026-03-10', '2026-03-11').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lateStart).asOf('2026-03-10', '2026-03-12').flagged(rule)).toEqual(['C-1']);
    const lateCompletion = assessmentCompleted('2026-03-05', { recordedOn: '2026-03-20' });
    expect(evaluating(registered, started, lateCompletion).asOf('2026-03-12', '2026-03-19').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-09' });
    expect(evaluating(registered, started, lateCompletion).asOf('2026-03-12', '2026-03-20').inScope(rule)).toEqual([]);
  });
});
