import { z } from 'zod';
import { addDays, birthdayAt, daysBetween, maxDate, type IsoDate } from '../dates.js';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, monthsOverdue, overdue, type Assessment } from './flag.js';
import { employmentOn, factsOfType, periodOn, type ChildView, type World } from './world.js';
import { AS_REPORTED_2014, defineRule, LETTER_2018 } from './rule-definition.js';
import { age, months } from './threshold-fields.js';
import { count, inWords, longDate, sentenceCase } from './wording.js';

const pathwayPlansPolicy = z.strictObject({ reviewMonths: months, untilAge: age });
const personalAdvisersPolicy = z.strictObject({ fromAge: age });
const careLeaverContactPolicy = z.strictObject({ notInTouchDays: z.int().min(1).max(365), untilAge: age });
const careLeaverAccommodationPolicy = z.strictObject({ unsuitableDays: z.int().min(0).max(365), untilAge: age });

/** Where a care leaver living there is never suitably housed, whatever the record says (statutory guidance: bed and breakfast is not suitable). */
const NEVER_SUITABLE = new Set(['bed_and_breakfast', 'no_fixed_abode']);

/**
 * PATHWAY_PLAN_REVIEW_OVERDUE: a care leaver — a child whose latest episode of care
 * ended on or after their 16th birthday — until the age the policy names (21) has
 * their pathway plan reviewed at least every 6 months. The clock runs from the last
 * pathway plan review since they turned 16, or from leaving care.
 */
export function pathwayPlanReviewOverdue(world: World, policy: z.output<typeof pathwayPlansPolicy>): Assessment[] {
  const { reviewMonths, untilAge } = policy;
  const { asOf } = world;
  return world.children.flatMap((child) => {
    const left = careLeftOn(child, asOf);
    if (!left || !child.birthMonth || asOf >= birthdayAt(child.birthMonth, untilAge)) return [];
    const sixteen = birthdayAt(child.birthMonth, 16);
    const review = factsOfType(child, 'PlanReviewed')
      .filter((r) => r.data.plan === 'pathway' && r.occurredOn >= sixteen && r.occurredOn <= asOf)
      .at(-1);
    const detail = monthsOverdue(review?.occurredOn ?? left.on, reviewMonths, asOf, [review?.eventId ?? left.eventId]);
    return [assess('PATHWAY_PLAN_REVIEW_OVERDUE', childSubject(child), childScope(child, asOf), detail)];
  });
}

/** When a care leaver's latest episode of care ended (undefined if looked after now, never was, or left before 16). */
export function careLeftOn(child: ChildView, asOf: IsoDate): { on: IsoDate; eventId: string } | undefined {
  const last = child.lookedAfter.findLast((p) => p.from <= asOf);
  if (!last?.to || last.to > asOf || !child.birthMonth || last.to < birthdayAt(child.birthMonth, 16)) return undefined;
  const ceased = factsOfType(child, 'CeasedLookedAfter').find((f) => f.occurredOn === last.to);
  return { on: last.to, eventId: ceased?.eventId ?? last.eventId };
}

/**
 * NO_PERSONAL_ADVISER: a looked-after child aged 16 or over with no personal adviser
 * in post: none allocated, or the one allocated has since left. The breach runs from
 * the 16th birthday (or coming into care, or the adviser leaving, if later).
 */
export function noPersonalAdviser(world: World, policy: z.output<typeof personalAdvisersPolicy>): Assessment[] {
  const { asOf } = world;
  const workers = new Map(world.workers.map((w) => [w.id, w]));
  return world.children.flatMap((child) => {
    const period = periodOn(child.lookedAfter, asOf);
    if (!period || !child.birthMonth) return [];
    const from = maxDate(birthdayAt(child.birthMonth, policy.fromAge), period.from);
    if (asOf < from) return [];
    const allocation = factsOfType(child, 'PersonalAdviserAllocated')
      .filter((f) => f.occurredOn <= asOf)
      .at(-1);
    const adviser = allocation && workers.get(allocation.data.workerId);
    // An adviser whose own stream is not visible (e.g. known-at before it was logged) counts as in post.
    const leftOn = adviser && !employmentOn(adviser, asOf) ? adviser.employments.at(-1)?.leftOn : undefined;
    if (allocation && !leftOn) return [assess('NO_PERSONAL_ADVISER', childSubject(child), childScope(child, asOf), undefined)];
    const since = leftOn ? maxDate(from, addDays(leftOn, 1)) : from;
    const evidence = [allocation?.eventId ?? period.eventId];
    const detail = { dueSince: since, daysOverdue: daysBetween(since, asOf), severity: 'amber' as const, evidence, measures: { reason: leftOn ? 'adviser left' : 'none allocated' } };
    return [assess('NO_PERSONAL_ADVISER', childSubject(child), childScope(child, asOf), detail)];
  });
}

