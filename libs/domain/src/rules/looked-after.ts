import { z } from 'zod';
import { addMonths, ageOn, type IsoDate } from '../dates.js';
import { SHORT_BREAK_STATUSES } from '../events/catalogue.js';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, monthsOverdue, overdue, workingDaysOverdue, type Assessment, type FlagDetail, type RuleId } from './flag.js';
import { factsOf, legalStatuses, periodOn, runOn, type ChildView, type Period, type World } from './world.js';
import { AS_REPORTED_2014, defineRule } from './rule-definition.js';
import { age, days, months, weeks, workingDays } from './threshold-fields.js';
import { count, longDate } from './wording.js';

const lookedAfterVisitsPolicy = z.strictObject({ firstVisitDays: days(), firstYearWeeks: weeks, longTermMonths: months, otherWeeks: weeks });
const lookedAfterReviewsPolicy = z.strictObject({ firstWorkingDays: workingDays, secondMonths: months, laterMonths: months, shortBreakFirstMonths: months, shortBreakLaterMonths: months });
const healthAssessmentsPolicy = z.strictObject({ initialWorkingDays: workingDays, youngerThanAge: age, youngerMonths: months, olderMonths: months });
const dentalChecksPolicy = z.strictObject({ months, afterLookedAfterMonths: months });
const emotionalHealthPolicy = z.strictObject({ months, afterLookedAfterMonths: months, fromAge: age, untilAge: age });

/**
 * The run of a spell in care, on `on`, through which it has been short breaks, or not,
 * throughout: from its start, or from the legal status change that turned it. A child's
 * statutory clocks (reviews, health, dental) start when their care stops being short breaks.
 */
function careRunOn(child: ChildView, period: Period<'BecameLookedAfter'>, on: IsoDate) {
  const { from, eventId, holds } = runOn(legalStatuses(child, period, on), (status) => SHORT_BREAK_STATUSES.includes(status));
  return { from, eventId, shortBreaks: holds };
}

