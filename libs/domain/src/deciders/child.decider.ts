import type { EventTypeOf } from '../events/catalogue.js';
import { cpCategories, factsOf, factsOfType, legalStatuses, openPeriod, valueOn, type ChildView } from '../history/child-history.js';
import { liveFacts, type Fact, type FactOf, type SubjectTimeline } from '../timeline.js';
import { refuse, type Refusal } from './refusal.js';
import { unreachable } from './unreachable.js';

/** A fact of a child's stream. */
export type ChildFact = FactOf<EventTypeOf<'child'>>;

/**
 * Nothing happens to a child before they are born: a new event about a child may not be
 * dated before the first of the birth month (only the month is recorded) that its
 * ChildRegistered gives, the event's own for a registration. Checked for the new event
 * only, before the replay, so the refusal names the birth month whatever the event is
 * (a pre-birth date would otherwise read as "no ChildRegistered on or before"), and
 * events stored before this check existed do not block later ones.
 */
export function refuseBeforeBirth(fact: Fact, stream: SubjectTimeline): Refusal | undefined {
  const registration = fact.type === 'ChildRegistered' ? fact : liveFacts(stream).find((f) => f.type === 'ChildRegistered');
  const birthMonth = registration?.type === 'ChildRegistered' ? registration.data.birthMonth : undefined;
  if (birthMonth === undefined || fact.occurredOn >= `${birthMonth}-01`) return undefined;
  return refuse(422, `occurredAt: child ${stream.id} was born in ${birthMonth}; the event is dated ${fact.occurredOn}`);
}

/**
 * Why `fact` cannot happen next in the child's history (folded from their earlier
 * facts), or undefined when it can. 409 when it repeats what the history already
 * holds (a duplicate, already in that state, a reference already used); 422 when it
 * refers to something not so at its date (not registered, not looked after, no such
 * open assessment or placement).
 */
