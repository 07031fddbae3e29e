import { z } from 'zod';
import { addDays, addMonths, daysBetween, type IsoDate } from '../dates.js';
import type { Fact, FactOf } from '../timeline.js';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, breach, breachStart, type Assessment } from './flag.js';
import { factsOfType, isOpenOn, periodOn, type ChildView, type World } from './world.js';
import { defineRule } from './rule-definition.js';
import { days } from './threshold-fields.js';
import { count, inWords } from './wording.js';

const strategyDiscussionsPolicy = z.strictObject({ windowDays: days() });
const repeatReferralsPolicy = z.strictObject({ windowMonths: z.int().min(1).max(120), redReferrals: z.int().min(2).max(100) });

/**
 * When each kind of plan is open, and since when its reviews count: a CP plan while
 * the child is on one; a care plan while looked after; a child-in-need or pathway
 * plan while the case is open, since it was opened (a change of social worker does
 * not start a new plan; a closure ends it).
 */
function openSince(child: ChildView, plan: string, on: IsoDate): IsoDate | undefined {
  if (plan === 'child_protection') return periodOn(child.cpPlans, on)?.from;
  if (plan === 'care') return periodOn(child.lookedAfter, on)?.from;
  return isOpenOn(child, on) ? caseOpenedOn(child, on) : undefined;
}

/** The day the case open on `on` was opened: back through reallocations to the first allocation after a closure. */
function caseOpenedOn(child: ChildView, on: IsoDate): IsoDate {
  const closedOn = new Set(factsOfType(child, 'CaseClosed').map((f) => f.occurredOn));
  const held = child.allocations.filter((a) => a.from <= on);
  let i = held.length - 1;
  while (i > 0 && held[i - 1].to === held[i].from && !closedOn.has(held[i].from)) i--;
  return held[i].from;
}

type Review = FactOf<'PlanReviewed'>;

const byDate = (a: Fact, b: Fact) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0);

/** The latest review of each plan open on `on`, among the reviews since that plan opened. */
function latestReviews(child: ChildView, on: IsoDate): Review[] {
  const latest = new Map<string, Review>();
  for (const r of factsOfType(child, 'PlanReviewed').filter((f) => f.occurredOn <= on)) {
    const since = openSince(child, r.data.plan, on);
    if (since !== undefined && r.occurredOn >= since) latest.set(r.data.plan, r);
  }
  return [...latest.values()];
}

const withoutContingency = (reviews: Review[]) => reviews.filter((r) => !r.data.contingencyPlanRecorded).sort(byDate);

/**
 * PLAN_WITHOUT_CONTINGENCY: for any open plan, its latest review (since it opened)
 * recorded no contingency plan. A plan never reviewed is not flagged. Due since the
 * first day of the unbroken run in which some open plan lacked one.
 */
export function planWithoutContingency(world: World): Assessment[] {
  return world.children.flatMap((child) => {
    const latest = latestReviews(child, world.asOf);
    if (latest.length === 0) return [];
    const missing = withoutContingency(latest);
    const scope = childScope(child, world.asOf);
    if (missing.length === 0) return [assess('PLAN_WITHOUT_CONTINGENCY', childSubject(child), scope, undefined)];
    const periods = [...child.cpPlans, ...child.lookedAfter, ...child.allocations];
    const dates = [...factsOfType(child, 'PlanReviewed').map((r) => r.occurredOn), ...periods.flatMap((p) => (p.to ? [p.from, p.to] : [p.from]))];
    const start = breachStart(world.asOf, (d) => withoutContingency(latestReviews(child, d)).length > 0, dates);
    const detail = breach(
      start,
      world.asOf,
      'amber',
      missing.map((r) => r.eventId),
      { plans: missing.map((r) => r.data.plan).join(', ') },
    );
    return [assess('PLAN_WITHOUT_CONTINGENCY', childSubject(child), scope, detail)];
  });
}

/**
 * STRATEGY_WITHOUT_SAFETY_PLAN: a strategy discussion in the trailing window agreed no
 * initial safety plan. Due since the first day of the unbroken run in which one was
 * in the window; the ones in the window now are the evidence.
 */
export function strategyWithoutSafetyPlan(world: World, policy: z.output<typeof strategyDiscussionsPolicy>): Assessment[] {
  const { windowDays } = policy;
  const inWindow = (discussions: FactOf<'StrategyDiscussionHeld'>[], on: IsoDate) => discussions.filter((f) => f.occurredOn <= on && f.occurredOn > addDays(on, -windowDays));
  const noSafetyPlan = (f: FactOf<'StrategyDiscussionHeld'>) => !f.data.initialSafetyPlanAgreed;
  return world.children.flatMap((child) => {
    const discussions = factsOfType(child, 'StrategyDiscussionHeld');
    const recent = inWindow(discussions, world.asOf);
    if (recent.length === 0) return [];
    const without = recent.filter(noSafetyPlan);
    if (without.length === 0) return [assess('STRATEGY_WITHOUT_SAFETY_PLAN', childSubject(child), childScope(child, world.asOf), undefined)];
    const dates = discussions.flatMap((f) => [f.occurredOn, addDays(f.occurredOn, windowDays)]);
    const start = breachStart(world.asOf, (d) => inWindow(discussions, d).some(noSafetyPlan), dates);
    const detail = { dueSince: start, daysOverdue: daysBetween(start, world.asOf), severity: 'amber' as const, evidence: without.map((f) => f.eventId) };
    return [assess('STRATEGY_WITHOUT_SAFETY_PLAN', childSubject(child), childScope(child, world.asOf), detail)];
  });
}

