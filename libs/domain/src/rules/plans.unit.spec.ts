import { describe, expect, it } from '@jest/globals';
import {
  becameLookedAfter,
  caseAllocated,
  caseClosed,
  ceasedLookedAfter,
  childRegistered,
  cpPlanEnded,
  cpPlanStarted,
  evaluating,
  planReviewed,
  referralReceived,
  strategyDiscussionHeld,
  voiding,
} from '../testing/index.js';

const registered = childRegistered('2024-01-02');

describe('PLAN_WITHOUT_CONTINGENCY', () => {
  const rule = 'PLAN_WITHOUT_CONTINGENCY';
  const allocated = caseAllocated('2026-01-05', { id: 'allocated' });
  const withoutContingency = planReviewed('2026-02-02', { plan: 'child_in_need', contingencyPlanRecorded: false, id: 'r1' });
  const story = [registered, allocated, withoutContingency];

  it('does not assess a plan never reviewed', () => {
    expect(evaluating(registered, allocated).asOf('2026-06-01').inScope(rule)).toEqual([]);
    expect(
      evaluating(...story)
        .asOf('2026-02-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('flags from the day of a review that recorded no contingency plan, asked on several dates', () => {
    expect(
      evaluating(...story)
        .asOf('2026-02-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-02-02',
      daysOverdue: 0,
      severity: 'amber',
      evidence: ['r1'],
      measures: { plans: 'child_in_need' },
    });
    // 2026-02-02 to 2026-03-01: 27 days.
    expect(
      evaluating(...story)
        .asOf('2026-03-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 27, severity: 'amber' });
  });

  it('stops flagging from the day a later review records one', () => {
    const fixed = [...story, planReviewed('2026-03-02', { plan: 'child_in_need', contingencyPlanRecorded: true })];
    expect(
      evaluating(...fixed)
        .asOf('2026-03-01')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...fixed)
        .asOf('2026-03-02')
        .assessment(rule, 'C-1'),
    ).toEqual({ rule, subject: { type: 'child', id: 'C-1' }, teamId: 'T-1', workerId: 'W-1' });
  });

  it('dates the breach from the first of consecutive reviews without one, with the latest as evidence', () => {
    const again = [...story, planReviewed('2026-03-02', { plan: 'child_in_need', contingencyPlanRecorded: false, id: 'r2' })];
    // 2026-02-02 to 2026-03-10: 28 + 8 = 36 days.
    expect(
      evaluating(...again)
        .asOf('2026-03-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 36, evidence: ['r2'] });
  });

  it('keeps a child-in-need plan open through a change of social worker, reported under the new one', () => {
    const reallocated = caseAllocated('2026-03-02', { workerId: 'W-7', teamId: 'T-7' });
    expect(
      evaluating(...story, reallocated)
        .asOf('2026-03-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-02', evidence: ['r1'], teamId: 'T-7', workerId: 'W-7' });
  });

  it('ends a child-in-need plan with the case: reviews before a closure do not count after it is reopened', () => {
    const closed = caseClosed('2026-04-01');
    expect(
      evaluating(...story, closed)
        .asOf('2026-03-31')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...story, closed)
        .asOf('2026-04-01')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...story, closed, caseAllocated('2026-05-01'))
        .asOf('2026-05-10')
        .inScope(rule),
    ).toEqual([]);
  });

  it('ends a child protection plan review with the plan', () => {
    const history = [registered, cpPlanStarted('2026-01-12'), planReviewed('2026-02-16', { plan: 'child_protection', contingencyPlanRecorded: false, id: 'cp' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-16', evidence: ['cp'], measures: { plans: 'child_protection' } });
    expect(
      evaluating(...history, cpPlanEnded('2026-04-01'))
        .asOf('2026-04-01')
        .inScope(rule),
    ).toEqual([]);
    // A new plan starts unreviewed: the old plan's review does not count for it.
    expect(
      evaluating(...history, cpPlanEnded('2026-04-01'), cpPlanStarted('2026-05-01'))
        .asOf('2026-05-10')
        .inScope(rule),
    ).toEqual([]);
  });

  it('ends a care plan review with being looked after', () => {
    const history = [registered, becameLookedAfter('2025-06-02'), planReviewed('2026-02-02', { plan: 'care', contingencyPlanRecorded: false })];
    expect(
      evaluating(...history)
        .asOf('2026-02-28')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history, ceasedLookedAfter('2026-03-01'))
        .asOf('2026-03-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('reports every open plan whose latest review has no contingency, the breach running from the earliest', () => {
    const cp = [cpPlanStarted('2026-01-12'), planReviewed('2026-02-16', { plan: 'child_protection', contingencyPlanRecorded: false, id: 'cp' })];
    expect(
      evaluating(...story, ...cp)
        .asOf('2026-03-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-02-02',
      evidence: ['r1', 'cp'],
      measures: { plans: 'child_in_need, child_protection' },
    });
    // The child-in-need plan gets a contingency on 2026-03-02; the child protection plan still has none,
    // so the breach that began on 2026-02-02 is unbroken.
    const cinFixed = planReviewed('2026-03-02', { plan: 'child_in_need', contingencyPlanRecorded: true });
    expect(
      evaluating(...story, ...cp, cinFixed)
        .asOf('2026-03-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-02-02',
      evidence: ['cp'],
      measures: { plans: 'child_protection' },
    });
  });

  it('ignores a voided review, and applies the void only from the day it was recorded', () => {
    const history = [...story, planReviewed('2026-03-02', { plan: 'child_in_need', contingencyPlanRecorded: true, id: 'r2' }), voiding('r2', '2026-03-20')];
    expect(
      evaluating(...history)
        .asOf('2026-03-25')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-02', evidence: ['r1'] });
    expect(
      evaluating(...history)
        .asOf('2026-03-25', '2026-03-19')
        .flagged(rule),
    ).toEqual([]);
  });

  it('honours knownAt: a late-logged review is unknown before it was recorded', () => {
    const late = planReviewed('2026-02-02', { plan: 'child_in_need', contingencyPlanRecorded: false, recordedOn: '2026-02-20' });
    expect(evaluating(registered, allocated, late).asOf('2026-02-10', '2026-02-19').inScope(rule)).toEqual([]);
    expect(evaluating(registered, allocated, late).asOf('2026-02-10', '2026-02-20').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 8 });
  });
});

describe('STRATEGY_WITHOUT_SAFETY_PLAN', () => {
  const rule = 'STRATEGY_WITHOUT_SAFETY_PLAN';
  const withoutPlan = strategyDiscussionHeld('2026-03-02', { initialSafetyPlanAgreed: false, id: 's1' });
  // 2026-03-02 is in the trailing 90 days (as-of date included) up to 89 days later:
  // 31 days to 2 April, 30 to 2 May, 28 to 30 May = 89, so up to 2026-05-30.

  it('flags from the day of a discussion that agreed no initial safety plan, asked on several dates', () => {
    expect(evaluating(registered, withoutPlan).asOf('2026-03-01').inScope(rule)).toEqual([]);
    expect(evaluating(registered, withoutPlan).asOf('2026-03-02').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-02',
      daysOverdue: 0,
      severity: 'amber',
      evidence: ['s1'],
    });
    expect(evaluating(registered, withoutPlan).asOf('2026-05-30').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-02', daysOverdue: 89 });
  });

  it('looks back 90 days including the as-of date: a discussion 90 days old has left the window', () => {
    expect(evaluating(registered, withoutPlan).asOf('2026-05-31').inScope(rule)).toEqual([]);
  });

  it('does not flag a discussion that agreed a safety plan', () => {
    const result = evaluating(registered, strategyDiscussionHeld('2026-03-02')).asOf('2026-03-10');
    expect(result.inScope(rule)).toEqual(['C-1']);
    expect(result.flagged(rule)).toEqual([]);
  });

  it('keeps flagging a discussion without one even after a later discussion agreed one', () => {
    const later = strategyDiscussionHeld('2026-03-20', { initialSafetyPlanAgreed: true });
    expect(evaluating(registered, withoutPlan, later).asOf('2026-03-25').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-02', evidence: ['s1'] });
  });

  it('dates the breach from the first of overlapping discussions without one', () => {
    // s0 (2026-01-05) stays in the window up to 2026-04-04 (89 days); s1 arrives on 2026-03-02: unbroken.
    // As of 2026-05-01 the window starts on 2026-02-01, so only s1 is evidence. 2026-01-05 to 2026-05-01: 31 + 28 + 31 + 26 = 116 days.
    const s0 = strategyDiscussionHeld('2026-01-05', { initialSafetyPlanAgreed: false, id: 's0' });
    expect(evaluating(registered, s0, withoutPlan).asOf('2026-05-01').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-01-05', daysOverdue: 116, evidence: ['s1'] });
    // One on 2025-10-01 left the window after 2025-12-29, a gap before s1: the breach starts at s1.
    const old = strategyDiscussionHeld('2025-10-01', { initialSafetyPlanAgreed: false });
    expect(evaluating(registered, old, withoutPlan).asOf('2026-05-01').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-02', evidence: ['s1'] });
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2026-02-20', { workerId: 'W-7', teamId: 'T-7' });
    expect(evaluating(registered, allocated, withoutPlan).asOf('2026-03-02').flag(rule, 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('uses the window of the policy in force', () => {
    // A 30-day window keeps 2026-03-02 up to 29 days later, 2026-03-31.
    const policy = { strategyDiscussions: { windowDays: 30 } };
    expect(evaluating(registered, withoutPlan).withPolicy(policy).asOf('2026-03-31').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, withoutPlan).withPolicy(policy).asOf('2026-04-01').inScope(rule)).toEqual([]);
  });

  it('ignores a voided discussion, and applies the void only from the day it was recorded', () => {
    const voided = [registered, withoutPlan, voiding('s1', '2026-03-10')];
    expect(
      evaluating(...voided)
        .asOf('2026-03-20')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...voided)
        .asOf('2026-03-20', '2026-03-09')
        .flagged(rule),
    ).toEqual(['C-1']);
  });

  it('honours knownAt: a late-logged discussion is unknown before it was recorded', () => {
    const late = strategyDiscussionHeld('2026-03-02', { initialSafetyPlanAgreed: false, recordedOn: '2026-03-20' });
    expect(evaluating(registered, late).asOf('2026-03-10', '2026-03-19').inScope(rule)).toEqual([]);
    expect(evaluating(registered, late).asOf('2026-03-10', '2026-03-20').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-02', daysOverdue: 8 });
  });
});

describe('REPEAT_REFERRAL', () => {
  const rule = 'REPEAT_REFERRAL';
  const first = referralReceived('2025-03-10', { id: 'ref1' });
  const second = referralReceived('2025-11-03', { id: 'ref2' });

  it('assesses a child with a referral in the trailing 12 months and flags none for a single referral', () => {
    expect(evaluating(registered, first).asOf('2025-03-09').inScope(rule)).toEqual([]);
    expect(evaluating(registered, first).asOf('2025-03-10').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, first, second).asOf('2025-11-02').flagged(rule)).toEqual([]);
  });

  it('flags amber from the day of a referral within 12 months of a previous one', () => {
    expect(evaluating(registered, first, second).asOf('2025-11-03').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2025-11-03',
      daysOverdue: 0,
      severity: 'amber',
      evidence: ['ref1', 'ref2'],
      measures: { referrals: 2 },
    });
  });

  it('stops flagging when the earlier referral is 12 months old', () => {
    // 2025-11-03 to 2026-03-09: 30 + 31 + 31 + 28 + 6 = 126 days. 12 months after 2025-03-10 is 2026-03-10.
    expect(evaluating(registered, first, second).asOf('2026-03-09').flag(rule, 'C-1')).toMatchObject({ dueSince: '2025-11-03', daysOverdue: 126 });
    expect(evaluating(registered, first, second).asOf('2026-03-10').flagged(rule)).toEqual([]);
    expect(evaluating(registered, first, second).asOf('2026-03-10').inScope(rule)).toEqual(['C-1']);
  });

  it('does not count referrals exactly 12 months apart as a repeat', () => {
    expect(evaluating(registered, first, referralReceived('2026-03-10')).asOf('2026-03-10').flagged(rule)).toEqual([]);
    expect(evaluating(registered, first, referralReceived('2026-03-09')).asOf('2026-03-09').flagged(rule)).toEqual(['C-1']);
  });

  it('turns red at 3 referrals in 12 months, and back to amber when the first leaves the window', () => {
    const third = referralReceived('2026-01-12', { id: 'ref3' });
    expect(evaluating(registered, first, second, third).asOf('2026-01-12').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2025-11-03',
      severity: 'red',
      evidence: ['ref1', 'ref2', 'ref3'],
      measures: { referrals: 3 },
    });
    expect(evaluating(registered, first, second, third).asOf('2026-03-10').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2025-11-03',
      severity: 'amber',
      evidence: ['ref2', 'ref3'],
      measures: { referrals: 2 },
    });
  });

  it('clamps calendar months: 12 months after 2024-02-29 is 2025-02-28', () => {
    const history = [registered, referralReceived('2024-02-29'), referralReceived('2024-06-03')];
    expect(
      evaluating(...history)
        .asOf('2025-02-27')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history)
        .asOf('2025-02-28')
        .flagged(rule),
    ).toEqual([]);
  });

  it('uses the window and red count of the policy in force', () => {
    // 6 months after 2025-08-31 is 2026-02-28: the first referral leaves the window that day.
    const sixMonths = { repeatReferrals: { windowMonths: 6 } };
    const history = [registered, referralReceived('2025-08-31'), referralReceived('2025-12-01')];
    expect(
      evaluating(...history)
        .withPolicy(sixMonths)
        .asOf('2026-02-27')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-12-01' });
    expect(
      evaluating(...history)
        .withPolicy(sixMonths)
        .asOf('2026-02-28')
        .flagged(rule),
    ).toEqual([]);
    const third = referralReceived('2026-01-12');
    expect(
      evaluating(registered, first, second, third)
        .withPolicy({ repeatReferrals: { redReferrals: 4 } })
        .asOf('2026-01-12')
        .flag(rule, 'C-1')?.severity,
    ).toBe('amber');
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2025-03-11', { workerId: 'W-7', teamId: 'T-7' });
    expect(evaluating(registered, first, allocated, second).asOf('2025-11-03').flag(rule, 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('ignores a voided referral, and applies the void only from the day it was recorded', () => {
    const voided = [registered, first, second, voiding('ref1', '2025-11-20')];
    expect(
      evaluating(...voided)
        .asOf('2025-12-01')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...voided)
        .asOf('2025-12-01', '2025-11-19')
        .flagged(rule),
    ).toEqual(['C-1']);
  });

  it('honours knownAt: a late-logged referral is unknown before it was recorded', () => {
    const late = referralReceived('2025-11-03', { recordedOn: '2025-12-01' });
    expect(evaluating(registered, first, late).asOf('2025-11-10', '2025-11-30').flagged(rule)).toEqual([]);
    expect(evaluating(registered, first, late).asOf('2025-11-10', '2025-12-01').flag(rule, 'C-1')).toMatchObject({ dueSince: '2025-11-03', daysOverdue: 7 });
  });
});