export function childRefusal(c: ChildView, fact: ChildFact): Refusal | undefined {
  const on = fact.occurredOn;
  const child = `child ${c.id}`;
  const registered = c.birthMonth !== undefined;
  if (fact.type === 'ChildRegistered') return registered ? refuse(409, `data.childId: ${child} is already registered`) : undefined;
  if (!registered) return refuse(422, `data.childId: ${child} has no ChildRegistered on or before ${on}`);
  const allocation = openPeriod(c.allocations);
  switch (fact.type) {
    case 'CaseAllocated':
      return allocation?.workerId === fact.data.workerId ? refuse(409, `data.workerId: the case is already allocated to ${allocation.workerId}`) : undefined;
    case 'CaseClosed':
      return allocation ? undefined : refuse(422, `data.childId: the case of ${child} is not open on ${on}`);
    case 'PloStageEntered':
    case 'PloStageExited':
      return ploRefusal(c, fact);

    case 'ReferralReceived':
    case 'StrategyDiscussionHeld':
    case 'ChildVisited':
    case 'ManagementOversightRecorded':
      // Nothing in the child's own stream to check: named workers are checked across streams (decide.ts).
      return undefined;

    case 'AssessmentStarted':
    case 'AssessmentCompleted':
      return assessmentRefusal(c, fact);

    case 'ChildInNeedPlanStarted': {
      const plan = openPeriod(c.cinPlans);
      return plan ? refuse(409, `data.childId: ${child} is already on a child in need plan (since ${plan.from})`) : undefined;
    }
    case 'ChildInNeedPlanEnded':
      return openPeriod(c.cinPlans) ? undefined : refuse(422, `data.childId: ${child} is not on a child in need plan on ${on}`);

    case 'ChildProtectionPlanStarted':
    case 'ChildProtectionConferenceHeld':
    case 'ChildProtectionCategoryChanged':
    case 'ChildProtectionPlanEnded':
      return childProtectionRefusal(c, fact);

    case 'PlanReviewed':
      if (fact.data.plan === 'child_protection' && !openPeriod(c.cpPlans)) return refuse(422, `data.plan: ${child} is not on a child protection plan on ${on}`);
      if (fact.data.plan === 'care' && !openPeriod(c.lookedAfter)) return refuse(422, `data.plan: ${child} is not looked after on ${on}`);
      return undefined;

    case 'BecameLookedAfter':
    case 'CeasedLookedAfter':
    case 'PlacementStarted':
    case 'PlacementEnded':
      return lookedAfterRefusal(c, fact);

    case 'LegalStatusChanged': {
      const care = openPeriod(c.lookedAfter);
      if (!care) return refuse(422, `data.childId: ${child} is not looked after on ${on}`);
      const current = valueOn(legalStatuses(c, care, on));
      return current === fact.data.legalStatus ? refuse(409, `data.legalStatus: the legal status of ${child} is already ${current}`) : undefined;
    }

    case 'LookedAfterReviewHeld':
    case 'HealthAssessmentCompleted':
    case 'DentalCheckCompleted':
      return openPeriod(c.lookedAfter) ? undefined : refuse(422, `data.childId: ${child} is not looked after on ${on}`);

    case 'AnnualHealthReturnRecorded': {
      // A return covers the year to 31 March, and is dated that day: one a year.
      if (!on.endsWith('-03-31')) return refuse(422, 'occurredAt: an annual health return is dated 31 March, the last day of the year it covers');
      if (c.lookedAfter.length === 0) return refuse(422, `data.childId: ${child} has never been looked after by ${on}`);
      const earlier = factsOfType(c, 'AnnualHealthReturnRecorded').find((f) => f.occurredOn === on);
      return earlier ? refuse(409, `occurredAt: the annual health return of ${child} for the year to ${on} is already recorded; void it to correct it`) : undefined;
    }

    case 'StrengthsAndDifficultiesRecorded':
      if (!openPeriod(c.lookedAfter)) return refuse(422, `data.childId: ${child} is not looked after on ${on}`);
      // Either a score or the reason there is none: the return holds one or the other.
      return (fact.data.score === undefined) === (fact.data.notScored === undefined) ? refuse(422, 'data.score: give either a score or notScored, not both or neither') : undefined;

    case 'PrivateFosteringNotified':
    case 'PrivateFosteringChecksCompleted':
      return privateFosteringRefusal(c, fact);

    case 'ChildWentMissing':
    case 'ChildReturned':
    case 'ReturnInterviewOffered':
      return missingRefusal(c, fact);

    case 'CareLeaverContactRecorded':
      return careLeaverContactRefusal(c, fact);

    case 'PersonalAdviserAllocated':
      return c.personalAdviserId === fact.data.workerId ? refuse(409, `data.workerId: ${child} already has ${c.personalAdviserId} as personal adviser`) : undefined;

    default:
      return unreachable(fact);
  }
}

function ploRefusal(c: ChildView, fact: FactOf<'PloStageEntered' | 'PloStageExited'>): Refusal | undefined {
  const child = `child ${c.id}`;
  const stage = c.ploEpisodes.findLast((e) => !e.exitedOn)?.stage;
  if (fact.type === 'PloStageExited') return stage === fact.data.stage ? undefined : refuse(422, `data.stage: ${child} is not in ${fact.data.stage} on ${fact.occurredOn}`);
  if (stage === fact.data.stage) return refuse(409, `data.stage: ${child} is already in ${stage}`);
  return stage ? refuse(409, `data.stage: ${child} is in ${stage}; record its exit first`) : undefined;
}

