import { addMonths, ageOn } from '../dates.js';
import type { Policy } from '../policy.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, monthsOverdue, overdue, workingDaysOverdue, type Assessment, type FlagDetail, type RuleId } from './flag.js';
import { factsOf, periodOn, type ChildView, type Period, type World } from './world.js';

/** Every child looked after on the date, assessed by `detail` (undefined: out of scope). */
function eachLookedAfter(
  world: World,
  rule: RuleId,
  detail: (child: ChildView, period: Period) => FlagDetail | undefined | 'out of scope',
): Assessment[] {
  return world.children.flatMap((child) => {
    const period = periodOn(child.lookedAfter, world.asOf);
    if (!period) return [];
    const d = detail(child, period);
    return d === 'out of scope' ? [] : [assess(rule, childSubject(child), childScope(child, world.asOf), d)];
  });
}

/**
 * LOOKED_AFTER_VISIT_OVERDUE (Care Planning Regulations 2010 reg 28): a looked-after
 * child in a placement is visited within a week of its start, then at most 6 weeks
 * apart while the last visit falls in the placement's first year; after that 3
 * months apart when the placement is intended to last until 18, otherwise 6 weeks.
 * The clock restarts with each placement: only visits since it started count.
 */
export function lookedAfterVisitOverdue(world: World, policy: Policy): Assessment[] {
  const v = policy.lookedAfterVisits;
  const { asOf } = world;
  return eachLookedAfter(world, 'LOOKED_AFTER_VISIT_OVERDUE', (child) => {
    const placement = periodOn(child.placements, asOf);
    if (!placement) return 'out of scope';
    const last = factsOf(child, 'ChildVisited', placement.from, asOf).at(-1);
    if (!last) return overdue(placement.from, v.firstVisitDays, asOf, [placement.eventId]);
    const evidence = [last.eventId];
    if (last.occurredOn < addMonths(placement.from, 12)) return overdue(last.occurredOn, 7 * v.firstYearWeeks, asOf, evidence);
    if (placement.data.intendedUntil18 === true) return monthsOverdue(last.occurredOn, v.longTermMonths, asOf, evidence);
    return overdue(last.occurredOn, 7 * v.otherWeeks, asOf, evidence);
  });
}

/**
 * LOOKED_AFTER_REVIEW_OVERDUE (reg 33): the first review within 20 working days of
 * becoming looked after, the second within 3 months of the first, later ones within
 * 6 months of the one before. Reviews count from the current episode of care.
 */
export function lookedAfterReviewOverdue(world: World, policy: Policy): Assessment[] {
  const r = policy.lookedAfterReviews;
  const { asOf } = world;
  return eachLookedAfter(world, 'LOOKED_AFTER_REVIEW_OVERDUE', (child, period) => {
    const reviews = factsOf(child, 'LookedAfterReviewHeld', period.from, asOf);
    const last = reviews.at(-1);
    if (!last) return workingDaysOverdue(period.from, r.firstWorkingDays, asOf, [period.eventId]);
    return monthsOverdue(last.occurredOn, reviews.length === 1 ? r.secondMonths : r.laterMonths, asOf, [last.eventId]);
  });
}

/**
 * HEALTH_ASSESSMENT_OVERDUE: an initial health assessment within 20 working days of
 * becoming looked after; then the last assessment is no older than 6 months when
 * the child was under 5 at it, 12 months otherwise (the schedule is set when the
 * assessment is done, so a child who turns 5 keeps the 6-month review it was given).
 */
export function healthAssessmentOverdue(world: World, policy: Policy): Assessment[] {
  const h = policy.healthAssessments;
  const { asOf } = world;
  return eachLookedAfter(world, 'HEALTH_ASSESSMENT_OVERDUE', (child, period) => {
    const last = factsOf(child, 'HealthAssessmentCompleted', period.from, asOf).at(-1);
    if (!last) return workingDaysOverdue(period.from, h.initialWorkingDays, asOf, [period.eventId]);
    const young = child.birthMonth !== undefined && ageOn(child.birthMonth, last.occurredOn) < h.youngerThanAge;
    const detail = monthsOverdue(last.occurredOn, young ? h.youngerMonths : h.olderMonths, asOf, [last.eventId]);
    return detail && { ...detail, measures: { interval: `${young ? h.youngerMonths : h.olderMonths} months` } };
  });
}

/**
 * DENTAL_CHECK_OVERDUE: a child looked after for 12 months or more whose last dental
 * check in this episode of care (or, with none, its start) is older than the
 * interval. The flag's due date is when the check fell due, which may be before the
 * child came into scope when an LA checks every 6 months.
 */
export function dentalCheckOverdue(world: World, policy: Policy): Assessment[] {
  const d = policy.dentalChecks;
  const { asOf } = world;
  return eachLookedAfter(world, 'DENTAL_CHECK_OVERDUE', (child, period) => {
    if (asOf < addMonths(period.from, d.afterLookedAfterMonths)) return 'out of scope';
    const last = factsOf(child, 'DentalCheckCompleted', period.from, asOf).at(-1);
    return monthsOverdue(last?.occurredOn ?? period.from, d.months, asOf, [last?.eventId ?? period.eventId]);
  });
}