/**
 * A care leaver's (left care aged 16 or over, under `untilAge`) latest contact record
 * since leaving care, on `asOf`; undefined when none has been recorded yet.
 */
function latestContact(child: ChildView, asOf: IsoDate, untilAge: number) {
  const left = careLeftOn(child, asOf);
  if (!left || !child.birthMonth || asOf >= birthdayAt(child.birthMonth, untilAge)) return undefined;
  return factsOfType(child, 'CareLeaverContactRecorded')
    .filter((f) => f.occurredOn >= left.on && f.occurredOn <= asOf)
    .at(-1);
}

/**
 * CARE_LEAVER_NOT_IN_TOUCH: a care leaver whose latest contact record says they are not
 * in touch, for more than the days allowed since that record. Refusing contact, no longer
 * needing it, having returned home or died are not "not in touch". A care leaver with no
 * contact record since leaving care is not judged: nothing says either way.
 */
export function careLeaverNotInTouch(world: World, policy: z.output<typeof careLeaverContactPolicy>): Assessment[] {
  const { asOf } = world;
  return world.children.flatMap((child) => {
    const contact = latestContact(child, asOf, policy.untilAge);
    if (!contact) return [];
    const detail = contact.data.inTouch === 'no' ? overdue(contact.occurredOn, policy.notInTouchDays, asOf, [contact.eventId]) : undefined;
    return [assess('CARE_LEAVER_NOT_IN_TOUCH', childSubject(child), childScope(child, asOf), detail && { ...detail, measures: { since: contact.occurredOn } })];
  });
}

/**
 * CARE_LEAVER_UNSUITABLE_ACCOMMODATION: a care leaver in touch whose latest contact
 * record has them in accommodation that does not suit them, or in bed and breakfast or
 * with no fixed abode (never suitable), for more than the days allowed since that record.
 */
export function careLeaverUnsuitableAccommodation(world: World, policy: z.output<typeof careLeaverAccommodationPolicy>): Assessment[] {
  const { asOf } = world;
  return world.children.flatMap((child) => {
    const contact = latestContact(child, asOf, policy.untilAge);
    if (contact?.data.inTouch !== 'yes') return [];
    const { accommodation, accommodationSuitable } = contact.data;
    const unsuitable = accommodationSuitable === false || NEVER_SUITABLE.has(String(accommodation));
    const detail = unsuitable ? overdue(contact.occurredOn, policy.unsuitableDays, asOf, [contact.eventId]) : undefined;
    return [
      assess(
        'CARE_LEAVER_UNSUITABLE_ACCOMMODATION',
        childSubject(child),
        childScope(child, asOf),
        detail && { ...detail, measures: { since: contact.occurredOn, accommodation: String(accommodation) } },
      ),
    ];
  });
}

/** The 2014 inspection's words on care leavers, as reported: the finding the care-leaver rules answer. */
const CARE_LEAVER_SUPPORT_2014 = {
  text: 'The level and quality of support that care leavers receive is inconsistent and does not deliver good outcomes for many young people',
  report: '2014 inspection',
  via: AS_REPORTED_2014,
} as const;

/** What the contact rules read: leaving care, age, and the contact records. */
const CONTACT_READS = [...SCOPE_FACTS, 'ChildRegistered', 'BecameLookedAfter', 'CeasedLookedAfter', 'CareLeaverContactRecorded'] as const;

export const PATHWAY_PLAN_REVIEW_OVERDUE = defineRule({
  rule: 'PATHWAY_PLAN_REVIEW_OVERDUE',
  subject: 'child',
  title: 'Pathway plan review overdue',
  kind: 'duty',
  description: "A care leaver's (left care aged 16 or over, until the age limit) pathway plan last reviewed, or care left, more than the interval ago",
  flagsWhen: 'a care leaver (left care aged 16+) under 21: last pathway review since 16 (or leaving care) over 6 months ago',
  finding: 'Pathway plans not reviewed (2018 inspection)',
  // Only the 2018 letter finds plans not brought up to date: the 2022 report finds their outcomes routinely reviewed (¶31), the 2014 account faults their focus.
  quote: {
    text: 'Care leavers now feel better supported and have clearer plans, although they are not always completed soon enough or brought up to date when things change.',
    report: '2018 inspection',
    via: LETTER_2018,
  },
  source: 'Care Leavers (England) Regulations 2010 (6 months)',
  severity: 'red when over by the interval again',
  policy: { key: 'pathwayPlans', schema: pathwayPlansPolicy, defaults: { reviewMonths: 6, untilAge: 21 } },
  reads: [...SCOPE_FACTS, 'ChildRegistered', 'BecameLookedAfter', 'CeasedLookedAfter', 'PlanReviewed'],
  reason: (f, p) => `Pathway plan review due by ${longDate(f.dueSince)} (every ${count(p.reviewMonths, 'month')})`,
  indicator: (p) => `care leavers under ${p.untilAge} with their pathway plan reviewed every ${count(p.reviewMonths, 'month')}`,
  evaluate: pathwayPlanReviewOverdue,
});