/** Every assessment reference ever used stays used: a completion names one assessment only. */
function assessmentRefusal(c: ChildView, fact: FactOf<'AssessmentStarted' | 'AssessmentCompleted'>): Refusal | undefined {
  const id = fact.data.assessmentId;
  const known = c.assessments.find((a) => a.data.assessmentId === id);
  if (fact.type === 'AssessmentStarted') {
    if (known && !known.to) return refuse(409, `data.assessmentId: assessment ${id} is already open (started on ${known.from})`);
    if (known) return refuse(409, `data.assessmentId: assessment ${id} was already completed on ${known.to}; a new assessment needs a new assessmentId`);
    return undefined;
  }
  if (!known) return refuse(422, `data.assessmentId: assessment ${id} has no AssessmentStarted on or before ${fact.occurredOn}`);
  if (known.to) return refuse(409, `data.assessmentId: assessment ${id} was already completed on ${known.to}`);
  // Only a section 47 enquiry decides whether a child protection conference is needed.
  if (fact.data.initialConferenceNeeded !== undefined && known.data.kind !== 'section_47')
    return refuse(422, `data.initialConferenceNeeded: assessment ${id} is not a section 47 enquiry, which alone decides on an initial conference`);
  return undefined;
}

function childProtectionRefusal(
  c: ChildView,
  fact: FactOf<'ChildProtectionPlanStarted' | 'ChildProtectionConferenceHeld' | 'ChildProtectionCategoryChanged' | 'ChildProtectionPlanEnded'>,
): Refusal | undefined {
  const on = fact.occurredOn;
  const child = `child ${c.id}`;
  const plan = openPeriod(c.cpPlans);
  switch (fact.type) {
    case 'ChildProtectionPlanStarted':
      return plan ? refuse(409, `data.childId: ${child} is already on a child protection plan (${plan.data.category}, since ${plan.from})`) : undefined;
    case 'ChildProtectionConferenceHeld':
      // An initial conference decides whether there will be a plan: it may come before the plan, or with none.
      return fact.data.kind === 'review' && !plan ? refuse(422, `data.kind: ${child} is not on a child protection plan on ${on}, so there is no plan to review`) : undefined;
    case 'ChildProtectionCategoryChanged': {
      if (!plan) return refuse(422, `data.childId: ${child} is not on a child protection plan on ${on}`);
      const current = valueOn(cpCategories(c, plan, on));
      return current === fact.data.category ? refuse(409, `data.category: the plan's category is already ${current}`) : undefined;
    }
    default:
      return plan ? undefined : refuse(422, `data.childId: ${child} is not on a child protection plan on ${on}`);
  }
}

/** Placement references, like assessments', are never reused; a child has one placement at a time, and only while looked after. */
function lookedAfterRefusal(c: ChildView, fact: FactOf<'BecameLookedAfter' | 'CeasedLookedAfter' | 'PlacementStarted' | 'PlacementEnded'>): Refusal | undefined {
  const on = fact.occurredOn;
  const child = `child ${c.id}`;
  const care = openPeriod(c.lookedAfter);
  const open = openPeriod(c.placements)?.data.placementId;
  switch (fact.type) {
    case 'BecameLookedAfter':
      return care ? refuse(409, `data.childId: ${child} is already looked after (since ${care.from})`) : undefined;
    case 'CeasedLookedAfter':
      if (!care) return refuse(422, `data.childId: ${child} is not looked after on ${on}`);
      return open ? refuse(409, `data.childId: placement ${open} is still open on ${on}; end placement ${open} first`) : undefined;
  }
  const id = fact.data.placementId;
  const known = c.placements.find((p) => p.data.placementId === id);
  if (fact.type === 'PlacementStarted') {
    if (!care) return refuse(422, `data.childId: ${child} is not looked after on ${on}; a placement needs BecameLookedAfter first`);
    if (known && !known.to) return refuse(409, `data.placementId: placement ${id} is already open (started on ${known.from})`);
    if (known) return refuse(409, `data.placementId: placement ${id} already ended on ${known.to}; a new placement needs a new placementId`);
    return open ? refuse(409, `data.placementId: placement ${open} is still open on ${on}; end placement ${open} first`) : undefined;
  }
  if (!known) return refuse(422, `data.placementId: placement ${id} has no PlacementStarted on or before ${on}`);
  if (known.to) return refuse(409, `data.placementId: placement ${id} already ended on ${known.to}`);
  return undefined;
}

