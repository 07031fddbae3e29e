import { z } from 'zod';
import type { IsoDate } from '../dates.js';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, monthsOverdue, workingDaysOverdue, type Assessment } from './flag.js';
import { cpCategories, factsOf, factsOfType, isOpenOn, periodOn, runOn, type ChildView, type World } from './world.js';
import { defineRule, LETTER_2018 } from './rule-definition.js';
import { count, longDate } from './wording.js';

const cpVisitsPolicy = z.strictObject({ workingDays: z.int().min(1).max(260) });
const cpReviewsPolicy = z.strictObject({ firstReviewMonths: z.int().min(1).max(24), reviewMonths: z.int().min(1).max(24) });
const neglectEscalationPolicy = z.strictObject({ months: z.int().min(1).max(120) });
const initialConferencesPolicy = z.strictObject({ workingDays: z.int().min(1).max(60) });

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
export function cpVisitOverdue(world: World, policy: z.output<typeof cpVisitsPolicy>): Assessment[] {
  return onPlan(world).map(({ child, plan }) => {
    const last = factsOf(child, 'ChildVisited', plan.from, world.asOf).at(-1);
    const detail = workingDaysOverdue(last?.occurredOn ?? plan.from, policy.workingDays, world.asOf, [last?.eventId ?? plan.eventId]);
    return assess('CP_VISIT_OVERDUE', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/**
 * CP_REVIEW_OVERDUE: the first review conference is due within 3 months of the
 * initial conference (or of the plan's start when none is recorded), later ones
 * within 6 months of the previous review. The initial conference is this plan's:
 * the last one on or before its start, and not before an earlier plan ended.
 */
export function cpReviewOverdue(world: World, policy: z.output<typeof cpReviewsPolicy>): Assessment[] {
  const { firstReviewMonths, reviewMonths } = policy;
  return onPlan(world).map(({ child, plan }) => {
    const conferences = factsOfType(child, 'ChildProtectionConferenceHeld').filter((f) => f.occurredOn <= world.asOf);
    const lastReview = conferences.filter((f) => f.data.kind === 'review' && f.occurredOn >= plan.from).at(-1);
    const previousEnd = child.cpPlans.filter((p) => p.to !== undefined && p.to <= plan.from).at(-1)?.to;
    const initial = conferences.filter((f) => f.data.kind === 'initial' && f.occurredOn <= plan.from && (previousEnd === undefined || f.occurredOn >= previousEnd)).at(-1);
    const detail = lastReview
      ? monthsOverdue(lastReview.occurredOn, reviewMonths, world.asOf, [lastReview.eventId])
      : monthsOverdue(initial?.occurredOn ?? plan.from, firstReviewMonths, world.asOf, [initial?.eventId ?? plan.eventId]);
    return assess('CP_REVIEW_OVERDUE', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/**
 * NEGLECT_ESCALATION_DELAY: on a plan for neglect continuously for more than 12 months,
 * never in the PLO since it started. The months count from when the plan's category
 * became neglect: its start, or the category change (ChildProtectionCategoryChanged) since
 * which it has been neglect throughout.
 */
export function neglectEscalationDelay(world: World, policy: z.output<typeof neglectEscalationPolicy>): Assessment[] {
  return onPlan(world).flatMap(({ child, plan }) => {
    const neglect = runOn(cpCategories(child, plan, world.asOf), (category) => category === 'neglect');
    if (!neglect.holds) return [];
    const escalated = child.ploEpisodes.some((e) => e.enteredOn >= plan.from && e.enteredOn <= world.asOf);
    const detail = escalated ? undefined : monthsOverdue(neglect.from, policy.months, world.asOf, [neglect.eventId]);
    return [assess('NEGLECT_ESCALATION_DELAY', childSubject(child), childScope(child, world.asOf), detail)];
  });
}

/**
 * INITIAL_CONFERENCE_OVERDUE: a section 47 enquiry under way, or concluded needing a
 * conference, and no initial child protection conference within N working days of the
 * strategy discussion that led to it. The clock runs from the last strategy discussion
 * on or before the enquiry started (and after any earlier enquiry started), or from the
 * enquiry's start when none is recorded, as the CIN census's check 8675Q counts. In scope
 * from the child's latest enquiry's start until an initial conference is held, the
 * enquiry concludes that none is needed, or the case closes.
 */
export function initialConferenceOverdue(world: World, policy: z.output<typeof initialConferencesPolicy>): Assessment[] {
  return world.children.flatMap((child) => {
    const pending = pendingEnquiry(child, world.asOf);
    if (!pending) return [];
    const { clock, evidence } = pending;
    return [assess('INITIAL_CONFERENCE_OVERDUE', childSubject(child), childScope(child, world.asOf), workingDaysOverdue(clock, policy.workingDays, world.asOf, evidence))];
  });
}

/** The child's latest section 47 enquiry still waiting for an initial conference on `asOf`: when its clock started, and the facts that started it. */
function pendingEnquiry(child: ChildView, asOf: IsoDate): { clock: IsoDate; evidence: string[] } | undefined {
  const enquiries = child.assessments.filter((a) => a.data.kind === 'section_47' && a.from <= asOf);
  const enquiry = enquiries.at(-1);
  if (!enquiry || !isOpenOn(child, asOf)) return undefined;
  const outcome = factsOfType(child, 'AssessmentCompleted').find((f) => f.data.assessmentId === enquiry.data.assessmentId && f.occurredOn <= asOf);
  if (outcome?.data.initialConferenceNeeded === false) return undefined;
  const earlier = enquiries.at(-2)?.from;
  const strategy = factsOfType(child, 'StrategyDiscussionHeld')
    .filter((f) => f.occurredOn <= enquiry.from && (earlier === undefined || f.occurredOn > earlier))
    .at(-1);
  const clock = strategy?.occurredOn ?? enquiry.from;
  const held = factsOfType(child, 'ChildProtectionConferenceHeld').some((f) => f.data.kind === 'initial' && f.occurredOn >= clock && f.occurredOn <= asOf);
  return held ? undefined : { clock, evidence: strategy ? [strategy.eventId, enquiry.eventId] : [enquiry.eventId] };
}

export const CP_VISIT_OVERDUE = defineRule({
  rule: 'CP_VISIT_OVERDUE',
  subject: 'child',
  title: 'Child protection visit overdue',
  kind: 'duty',
  description: 'On a child protection plan and not visited for more than the limit in working days (from the plan start when never visited)',
  flagsWhen: 'on a CP plan, last visit since it started (or its start) over 15 working days ago',
  finding: 'Children on child protection plans not visited often enough',
  // No report held finds these children visited too seldom (the 2022 report finds them regularly seen, ¶9): the quote is the 2018 concern their visits answer.
  quote: { text: 'When some children are at risk of serious harm, they are not always kept safe in the right way or at the right time.', report: '2018 inspection', via: LETTER_2018 },
  source: 'Pan-Lancashire child protection procedures: 15 working days (some LAs use 10)',
  severity: 'red after twice the limit',
  policy: { key: 'cpVisits', schema: cpVisitsPolicy, defaults: { workingDays: 15 }, localChoice: '10 or 15' },
  reads: [...SCOPE_FACTS, 'ChildProtectionPlanStarted', 'ChildProtectionPlanEnded', 'ChildVisited'],
  reason: (f) => `Not visited for ${count(f.measures?.workingDays, 'working day')}; visits due every ${count(f.measures?.limit, 'working day')}`,
  indicator: (p) => `children on a child protection plan visited within ${count(p.workingDays, 'working day')}`,
  evaluate: cpVisitOverdue,
});

export const INITIAL_CONFERENCE_OVERDUE = defineRule({
  rule: 'INITIAL_CONFERENCE_OVERDUE',
  subject: 'child',
  title: 'Initial child protection conference overdue',
  kind: 'duty',
  description:
    'A section 47 enquiry under way, or concluded needing a conference, and no initial child protection conference within the limit in working days of the strategy discussion (of the enquiry’s start when none is recorded)',
  flagsWhen: 'a section 47 enquiry not concluded "no conference needed", no initial conference over 15 working days after its strategy discussion',
  finding: 'Children at risk of serious harm not protected at the right time',
  // The 2018 letter's words on timeliness for children at risk; no report held dates initial conferences.
  quote: { text: 'When some children are at risk of serious harm, they are not always kept safe in the right way or at the right time.', report: '2018 inspection', via: LETTER_2018 },
  source: 'Working Together to Safeguard Children 2023 (15 working days from the strategy discussion); CIN census check 8675Q',
  severity: 'red after twice the limit',
  policy: { key: 'initialConferences', schema: initialConferencesPolicy, defaults: { workingDays: 15 } },
  reads: [...SCOPE_FACTS, 'StrategyDiscussionHeld', 'AssessmentStarted', 'AssessmentCompleted', 'ChildProtectionConferenceHeld'],
  reason: (f) => `No initial conference ${count(f.measures?.workingDays, 'working day')} after the strategy discussion; due within ${count(f.measures?.limit, 'working day')}`,
  indicator: (p) => `children in a section 47 enquiry whose initial conference is within ${count(p.workingDays, 'working day')} of the strategy discussion`,
  evaluate: initialConferenceOverdue,
});

export const CP_REVIEW_OVERDUE = defineRule({
  rule: 'CP_REVIEW_OVERDUE',
  subject: 'child',
  title: 'Child protection review overdue',
  kind: 'duty',
  description: 'First review conference more than the first limit after the initial conference, later reviews further apart than the review limit',
  flagsWhen: 'first review over 3 months after the initial conference (or plan start), later ones over 6 months apart',
  finding: 'Child protection reviews not timely',
  // No report held speaks of when child protection reviews are held: the 2022 report finds plans regularly reviewed in core groups and conferences (¶7).
  quote: null,
  source: 'Working Together to Safeguard Children 2023 (3 months, then 6 months)',
  severity: 'red when over by as long again',
  policy: { key: 'cpReviews', schema: cpReviewsPolicy, defaults: { firstReviewMonths: 3, reviewMonths: 6 } },
  reads: [...SCOPE_FACTS, 'ChildProtectionPlanStarted', 'ChildProtectionPlanEnded', 'ChildProtectionConferenceHeld'],
  reason: (f) => `Review conference due by ${longDate(f.dueSince)}, not recorded`,
  indicator: (p) => `children on a child protection plan with review conferences on time (the first within ${count(p.firstReviewMonths, 'month')}, then every ${count(p.reviewMonths, 'month')})`,
  evaluate: cpReviewOverdue,
});

export const NEGLECT_ESCALATION_DELAY = defineRule({
  rule: 'NEGLECT_ESCALATION_DELAY',
  subject: 'child',
  title: 'Neglect not escalated',
  kind: 'duty',
  description: 'On a child protection plan for neglect continuously for longer than the limit (counted from when its category became neglect), never entering the PLO during it',
  flagsWhen: 'on a neglect CP plan over 12 months, no PLO entry since it started',
  finding: 'Long-term neglect: decisions too adult-focused, children left too long (2022 inspection ¶8, ¶35)',
  quote: { text: 'For some of these children, this delays escalation to the pre-proceedings stage of the PLO.', report: '2022 inspection', paragraph: 8 },
  source: 'Typical LA policy (12 months)',
  severity: 'red when over by as long again',
  policy: { key: 'neglectEscalation', schema: neglectEscalationPolicy, defaults: { months: 12 } },
  reads: [...SCOPE_FACTS, 'ChildProtectionPlanStarted', 'ChildProtectionCategoryChanged', 'ChildProtectionPlanEnded', 'PloStageEntered', 'PloStageExited'],
  reason: (f, p) => `On a child protection plan for neglect for more than ${count(p.months, 'month')} without entering the PLO (since ${longDate(f.dueSince)})`,
  indicator: (p) => `children on a child protection plan for neglect for ${count(p.months, 'month')} or less, or who have entered the PLO during it`,
  evaluate: neglectEscalationDelay,
});