export const NO_PERSONAL_ADVISER = defineRule({
  rule: 'NO_PERSONAL_ADVISER',
  subject: 'child',
  title: 'No personal adviser',
  kind: 'condition',
  description: 'Looked after, aged 16 or over, and no personal adviser in post (none allocated, or the one allocated has left)',
  flagsWhen: 'looked after, aged 16+, no adviser allocated or the adviser has left (amber)',
  finding: 'Personal advisers not allocated by 16',
  // No report held finds advisers allocated late (the 2022 report has them allocated before children turn 16, ¶30): the quote is the 2014 concern an adviser answers.
  quote: CARE_LEAVER_SUPPORT_2014,
  source: 'Children (Leaving Care) Act 2000; Care Leavers (England) Regulations 2010',
  severity: 'amber',
  policy: { key: 'personalAdvisers', schema: personalAdvisersPolicy, defaults: { fromAge: 16 } },
  alsoReads: 'workers',
  // Care, age, allocation and the adviser's employment: a worker's supervision or a child's visit changes nothing here.
  reads: ['ChildRegistered', 'CaseAllocated', 'CaseClosed', 'BecameLookedAfter', 'CeasedLookedAfter', 'PersonalAdviserAllocated', 'WorkerJoined', 'WorkerLeft'],
  reason: (f) => (f.measures?.reason === 'adviser left' ? 'The personal adviser allocated has left and none has replaced them' : 'No personal adviser allocated'),
  indicator: (p) => `looked-after young people aged ${p.fromAge} or over with a personal adviser`,
  evaluate: noPersonalAdviser,
});

export const CARE_LEAVER_NOT_IN_TOUCH = defineRule({
  rule: 'CARE_LEAVER_NOT_IN_TOUCH',
  subject: 'child',
  title: 'Care leaver not in touch',
  kind: 'duty',
  description: 'A care leaver (left care aged 16 or over, under the age limit) whose latest contact record says they are not in touch, for longer than the days allowed since it',
  flagsWhen: 'a care leaver under 21 whose latest contact record (since leaving care) says not in touch, over 28 days ago',
  finding: 'Care leavers not kept in touch with (2014 inspection)',
  // The 2022 report finds advisers determined in staying in touch (¶32); the 2014 account finds support inconsistent.
  quote: CARE_LEAVER_SUPPORT_2014,
  source: 'Children (Leaving Care) Act 2000 (the duty to keep in touch); SSDA903 OC3; the days allowed are a local choice',
  severity: 'red when over by as long again',
  policy: { key: 'careLeaverContact', schema: careLeaverContactPolicy, defaults: { notInTouchDays: 28, untilAge: 21 }, localChoice: 'the days allowed' },
  reads: CONTACT_READS,
  reason: (f, p) => `Not in touch since ${longDate(String(f.measures?.since))}; contact to be regained within ${count(p.notInTouchDays, 'day')}`,
  indicator: (p) => `care leavers under ${p.untilAge} in touch, or out of touch for ${count(p.notInTouchDays, 'day')} or less`,
  evaluate: careLeaverNotInTouch,
});

export const CARE_LEAVER_UNSUITABLE_ACCOMMODATION = defineRule({
  rule: 'CARE_LEAVER_UNSUITABLE_ACCOMMODATION',
  subject: 'child',
  title: 'Care leaver in unsuitable accommodation',
  kind: 'duty',
  description:
    'A care leaver in touch whose latest contact record has them in accommodation that does not suit them, or in bed and breakfast or with no fixed abode, for longer than the days allowed since it',
  flagsWhen: 'a care leaver under 21 in unsuitable accommodation, bed and breakfast or no fixed abode by their latest contact record, over 14 days ago',
  finding: 'Care leavers in unsuitable accommodation (2014 inspection)',
  // No report held names the accommodation; the 2014 account finds care leavers' support inconsistent, and the 2022 report finds advisers securing high-quality homes (¶32).
  quote: CARE_LEAVER_SUPPORT_2014,
  source: 'Care leavers statutory guidance (Children Act 1989 guidance, volume 3): bed and breakfast is not suitable; SSDA903 OC3; the days allowed are a local choice',
  severity: 'red when over by as long again',
  policy: { key: 'careLeaverAccommodation', schema: careLeaverAccommodationPolicy, defaults: { unsuitableDays: 14, untilAge: 21 }, localChoice: 'the days allowed' },
  reads: CONTACT_READS,
  reason: (f, p) => `${sentenceCase(inWords(String(f.measures?.accommodation)))} since ${longDate(String(f.measures?.since))}, not suitable; to be resolved within ${count(p.unsuitableDays, 'day')}`,
  indicator: (p) => `care leavers under ${p.untilAge} in suitable accommodation, or moved within ${count(p.unsuitableDays, 'day')}`,
  evaluate: careLeaverUnsuitableAccommodation,
});