/** A private fostering arrangement runs from its notification until the case closes; its checks are done once. */
function privateFosteringRefusal(c: ChildView, fact: FactOf<'PrivateFosteringNotified' | 'PrivateFosteringChecksCompleted'>): Refusal | undefined {
  const on = fact.occurredOn;
  const child = `child ${c.id}`;
  const arrangement = openPeriod(c.privateFostering);
  if (fact.type === 'PrivateFosteringNotified') return arrangement ? refuse(409, `data.childId: ${child} is already privately fostered (notified on ${arrangement.from})`) : undefined;
  if (!arrangement) return refuse(422, `data.childId: ${child} has no PrivateFosteringNotified in force on ${on}`);
  const checks = factsOf(c, 'PrivateFosteringChecksCompleted', arrangement.from, on).at(0);
  return checks ? refuse(409, `data.childId: the private fostering checks of ${child} were already completed on ${checks.occurredOn}`) : undefined;
}

/**
 * A child is missing (or away) in one episode at a time, named by its reference, never
 * reused; they return from an episode once, and are offered one return interview for
 * it, after they are back.
 */
function missingRefusal(c: ChildView, fact: FactOf<'ChildWentMissing' | 'ChildReturned' | 'ReturnInterviewOffered'>): Refusal | undefined {
  const on = fact.occurredOn;
  const id = fact.data.episodeId;
  const known = c.missingEpisodes.find((e) => e.data.episodeId === id);
  if (fact.type === 'ChildWentMissing') {
    if (known) return refuse(409, `data.episodeId: episode ${id} was already recorded on ${known.from}; a new episode needs a new episodeId`);
    const open = openPeriod(c.missingEpisodes);
    return open ? refuse(409, `data.childId: child ${c.id} is still missing or away (episode ${open.data.episodeId}, since ${open.from}); record their return first`) : undefined;
  }
  if (!known) return refuse(422, `data.episodeId: episode ${id} has no ChildWentMissing on or before ${on}`);
  if (fact.type === 'ChildReturned') return known.to ? refuse(409, `data.episodeId: the return from episode ${id} was already recorded on ${known.to}`) : undefined;
  if (!known.to) return refuse(422, `data.episodeId: child ${c.id} has not returned from episode ${id} by ${on}; a return interview follows the return`);
  const offered = factsOfType(c, 'ReturnInterviewOffered').find((f) => f.data.episodeId === id);
  return offered ? refuse(409, `data.episodeId: a return interview after episode ${id} was already offered on ${offered.occurredOn}`) : undefined;
}

/**
 * A care leaver's contact: only for someone who has left care (or is still in care, as
 * OC3 is recorded around birthdays); where they live and what they do are said when, and
 * only when, they are in touch.
 */
function careLeaverContactRefusal(c: ChildView, fact: FactOf<'CareLeaverContactRecorded'>): Refusal | undefined {
  if (c.lookedAfter.length === 0) return refuse(422, `data.childId: child ${c.id} has never been looked after by ${fact.occurredOn}, so is not a care leaver`);
  const { inTouch, accommodation, accommodationSuitable, activity } = fact.data;
  const fields = Object.entries({ accommodation, accommodationSuitable, activity });
  const named = (said: boolean) => fields.filter(([, value]) => (value !== undefined) === said).map(([field]) => `data.${field}`);
  if (inTouch === 'yes') {
    const missing = named(false);
    return missing.length > 0 ? refuse(422, `${missing.join(', ')}: required when the young person is in touch`) : undefined;
  }
  const given = named(true);
  return given.length > 0 ? refuse(422, `${given.join(', ')}: said only when the young person is in touch`) : undefined;
}