/** Every child looked after on the date, assessed by `detail` (undefined: out of scope). */
function eachLookedAfter(world: World, rule: RuleId, detail: (child: ChildView, period: Period<'BecameLookedAfter'>) => FlagDetail | undefined | 'out of scope'): Assessment[] {
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
export function lookedAfterVisitOverdue(world: World, v: z.output<typeof lookedAfterVisitsPolicy>): Assessment[] {
  const { asOf } = world;
  return eachLookedAfter(world, 'LOOKED_AFTER_VISIT_OVERDUE', (child) => {
    const placement = periodOn(child.placements, asOf);
    if (!placement) return 'out of scope';
    const last = factsOf(child, 'ChildVisited', placement.from, asOf).at(-1);
    if (!last) return overdue(placement.from, v.firstVisitDays, asOf, [placement.eventId]);
    const evidence = [last.eventId];
    if (last.occurredOn < addMonths(placement.from, 12)) return overdue(last.occurredOn, 7 * v.firstYearWeeks, asOf, evidence);
    if (placement.data.intendedUntil18) return monthsOverdue(last.occurredOn, v.longTermMonths, asOf, evidence);
    return overdue(last.occurredOn, 7 * v.otherWeeks, asOf, evidence);
  });
}

/**
 * LOOKED_AFTER_REVIEW_OVERDUE (reg 33): the first review within 20 working days of
 * becoming looked after, the second within 3 months of the first, later ones within
 * 6 months of the one before. Short breaks (legal status V3 or V4) follow their own
 * cadence: the first review within 3 months, then every 6 months. Reviews count from
 * the current run of care (CareRun): a child whose short breaks become full care
 * starts the statutory cadence then.
 */
export function lookedAfterReviewOverdue(world: World, r: z.output<typeof lookedAfterReviewsPolicy>): Assessment[] {
  const { asOf } = world;
  return eachLookedAfter(world, 'LOOKED_AFTER_REVIEW_OVERDUE', (child, period) => {
    const run = careRunOn(child, period, asOf);
    const reviews = factsOf(child, 'LookedAfterReviewHeld', run.from, asOf);
    const last = reviews.at(-1);
    if (run.shortBreaks) return monthsOverdue(last?.occurredOn ?? run.from, last ? r.shortBreakLaterMonths : r.shortBreakFirstMonths, asOf, [last?.eventId ?? run.eventId]);
    if (!last) return workingDaysOverdue(run.from, r.firstWorkingDays, asOf, [run.eventId]);
    return monthsOverdue(last.occurredOn, reviews.length === 1 ? r.secondMonths : r.laterMonths, asOf, [last.eventId]);
  });
}

/**
 * HEALTH_ASSESSMENT_OVERDUE: an initial health assessment within 20 working days of
 * becoming looked after; then the last assessment is no older than 6 months when
 * the child was under 5 at it, 12 months otherwise (the schedule is set when the
 * assessment is done, so a child who turns 5 keeps the 6-month review it was given).
 * Not owed on short breaks; owed from the day care stops being short breaks.
 */
export function healthAssessmentOverdue(world: World, h: z.output<typeof healthAssessmentsPolicy>): Assessment[] {
  const { asOf } = world;
  return eachLookedAfter(world, 'HEALTH_ASSESSMENT_OVERDUE', (child, period) => {
    const run = careRunOn(child, period, asOf);
    if (run.shortBreaks) return 'out of scope';
    const last = factsOf(child, 'HealthAssessmentCompleted', run.from, asOf).at(-1);
    if (!last) return workingDaysOverdue(run.from, h.initialWorkingDays, asOf, [run.eventId]);
    const young = child.birthMonth !== undefined && ageOn(child.birthMonth, last.occurredOn) < h.youngerThanAge;
    const detail = monthsOverdue(last.occurredOn, young ? h.youngerMonths : h.olderMonths, asOf, [last.eventId]);
    return detail && { ...detail, measures: { interval: `${young ? h.youngerMonths : h.olderMonths} months` } };
  });
}

/**
 * DENTAL_CHECK_OVERDUE: a child looked after for 12 months or more whose last dental
 * check in this run of care (or, with none, its start) is older than the interval.
 * The flag's due date is when the check fell due, which may be before the child came
 * into scope when an LA checks every 6 months. Short breaks are left out, as the
 * Department leaves them out of its cohort; the 12 months count from the end of them.
 */
export function dentalCheckOverdue(world: World, d: z.output<typeof dentalChecksPolicy>): Assessment[] {
  const { asOf } = world;
  return eachLookedAfter(world, 'DENTAL_CHECK_OVERDUE', (child, period) => {
    const run = careRunOn(child, period, asOf);
    if (run.shortBreaks || asOf < addMonths(run.from, d.afterLookedAfterMonths)) return 'out of scope';
    const last = factsOf(child, 'DentalCheckCompleted', run.from, asOf).at(-1);
    return monthsOverdue(last?.occurredOn ?? run.from, d.months, asOf, [last?.eventId ?? run.eventId]);
  });
}

/**
 * SDQ_OVERDUE: a child looked after for 12 months or more (not on short breaks), aged
 * 4 to 16, whose last strengths and difficulties questionnaire in this run of care (a
 * score, or the reason there is none) is older than 12 months, or who has had none by
 * the 12 months. Ages count from the birth month, as everywhere; "to 16" is before 17.
 */
export function sdqOverdue(world: World, e: z.output<typeof emotionalHealthPolicy>): Assessment[] {
  const { asOf } = world;
  return eachLookedAfter(world, 'SDQ_OVERDUE', (child, period) => {
    const run = careRunOn(child, period, asOf);
    const years = child.birthMonth === undefined ? undefined : ageOn(child.birthMonth, asOf);
    if (run.shortBreaks || years === undefined || years < e.fromAge || years >= e.untilAge || asOf < addMonths(run.from, e.afterLookedAfterMonths)) return 'out of scope';
    const last = factsOf(child, 'StrengthsAndDifficultiesRecorded', run.from, asOf).at(-1);
    return monthsOverdue(last?.occurredOn ?? run.from, e.months, asOf, [last?.eventId ?? run.eventId]);
  });
}

export const LOOKED_AFTER_VISIT_OVERDUE = defineRule({
  rule: 'LOOKED_AFTER_VISIT_OVERDUE',
  subject: 'child',
  title: 'Looked-after visit overdue',
  kind: 'duty',
  description: 'A looked-after child in a placement not visited within a week of its start, then within 6 weeks in its first year, then 3 months (placement intended until 18) or 6 weeks',
  flagsWhen: "in a placement: no visit within 7 days of its start, then 6 weeks while the last visit is in the placement's first year, then 3 months (intended until 18) or 6 weeks",
  finding: 'Looked-after children not visited as often as regulations require',
  // No report held finds looked-after children visited too seldom: the 2022 report finds visiting responsive to their needs (¶19).
  quote: null,
  source: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 28',
  severity: 'red when over by the interval again',
  policy: { key: 'lookedAfterVisits', schema: lookedAfterVisitsPolicy, defaults: { firstVisitDays: 7, firstYearWeeks: 6, longTermMonths: 3, otherWeeks: 6 } },
  reads: [...SCOPE_FACTS, 'BecameLookedAfter', 'CeasedLookedAfter', 'PlacementStarted', 'PlacementEnded', 'ChildVisited'],
  reason: (f) => `Visit due by ${longDate(f.dueSince)}, not recorded`,
  // Four intervals make its schedule: the Rules page gives them, the indicator names the duty.
  indicator: () => 'looked-after children in a placement visited as often as required',
  evaluate: lookedAfterVisitOverdue,
});

export const LOOKED_AFTER_REVIEW_OVERDUE = defineRule({
  rule: 'LOOKED_AFTER_REVIEW_OVERDUE',
  subject: 'child',
  title: 'Looked-after review overdue',
  kind: 'duty',
  description: 'Reviews not within 20 working days of becoming looked after, then 3 months after the first, then every 6 months; on short breaks, the first within 3 months, then every 6 months',
  flagsWhen: 'no review within 20 working days of coming into care, then 3 months, then 6 months (short breaks: 3 months, then 6)',
  finding: 'Looked-after reviews not timely',
  // No report held finds looked-after reviews late: the 2018 letter says children's needs are reviewed on time.
  quote: null,
  source: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33 (short breaks: reg 48)',
  severity: 'red when over by the interval again',
  policy: {
    key: 'lookedAfterReviews',
    schema: lookedAfterReviewsPolicy,
    defaults: { firstWorkingDays: 20, secondMonths: 3, laterMonths: 6, shortBreakFirstMonths: 3, shortBreakLaterMonths: 6 },
  },
  reads: [...SCOPE_FACTS, 'BecameLookedAfter', 'CeasedLookedAfter', 'LegalStatusChanged', 'LookedAfterReviewHeld'],
  reason: (f) => `Review due by ${longDate(f.dueSince)}, not held`,
  indicator: (r) =>
    `looked-after children with reviews on time (the first within ${count(r.firstWorkingDays, 'working day')}, the second within ${count(r.secondMonths, 'month')}, then every ${count(r.laterMonths, 'month')})`,
  evaluate: lookedAfterReviewOverdue,
});

export const HEALTH_ASSESSMENT_OVERDUE = defineRule({
  rule: 'HEALTH_ASSESSMENT_OVERDUE',
  subject: 'child',
  title: 'Health assessment overdue',
  kind: 'duty',
  description: 'Looked after (not on short breaks) with no initial health assessment within 20 working days, or the last one older than 6 months (under 5 at it) or 12 months (5 and over)',
  flagsWhen: 'no initial assessment within 20 working days; then the last one older than 6 months (under 5 at it) or 12 months',
  finding: 'Too many children in care without an up-to-date health assessment (2014 inspection)',
  quote: { text: 'too many looked-after children did not have an up-to-date health assessment', report: '2014 inspection', via: AS_REPORTED_2014 },
  source: 'Promoting the health and well-being of looked-after children (DfE/DHSC 2015)',
  severity: 'red when over by the interval again',
  policy: { key: 'healthAssessments', schema: healthAssessmentsPolicy, defaults: { initialWorkingDays: 20, youngerThanAge: 5, youngerMonths: 6, olderMonths: 12 } },
  reads: [...SCOPE_FACTS, 'ChildRegistered', 'BecameLookedAfter', 'CeasedLookedAfter', 'LegalStatusChanged', 'HealthAssessmentCompleted'],
  reason: (f) =>
    f.measures?.interval
      ? `Health assessment due by ${longDate(f.dueSince)} (every ${f.measures.interval})`
      : `No initial health assessment within ${count(f.measures?.limit, 'working day')} of becoming looked after`,
  indicator: (h) =>
    `looked-after children with an up-to-date health assessment (every ${count(h.youngerMonths, 'month')} under ${h.youngerThanAge}, every ${count(h.olderMonths, 'month')} from ${h.youngerThanAge})`,
  evaluate: healthAssessmentOverdue,
});

export const DENTAL_CHECK_OVERDUE = defineRule({
  rule: 'DENTAL_CHECK_OVERDUE',
  subject: 'child',
  title: 'Dental check overdue',
  kind: 'duty',
  description: 'Looked after (not on short breaks) for 12 months or more and the last dental check of this run of care (or its start) older than the interval',
  flagsWhen: 'looked after 12+ months, last check in this episode of care (or its start) older than 12 months',
  finding: 'Too many children in care without recent dental checks (2022 inspection ¶21)',
  quote: {
    text: 'However, too many children in care have not had recent dental checks, meaning their short and longer-term dental health is not sufficiently addressed.',
    report: '2022 inspection',
    paragraph: 21,
  },
  source: 'Typical LA policy: 12 months (some LAs use 6)',
  severity: 'red when over by the interval again',
  policy: { key: 'dentalChecks', schema: dentalChecksPolicy, defaults: { months: 12, afterLookedAfterMonths: 12 }, localChoice: '6 or 12' },
  reads: [...SCOPE_FACTS, 'BecameLookedAfter', 'CeasedLookedAfter', 'LegalStatusChanged', 'DentalCheckCompleted'],
  reason: (f, p) => `Dental check due by ${longDate(f.dueSince)} (every ${count(p.months, 'month')})`,
  indicator: (d) => `children looked after for ${count(d.afterLookedAfterMonths, 'month')} or more with an up-to-date dental check (every ${count(d.months, 'month')})`,
  evaluate: dentalCheckOverdue,
});

export const SDQ_OVERDUE = defineRule({
  rule: 'SDQ_OVERDUE',
  subject: 'child',
  title: 'Strengths and difficulties questionnaire overdue',
  kind: 'duty',
  description:
    'Looked after (not on short breaks) for 12 months or more, aged 4 to 16, and no strengths and difficulties questionnaire in this run of care within the interval (a score, or the reason there is none)',
  flagsWhen: 'looked after 12+ months, aged 4–16, last questionnaire (or the start of care) over 12 months ago',
  finding: "Children's emotional needs not met in good time (2022 inspection)",
  quote: { text: "The timeliness of meeting children's dental and emotional needs.", report: '2022 inspection' },
  source: 'Promoting the health and well-being of looked-after children (DfE/DHSC 2015): an SDQ every year, 4 to 16; SSDA903 OC2',
  severity: 'red when over by the interval again',
  policy: { key: 'emotionalHealth', schema: emotionalHealthPolicy, defaults: { months: 12, afterLookedAfterMonths: 12, fromAge: 4, untilAge: 17 } },
  reads: [...SCOPE_FACTS, 'ChildRegistered', 'BecameLookedAfter', 'CeasedLookedAfter', 'LegalStatusChanged', 'StrengthsAndDifficultiesRecorded'],
  reason: (f, p) => `Strengths and difficulties questionnaire due by ${longDate(f.dueSince)} (every ${count(p.months, 'month')})`,
  indicator: (e) =>
    `children looked after for ${count(e.afterLookedAfterMonths, 'month')} or more, aged ${e.fromAge} to ${e.untilAge - 1}, with a questionnaire in the last ${count(e.months, 'month')}`,
  evaluate: sdqOverdue,
});
