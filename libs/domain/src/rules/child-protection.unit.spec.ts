import { describe, expect, it } from '@jest/globals';
import {
  assessmentCompleted,
  assessmentStarted,
  caseAllocated,
  caseClosed,
  childRegistered,
  childVisited,
  cpCategoryChanged,
  cpConferenceHeld,
  cpPlanEnded,
  cpPlanStarted,
  evaluating,
  ploStageEntered,
  ploStageExited,
  strategyDiscussionHeld,
  voiding,
} from '../testing/index.js';

const registered = childRegistered('2024-01-02');

describe('CP_VISIT_OVERDUE', () => {
  const rule = 'CP_VISIT_OVERDUE';
  // Plan started Monday 2026-03-02. No bank holiday in March 2026, so the 15th working day
  // after it is Monday 2026-03-23 (three whole weeks of Mondays to Fridays).
  const plan = cpPlanStarted('2026-03-02', { id: 'plan' });

  it('leaves out a child not on a plan', () => {
    expect(evaluating(registered).asOf('2026-03-24').inScope(rule)).toEqual([]);
    expect(evaluating(registered, plan).asOf('2026-03-01').inScope(rule)).toEqual([]);
  });

  it('does not flag at exactly 15 working days since the plan started, flags the working day after', () => {
    expect(evaluating(registered, plan).asOf('2026-03-23').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, plan).asOf('2026-03-24').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-23',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['plan'],
      measures: { workingDays: 16, limit: 15 },
    });
  });

  it('counts working days, not calendar days: a weekend after the due date adds none', () => {
    // Started Friday 2026-03-06: the 15th working day after it is Friday 2026-03-27.
    const friday = cpPlanStarted('2026-03-06', { id: 'friday' });
    expect(evaluating(registered, friday).asOf('2026-03-27').flagged(rule)).toEqual([]);
    expect(evaluating(registered, friday).asOf('2026-03-28').flagged(rule)).toEqual([]);
    expect(evaluating(registered, friday).asOf('2026-03-29').flagged(rule)).toEqual([]);
    expect(evaluating(registered, friday).asOf('2026-03-30').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-27', daysOverdue: 3, measures: { workingDays: 16 } });
  });

  it('turns red after more than twice the limit, skipping the Easter bank holidays', () => {
    // From 2026-03-02: 30th working day, skipping Good Friday 2026-04-03 and Easter Monday 2026-04-06:
    // 23 March = 15, 31 March = 21, 2 April = 23, 7 April = 24, 15 April = 30, 16 April = 31.
    expect(evaluating(registered, plan).asOf('2026-04-15').flag(rule, 'C-1')).toMatchObject({ severity: 'amber', measures: { workingDays: 30 } });
    // 2026-03-23 to 2026-04-16: 8 days to the end of March, then 16.
    expect(evaluating(registered, plan).asOf('2026-04-16').flag(rule, 'C-1')).toMatchObject({ severity: 'red', daysOverdue: 24, measures: { workingDays: 31 } });
  });

  it('skips the Christmas and New Year bank holidays', () => {
    // Visited Wednesday 2025-12-17. Working days after it: 18, 19, 22, 23, 24 December (5),
    // not 25-26 December, 29, 30, 31 December (8), not 1 January, 2 January (9), 5-9 January (14),
    // Monday 12 January (15). Without the holidays it would have been due on 7 January.
    const history = [registered, cpPlanStarted('2025-12-01'), childVisited('2025-12-17', { id: 'visit' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-12')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-01-13')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-01-12', daysOverdue: 1, evidence: ['visit'] });
  });

  it('runs the clock from the last visit since the plan started, asked on several dates', () => {
    // Visited Wednesday 2026-03-04: due 15 working days later, Wednesday 2026-03-25.
    const history = [registered, plan, childVisited('2026-03-04', { id: 'visit' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-03')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-24')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-25')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-26')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-25', daysOverdue: 1, evidence: ['visit'] });
  });

  it('counts a visit on the plan start day but not one before it', () => {
    const sameDay = childVisited('2026-03-02', { id: 'same-day' });
    const before = childVisited('2026-02-27', { id: 'before' });
    expect(evaluating(registered, sameDay, plan).asOf('2026-03-24').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-23', evidence: ['same-day'] });
    expect(evaluating(registered, before, plan).asOf('2026-03-24').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-23', evidence: ['plan'] });
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2026-01-05', { workerId: 'W-7', teamId: 'T-7' });
    expect(evaluating(registered, allocated, plan).asOf('2026-03-24').flag(rule, 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('ends with the plan: nothing due on or after the day it ended', () => {
    const ended = cpPlanEnded('2026-03-25');
    expect(evaluating(registered, plan, ended).asOf('2026-03-24').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, plan, ended).asOf('2026-03-25').inScope(rule)).toEqual([]);
    expect(evaluating(registered, plan, ended).asOf('2026-06-01').inScope(rule)).toEqual([]);
  });

  it('does not carry visits of an earlier plan into a new one', () => {
    // Second plan started Monday 2026-06-01: no bank holiday in June, 15 working days end on Monday 2026-06-22.
    const history = [registered, plan, childVisited('2026-03-10'), cpPlanEnded('2026-04-01'), childVisited('2026-05-29'), cpPlanStarted('2026-06-01', { id: 'plan-2' })];
    expect(
      evaluating(...history)
        .asOf('2026-06-22')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-06-23')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-06-22', evidence: ['plan-2'] });
  });

  it('uses the limit of the policy in force (10 working days)', () => {
    // 10 working days after Monday 2026-03-02 is Monday 2026-03-16; red after 20, i.e. from Tuesday 2026-03-31.
    const tenDays = { cpVisits: { workingDays: 10 } };
    expect(evaluating(registered, plan).withPolicy(tenDays).asOf('2026-03-16').flagged(rule)).toEqual([]);
    expect(evaluating(registered, plan).withPolicy(tenDays).asOf('2026-03-17').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-16',
      daysOverdue: 1,
      severity: 'amber',
      measures: { workingDays: 11, limit: 10 },
    });
    expect(evaluating(registered, plan).withPolicy(tenDays).asOf('2026-03-30').flag(rule, 'C-1')?.severity).toBe('amber');
    expect(evaluating(registered, plan).withPolicy(tenDays).asOf('2026-03-31').flag(rule, 'C-1')?.severity).toBe('red');
  });

  it('ignores a voided visit, and applies the void only from the day it was recorded', () => {
    const history = [registered, plan, childVisited('2026-03-04', { id: 'visit' }), voiding('visit', '2026-03-20')];
    expect(
      evaluating(...history)
        .asOf('2026-03-24')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-23', evidence: ['plan'] });
    expect(
      evaluating(...history)
        .asOf('2026-03-24', '2026-03-19')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-24', '2026-03-20')
        .flagged(rule),
    ).toEqual(['C-1']);
  });

  it('honours knownAt: a late-logged plan start is not known before it was recorded', () => {
    const late = cpPlanStarted('2026-03-02', { id: 'plan', recordedOn: '2026-04-01' });
    expect(evaluating(registered, late).asOf('2026-03-24', '2026-03-31').inScope(rule)).toEqual([]);
    expect(evaluating(registered, late).asOf('2026-03-24', '2026-04-01').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-23', evidence: ['plan'] });
  });

  it('honours knownAt: a late-logged visit clears the flag only once it is known', () => {
    const history = [registered, plan, childVisited('2026-03-20', { id: 'visit', recordedOn: '2026-03-30' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-25', '2026-03-29')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-23', evidence: ['plan'] });
    expect(
      evaluating(...history)
        .asOf('2026-03-25', '2026-03-30')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-25')
        .flagged(rule),
    ).toEqual([]);
  });
});

describe('CP_REVIEW_OVERDUE', () => {
  const rule = 'CP_REVIEW_OVERDUE';
  // Initial conference and plan on 2026-01-12: the first review is due 3 months later, on 2026-04-12.
  const icpc = cpConferenceHeld('2026-01-12', { kind: 'initial', id: 'icpc' });
  const plan = cpPlanStarted('2026-01-12', { id: 'plan' });

  it('does not flag at exactly 3 months after the initial conference, flags the day after', () => {
    expect(evaluating(registered, icpc, plan).asOf('2026-04-12').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, icpc, plan).asOf('2026-04-13').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-04-12',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['icpc'],
    });
  });

  it('turns red when overdue by as long again: more than 6 months after the initial conference', () => {
    // 2026-04-12 to 2026-07-12: 18 + 31 + 30 + 12 = 91 days.
    expect(evaluating(registered, icpc, plan).asOf('2026-07-12').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 91, severity: 'amber' });
    expect(evaluating(registered, icpc, plan).asOf('2026-07-13').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 92, severity: 'red' });
  });

  it('runs the first clock from the plan start when no initial conference is recorded', () => {
    expect(evaluating(registered, plan).asOf('2026-04-12').flagged(rule)).toEqual([]);
    expect(evaluating(registered, plan).asOf('2026-04-13').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-04-12', evidence: ['plan'] });
  });

  it('runs the first clock from an initial conference held before the plan started', () => {
    // Conference 2026-01-05, plan 2026-01-12: due 2026-04-05.
    const earlier = cpConferenceHeld('2026-01-05', { kind: 'initial', id: 'icpc-early' });
    expect(evaluating(registered, earlier, plan).asOf('2026-04-05').flagged(rule)).toEqual([]);
    expect(evaluating(registered, earlier, plan).asOf('2026-04-06').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-04-05', evidence: ['icpc-early'] });
  });

  it('does not take the initial conference of an earlier plan for a new plan', () => {
    // First plan 2025-01-06 to 2025-09-01; the second starts 2026-01-12 with no initial conference
    // recorded, so its first review is due 3 months after its start, on 2026-04-12.
    const earlier = [cpConferenceHeld('2025-01-06', { kind: 'initial', id: 'old-icpc' }), cpPlanStarted('2025-01-06'), cpPlanEnded('2025-09-01')];
    expect(
      evaluating(registered, ...earlier, plan)
        .asOf('2026-04-12')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(registered, ...earlier, plan)
        .asOf('2026-04-13')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-04-12', evidence: ['plan'] });
  });

  it('runs the clock from the last review: due 6 months later, asked on several dates', () => {
    // Reviewed 2026-04-10: next due 2026-10-10, red after 2027-04-10.
    const history = [registered, icpc, plan, cpConferenceHeld('2026-04-10', { kind: 'review', id: 'review' })];
    expect(
      evaluating(...history)
        .asOf('2026-04-09')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-04-13')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-10-10')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-10-11')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-10-10', daysOverdue: 1, severity: 'amber', evidence: ['review'] });
    expect(
      evaluating(...history)
        .asOf('2027-04-10')
        .flag(rule, 'C-1')?.severity,
    ).toBe('amber');
    expect(
      evaluating(...history)
        .asOf('2027-04-11')
        .flag(rule, 'C-1')?.severity,
    ).toBe('red');
  });

  it('clamps calendar months to the end of the month', () => {
    // Initial conference 2026-05-31: 3 months later is 2026-08-31. Reviewed 2026-08-31: 6 months later is 2027-02-28.
    const history = [registered, cpConferenceHeld('2026-05-31', { kind: 'initial' }), cpPlanStarted('2026-05-31')];
    expect(
      evaluating(...history)
        .asOf('2026-08-31')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-09-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-08-31', daysOverdue: 1 });
    const reviewed = [...history, cpConferenceHeld('2026-08-31', { kind: 'review', id: 'review' })];
    expect(
      evaluating(...reviewed)
        .asOf('2027-02-28')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...reviewed)
        .asOf('2027-03-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2027-02-28', daysOverdue: 1, evidence: ['review'] });
  });

  it('ends with the plan', () => {
    const ended = cpPlanEnded('2026-05-01');
    expect(evaluating(registered, icpc, plan, ended).asOf('2026-04-30').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, icpc, plan, ended).asOf('2026-05-01').inScope(rule)).toEqual([]);
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2025-12-01', { workerId: 'W-7', teamId: 'T-7' });
    expect(evaluating(registered, allocated, icpc, plan).asOf('2026-04-13').flag(rule, 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('uses the intervals of the policy in force', () => {
    // First review within 2 months of 2026-01-12: due 2026-03-12.
    expect(
      evaluating(registered, icpc, plan)
        .withPolicy({ cpReviews: { firstReviewMonths: 2 } })
        .asOf('2026-03-13')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-12' });
  });

  it('ignores a voided review, and honours knownAt for a late-logged one', () => {
    const review = cpConferenceHeld('2026-04-10', { kind: 'review', id: 'review' });
    expect(evaluating(registered, icpc, plan, review, voiding('review', '2026-04-20')).asOf('2026-04-20').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-04-12', evidence: ['icpc'] });
    const late = cpConferenceHeld('2026-04-10', { kind: 'review', recordedOn: '2026-05-01' });
    expect(evaluating(registered, icpc, plan, late).asOf('2026-04-20', '2026-04-30').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-04-12' });
    expect(evaluating(registered, icpc, plan, late).asOf('2026-04-20', '2026-05-01').flagged(rule)).toEqual([]);
  });

  it('honours knownAt: a late-logged plan start is not known before it was recorded', () => {
    const late = cpPlanStarted('2026-01-12', { recordedOn: '2026-05-01' });
    expect(evaluating(registered, icpc, late).asOf('2026-04-20', '2026-04-30').inScope(rule)).toEqual([]);
    expect(evaluating(registered, icpc, late).asOf('2026-04-20', '2026-05-01').flagged(rule)).toEqual(['C-1']);
  });
});

describe('NEGLECT_ESCALATION_DELAY', () => {
  const rule = 'NEGLECT_ESCALATION_DELAY';
  // A neglect plan from 2025-03-10: 12 months end on 2026-03-10, 24 months on 2027-03-10.
  const plan = cpPlanStarted('2025-03-10', { category: 'neglect', id: 'plan' });

  it('counts from when a change of category made the plan one for neglect, and stops when it changes away', () => {
    const emotional = cpPlanStarted('2025-03-10', { category: 'emotional_abuse' });
    const toNeglect = cpCategoryChanged('2025-06-02', { category: 'neglect', id: 'neglect' });
    expect(evaluating(registered, emotional).asOf('2026-06-03').inScope(rule)).toEqual([]);
    expect(evaluating(registered, emotional, toNeglect).asOf('2026-06-02').flagged(rule)).toEqual([]);
    expect(evaluating(registered, emotional, toNeglect).asOf('2026-06-03').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-06-02', evidence: ['neglect'] });
    const away = cpCategoryChanged('2026-01-05', { category: 'multiple' });
    expect(evaluating(registered, plan, away).asOf('2026-03-11').inScope(rule)).toEqual([]);
    const back = cpCategoryChanged('2026-02-02', { category: 'neglect', id: 'back' });
    expect(evaluating(registered, plan, away, back).asOf('2027-02-03').flag(rule, 'C-1')).toMatchObject({ dueSince: '2027-02-02', evidence: ['back'] });
  });

  it('does not flag at exactly 12 months on the plan, flags the day after', () => {
    expect(evaluating(registered, plan).asOf('2026-03-10').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, plan).asOf('2026-03-11').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-10',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['plan'],
    });
  });

  it('asked on several dates: in scope from the plan start, red after 24 months', () => {
    expect(evaluating(registered, plan).asOf('2025-03-09').inScope(rule)).toEqual([]);
    expect(evaluating(registered, plan).asOf('2025-03-10').inScope(rule)).toEqual(['C-1']);
    expect(evaluating(registered, plan).asOf('2025-09-10').flagged(rule)).toEqual([]);
    // 2026-03-10 to 2027-03-10: 365 days (no 29 February between).
    expect(evaluating(registered, plan).asOf('2027-03-10').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 365, severity: 'amber' });
    expect(evaluating(registered, plan).asOf('2027-03-11').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 366, severity: 'red' });
  });

  it('leaves out plans for another category', () => {
    expect(
      evaluating(registered, cpPlanStarted('2025-03-10', { category: 'physical_abuse' }))
        .asOf('2026-06-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('does not flag a child who entered the PLO during the plan, even if they have left it', () => {
    const entered = ploStageEntered('2025-09-01');
    expect(evaluating(registered, plan, entered).asOf('2026-06-01').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, plan, entered, ploStageExited('2025-11-01')).asOf('2026-06-01').flagged(rule)).toEqual([]);
    expect(evaluating(registered, plan, ploStageEntered('2025-03-10')).asOf('2026-06-01').flagged(rule)).toEqual([]);
  });

  it('does not count a PLO entry before the plan started, nor one after the as-of date', () => {
    const before = [ploStageEntered('2024-06-01'), ploStageExited('2024-10-01')];
    expect(
      evaluating(registered, ...before, plan)
        .asOf('2026-03-11')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(evaluating(registered, plan, ploStageEntered('2026-04-01')).asOf('2026-03-11').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, plan, ploStageEntered('2026-04-01')).asOf('2026-04-01').flagged(rule)).toEqual([]);
  });

  it('clamps calendar months: 12 months after 2024-02-29 is 2025-02-28', () => {
    const leap = cpPlanStarted('2024-02-29', { category: 'neglect' });
    expect(evaluating(registered, leap).asOf('2025-02-28').flagged(rule)).toEqual([]);
    expect(evaluating(registered, leap).asOf('2025-03-01').flag(rule, 'C-1')).toMatchObject({ dueSince: '2025-02-28', daysOverdue: 1 });
  });

  it('needs the plan to be continuous: a new plan restarts the clock, and an ended plan is out of scope', () => {
    const history = [registered, plan, cpPlanEnded('2025-09-01'), cpPlanStarted('2025-10-01', { category: 'neglect', id: 'plan-2' })];
    expect(evaluating(registered, plan, cpPlanEnded('2025-09-01')).asOf('2026-06-01').inScope(rule)).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-06-01')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-10-01')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-10-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-10-01', evidence: ['plan-2'] });
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2025-01-06', { workerId: 'W-7', teamId: 'T-7' });
    expect(evaluating(registered, allocated, plan).asOf('2026-03-11').flag(rule, 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('uses the limit of the policy in force', () => {
    // 6 months after 2025-03-10 is 2025-09-10.
    expect(
      evaluating(registered, plan)
        .withPolicy({ neglectEscalation: { months: 6 } })
        .asOf('2025-09-10')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(registered, plan)
        .withPolicy({ neglectEscalation: { months: 6 } })
        .asOf('2025-09-11')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-09-10' });
  });

  it('flags again when the PLO entry is voided, from the day the void was recorded', () => {
    const history = [registered, plan, ploStageEntered('2025-12-01', { id: 'entry' }), voiding('entry', '2026-04-15')];
    expect(
      evaluating(...history)
        .asOf('2026-05-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-10' });
    expect(
      evaluating(...history)
        .asOf('2026-05-01', '2026-04-14')
        .flagged(rule),
    ).toEqual([]);
  });

  it('honours knownAt: a late-logged plan start or PLO entry counts only once recorded', () => {
    const latePlan = cpPlanStarted('2025-03-10', { category: 'neglect', recordedOn: '2026-04-01' });
    expect(evaluating(registered, latePlan).asOf('2026-03-20', '2026-03-31').inScope(rule)).toEqual([]);
    expect(evaluating(registered, latePlan).asOf('2026-03-20', '2026-04-01').flagged(rule)).toEqual(['C-1']);
    const lateEntry = ploStageEntered('2025-12-01', { recordedOn: '2026-04-15' });
    expect(evaluating(registered, plan, lateEntry).asOf('2026-04-01', '2026-04-14').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, plan, lateEntry).asOf('2026-04-01', '2026-04-15').flagged(rule)).toEqual([]);
  });
});

describe('INITIAL_CONFERENCE_OVERDUE', () => {
  const rule = 'INITIAL_CONFERENCE_OVERDUE';
  const open = caseAllocated('2026-02-27');
  // Strategy discussion Monday 2026-03-02: with no bank holiday in March, its 15th working day is Monday 2026-03-23.
  const strategy = strategyDiscussionHeld('2026-03-02', { id: 'strategy' });
  const enquiry = assessmentStarted('2026-03-02', { assessmentId: 'S47-1', kind: 'section_47', id: 'enquiry' });
  const history = [registered, open, strategy, enquiry];

  it('leaves out a child with no section 47 enquiry, or before it starts', () => {
    expect(evaluating(registered, open, strategy, assessmentStarted('2026-03-02')).asOf('2026-04-01').inScope(rule)).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('does not flag on the 15th working day after the strategy discussion, flags the working day after', () => {
    expect(
      evaluating(...history)
        .asOf('2026-03-23')
        .assessment(rule, 'C-1'),
    ).toEqual({ rule, subject: { type: 'child', id: 'C-1' }, teamId: 'T-1', workerId: 'W-1' });
    expect(
      evaluating(...history)
        .asOf('2026-03-24')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-03-23',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['strategy', 'enquiry'],
      measures: { workingDays: 16, limit: 15 },
    });
  });

  it('counts from the strategy discussion, not from an enquiry started later', () => {
    const later = assessmentStarted('2026-03-09', { assessmentId: 'S47-1', kind: 'section_47', id: 'enquiry' });
    expect(evaluating(registered, open, strategy, later).asOf('2026-03-24').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-23' });
  });

  it("counts from the enquiry's start when no strategy discussion is recorded before it (as the CIN census's check does)", () => {
    const alone = [registered, open, assessmentStarted('2026-03-09', { assessmentId: 'S47-1', kind: 'section_47', id: 'enquiry' })];
    expect(
      evaluating(...alone)
        .asOf('2026-03-30')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...alone)
        .asOf('2026-03-31')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-30', evidence: ['enquiry'] });
  });

  it('is satisfied by an initial conference held since the strategy discussion, on time or late', () => {
    expect(
      evaluating(...history, cpConferenceHeld('2026-03-20'))
        .asOf('2026-04-30')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, cpConferenceHeld('2026-04-10'))
        .asOf('2026-04-09')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history, cpConferenceHeld('2026-04-10'))
        .asOf('2026-04-10')
        .inScope(rule),
    ).toEqual([]);
  });

  it('is not satisfied by an earlier initial conference, nor by a review conference', () => {
    const earlier = cpConferenceHeld('2025-06-01');
    const review = cpConferenceHeld('2026-03-10', { kind: 'review' });
    expect(evaluating(registered, earlier, open, strategy, enquiry, review).asOf('2026-03-24').flagged(rule)).toEqual(['C-1']);
  });

  it('leaves the child out once the enquiry concludes that no conference is needed, not when it concludes one is', () => {
    const noConference = assessmentCompleted('2026-03-20', { assessmentId: 'S47-1', initialConferenceNeeded: false });
    const conference = assessmentCompleted('2026-03-20', { assessmentId: 'S47-1', initialConferenceNeeded: true });
    expect(
      evaluating(...history, noConference)
        .asOf('2026-03-19')
        .inScope(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history, noConference)
        .asOf('2026-04-30')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, conference)
        .asOf('2026-03-24')
        .flagged(rule),
    ).toEqual(['C-1']);
  });

  it('leaves the child out when the case closes', () => {
    expect(
      evaluating(...history, caseClosed('2026-04-01'))
        .asOf('2026-04-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('turns red after more than twice the limit, skipping Good Friday and Easter Monday', () => {
    // 23 March = 15; 31 March = 21, 2 April = 23, 7 April = 24, 15 April = 30, 16 April = 31.
    expect(
      evaluating(...history)
        .asOf('2026-04-15')
        .flag(rule, 'C-1'),
    ).toMatchObject({ severity: 'amber', measures: { workingDays: 30 } });
    expect(
      evaluating(...history)
        .asOf('2026-04-16')
        .flag(rule, 'C-1'),
    ).toMatchObject({ severity: 'red', measures: { workingDays: 31 } });
  });

  it("judges a child's latest enquiry by its own strategy discussion, not the earlier enquiry's", () => {
    const first = [strategyDiscussionHeld('2025-10-01'), assessmentStarted('2025-10-01', { assessmentId: 'S47-0', kind: 'section_47' }), cpConferenceHeld('2025-10-15')];
    const second = assessmentStarted('2026-03-09', { assessmentId: 'S47-1', kind: 'section_47', id: 'second' });
    // No strategy discussion since the first enquiry: the second's clock runs from its own start (2026-03-09, due 2026-03-30).
    expect(
      evaluating(registered, open, ...first, second)
        .asOf('2026-03-31')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-30', evidence: ['second'] });
  });

  it('takes a limit of 10 working days from the policy', () => {
    expect(
      evaluating(...history)
        .withPolicy({ initialConferences: { workingDays: 10 } })
        .asOf('2026-03-17')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-16' });
  });

  it('is flagged again as known before a late-recorded conference, and not after', () => {
    const late = cpConferenceHeld('2026-03-20', { recordedOn: '2026-04-10' });
    expect(
      evaluating(...history, late)
        .asOf('2026-04-01', '2026-04-01')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history, late)
        .asOf('2026-04-01', '2026-04-10')
        .inScope(rule),
    ).toEqual([]);
  });

  it('is flagged again when the conference is voided', () => {
    const held = cpConferenceHeld('2026-03-20', { id: 'held' });
    expect(
      evaluating(...history, held, voiding('held', '2026-04-02'))
        .asOf('2026-04-01')
        .flagged(rule),
    ).toEqual(['C-1']);
  });
});