/**
 * REPEAT_REFERRAL: two or more referrals within the trailing 12 months (a referral
 * within 12 months of a previous one); red at three or more.
 */
export function repeatReferral(world: World, policy: z.output<typeof repeatReferralsPolicy>): Assessment[] {
  const { windowMonths, redReferrals } = policy;
  // A referral counts until it is `windowMonths` calendar months old (12 months after 2024-02-29 is 2025-02-28).
  const inWindow = (referrals: Fact[], on: IsoDate) => referrals.filter((f) => f.occurredOn <= on && on < addMonths(f.occurredOn, windowMonths));
  return world.children.flatMap((child) => {
    const referrals = factsOfType(child, 'ReferralReceived');
    const recent = inWindow(referrals, world.asOf);
    if (recent.length === 0) return [];
    const subject = childSubject(child);
    if (recent.length < 2) return [assess('REPEAT_REFERRAL', subject, childScope(child, world.asOf), undefined)];
    const dates = referrals.flatMap((f) => [f.occurredOn, addMonths(f.occurredOn, windowMonths)]);
    const start = breachStart(world.asOf, (d) => inWindow(referrals, d).length >= 2, dates);
    const detail = breach(
      start,
      world.asOf,
      recent.length >= redReferrals ? 'red' : 'amber',
      recent.map((f) => f.eventId),
      { referrals: recent.length },
    );
    return [assess('REPEAT_REFERRAL', subject, childScope(child, world.asOf), detail)];
  });
}

export const PLAN_WITHOUT_CONTINGENCY = defineRule({
  rule: 'PLAN_WITHOUT_CONTINGENCY',
  subject: 'child',
  title: 'Plan without a contingency',
  kind: 'condition',
  description: 'The latest review of an open plan recorded no contingency plan (a plan never reviewed is not flagged)',
  flagsWhen: 'the latest review of an open plan recorded no contingency (amber)',
  finding: 'Contingency planning largely absent (2022 inspection ¶6)',
  quote: { text: 'Contingency planning is largely absent, meaning that parents do not understand what action will be taken should progress not be made.', report: '2022 inspection', paragraph: 6 },
  source: 'Care Planning Regulations 2010; Working Together 2023',
  severity: 'amber',
  reads: [...SCOPE_FACTS, 'BecameLookedAfter', 'CeasedLookedAfter', 'ChildProtectionPlanStarted', 'ChildProtectionPlanEnded', 'PlanReviewed'],
  reason: (f) => `The latest review of the ${inWords(String(f.measures?.plans))} plan recorded no contingency plan`,
  indicator: () => 'children with a reviewed plan whose latest review recorded a contingency plan',
  evaluate: planWithoutContingency,
});

export const STRATEGY_WITHOUT_SAFETY_PLAN = defineRule({
  rule: 'STRATEGY_WITHOUT_SAFETY_PLAN',
  subject: 'child',
  title: 'Strategy discussion without a safety plan',
  kind: 'condition',
  description: 'A strategy discussion in the trailing window agreed no initial safety plan',
  flagsWhen: 'a strategy discussion in 90 days agreed no initial safety plan (amber)',
  finding: 'Strategy discussions without initial safety planning (2022 inspection ¶4)',
  quote: { text: 'Meetings do not always define initial safety planning while enquiries are ongoing.', report: '2022 inspection', paragraph: 4 },
  source: 'Working Together to Safeguard Children 2023',
  severity: 'amber',
  policy: { key: 'strategyDiscussions', schema: strategyDiscussionsPolicy, defaults: { windowDays: 90 } },
  reads: [...SCOPE_FACTS, 'StrategyDiscussionHeld'],
  reason: (f, p) => `A strategy discussion in the last ${p.windowDays} days agreed no initial safety plan`,
  indicator: (p) => `children whose strategy discussions in the last ${p.windowDays} days all agreed an initial safety plan`,
  evaluate: strategyWithoutSafetyPlan,
});

export const REPEAT_REFERRAL = defineRule({
  rule: 'REPEAT_REFERRAL',
  subject: 'child',
  title: 'Repeat referral',
  kind: 'condition',
  description: 'A referral within the window of a previous one',
  flagsWhen: '2+ referrals within 12 months (red at 3)',
  finding: 'Repeated referrals after further domestic abuse (2022 inspection ¶3)',
  quote: {
    text: 'As a result, some children do not get the help they need at the earliest opportunity, leading to repeated referrals because they have experienced further incidents of harm.',
    report: '2022 inspection',
    paragraph: 3,
  },
  source: 'DfE re-referral measure (12 months)',
  severity: 'red at the given number of referrals in the window',
  policy: { key: 'repeatReferrals', schema: repeatReferralsPolicy, defaults: { windowMonths: 12, redReferrals: 3 } },
  reads: [...SCOPE_FACTS, 'ReferralReceived'],
  reason: (f, p) => `${count(f.measures?.referrals, 'referral')} within ${count(p.windowMonths, 'month')}`,
  indicator: (p) => `children referred in the last ${count(p.windowMonths, 'month')} with no repeat referral in that time`,
  evaluate: repeatReferral,
});
