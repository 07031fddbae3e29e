import type { Policy } from '../policy.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, monthsOverdue, workingDaysOverdue, type Assessment } from './flag.js';
import { factsOf, periodOn, type World } from './world.js';

/** Children on a child protection plan on the date, with that plan. */
const onPlan = (world: World) =>
  world.children.flatMap((child) => {
    const plan = periodOn(child.cpPlans, world.asOf);
    return plan ? [{ child, plan }] : [];
  });

/**
 * CP_VISIT_OVERDUE: on a plan and not visited for more than N working days. The
 * clock runs from the last visit since the plan started (a visit on the start day
 * counts), or from the start.
 */
export function cpVisitOverdue(world: World, policy: Policy): Assessment[] {
  return onPlan(world).map(({ child, plan }) => {
    const last = factsOf(child, 'ChildVisited', plan.from, world.asOf).at(-1);
    const detail = workingDaysOverdue(last?.occurredOn ?? plan.from, policy.cpVisits.workingDays, world.asOf, [last?.eventId ?? plan.eventId]);
    return assess('CP_VISIT_OVERDUE', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/**
 * CP_REVIEW_OVERDUE: the first review conference is due within 3 months of the
 * initial conference (or of the plan's start when none is recorded), later ones
 * within 6 months of the previous review. The initial conference is this plan's:
 * the last one on or before its start, and not before an earlier plan ended.
 */
export function cpReviewOverdue(world: World, policy: Policy): Assessment[] {
  const { firstReviewMonths, reviewMonths } = policy.cpReviews;
  return onPlan(world).map(({ child, plan }) => {
    const conferences = (child.byType.get('ChildProtectionConferenceHeld') ?? []).filter((f) => f.occurredOn <= world.asOf);
    const lastReview = conferences.filter((f) => f.data.kind === 'review' && f.occurredOn >= plan.from).at(-1);
    const previousEnd = child.cpPlans.filter((p) => p.to !== undefined && p.to <= plan.from).at(-1)?.to;
    const initial = conferences.filter((f) => f.data.kind === 'initial' && f.occurredOn <= plan.from && (previousEnd === undefined || f.occurredOn >= previousEnd)).at(-1);
    const detail = lastReview
      ? monthsOverdue(lastReview.occurredOn, reviewMonths, world.asOf, [lastReview.eventId])
      : monthsOverdue(initial?.occurredOn ?? plan.from, firstReviewMonths, world.asOf, [initial?.eventId ?? plan.eventId]);
    return assess('CP_REVIEW_OVERDUE', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/** NEGLECT_ESCALATION_DELAY: on a plan for neglect continuously for more than 12 months, never in the PLO since it started. */
export function neglectEscalationDelay(world: World, policy: Policy): Assessment[] {
  return onPlan(world)
    .filter(({ plan }) => plan.data.category === 'neglect')
    .map(({ child, plan }) => {
      const escalated = child.ploEpisodes.some((e) => e.enteredOn >= plan.from && e.enteredOn <= world.asOf);
      const detail = escalated ? undefined : monthsOverdue(plan.from, policy.neglectEscalation.months, world.asOf, [plan.eventId]);
      return assess('NEGLECT_ESCALATION_DELAY', childSubject(child), childScope(child, world.asOf), detail);
    });
}
