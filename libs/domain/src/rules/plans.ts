import { addDays, addMonths, daysBetween, type IsoDate } from '../dates.js';
import type { Policy } from '../policy.js';
import type { Fact } from '../timeline.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, breach, breachStart, type Assessment } from './flag.js';
import { isOpenOn, periodOn, type ChildView, type World } from './world.js';

/**
 * When each kind of plan is open, and since when its reviews count: a CP plan while
 * the child is on one; a care plan while looked after; a child-in-need or pathway
 * plan while the case is open (since the latest allocation).
 */
function openSince(child: ChildView, plan: string, on: IsoDate): IsoDate | undefined {
  if (plan === 'child_protection') return periodOn(child.cpPlans, on)?.from;
  if (plan === 'care') return periodOn(child.lookedAfter, on)?.from;
  return isOpenOn(child, on) ? child.allocations.findLast((a) => a.from <= on)?.from : undefined;
}

/**
 * PLAN_WITHOUT_CONTINGENCY: for any open plan, its latest review (since it opened)
 * recorded no contingency plan. A plan never reviewed is not flagged.
 */
export function planWithoutContingency(world: World): Assessment[] {
  return world.children.flatMap((child) => {
    const reviews = (child.byType.get('PlanReviewed') ?? []).filter((r) => r.occurredOn <= world.asOf);
    const latest = new Map<string, Fact>();
    for (const r of reviews) {
      const since = openSince(child, String(r.data.plan), world.asOf);
      if (since !== undefined && r.occurredOn >= since) latest.set(String(r.data.plan), r);
    }
    if (latest.size === 0) return [];
    const missing = [...latest.values()].filter((r) => r.data.contingencyPlanRecorded === false);
    const oldest = missing.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : 1))[0];
    const detail = oldest && {
      dueSince: oldest.occurredOn,
      daysOverdue: daysBetween(oldest.occurredOn, world.asOf),
      severity: 'amber' as const,
      evidence: missing.map((r) => r.eventId),
      measures: { plans: missing.map((r) => String(r.data.plan)).join(', ') },
    };
    return [assess('PLAN_WITHOUT_CONTINGENCY', childSubject(child), childScope(child, world.asOf), detail)];
  });
}

/** STRATEGY_WITHOUT_SAFETY_PLAN: a strategy discussion in the trailing window agreed no initial safety plan. */
export function strategyWithoutSafetyPlan(world: World, policy: Policy): Assessment[] {
  const from = addDays(world.asOf, -policy.strategyDiscussions.windowDays + 1);
  return world.children.flatMap((child) => {
    const discussions = (child.byType.get('StrategyDiscussionHeld') ?? []).filter((f) => f.occurredOn >= from && f.occurredOn <= world.asOf);
    if (discussions.length === 0) return [];
    const without = discussions.filter((f) => f.data.initialSafetyPlanAgreed === false);
    const detail = without.length
      ? { dueSince: without[0].occurredOn, daysOverdue: daysBetween(without[0].occurredOn, world.asOf), severity: 'amber' as const, evidence: without.map((f) => f.eventId) }
      : undefined;
    return [assess('STRATEGY_WITHOUT_SAFETY_PLAN', childSubject(child), childScope(child, world.asOf), detail)];
  });
}

/**
 * REPEAT_REFERRAL: two or more referrals within the trailing 12 months (a referral
 * within 12 months of a previous one); red at three or more.
 */
export function repeatReferral(world: World, policy: Policy): Assessment[] {
  const { windowMonths, redReferrals } = policy.repeatReferrals;
  const inWindow = (referrals: Fact[], on: IsoDate) => referrals.filter((f) => f.occurredOn <= on && f.occurredOn > addMonths(on, -windowMonths));
  return world.children.flatMap((child) => {
    const referrals = child.byType.get('ReferralReceived') ?? [];
    const recent = inWindow(referrals, world.asOf);
    if (recent.length === 0) return [];
    const subject = childSubject(child);
    if (recent.length < 2) return [assess('REPEAT_REFERRAL', subject, childScope(child, world.asOf), undefined)];
    // A referral leaves the window about `windowMonths` months after it (month ends clamp: test both days).
    const dates = referrals.flatMap((f) => [f.occurredOn, addMonths(f.occurredOn, windowMonths), addDays(addMonths(f.occurredOn, windowMonths), 1)]);
    const start = breachStart(world.asOf, (d) => inWindow(referrals, d).length >= 2, dates);
    const detail = breach(start, world.asOf, recent.length >= redReferrals ? 'red' : 'amber', recent.map((f) => f.eventId), { referrals: recent.length });
    return [assess('REPEAT_REFERRAL', subject, childScope(child, world.asOf), detail)];
  });
}
