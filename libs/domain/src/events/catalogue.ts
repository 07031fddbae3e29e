import { z } from 'zod';
import { DECISION_POINTS, defineEvent, type EventDefinition, type PeriodKind, type StreamKind } from './define-event.js';
import { birthMonth, childId, eventId, reference, shortText, teamId, workerId } from './fields.js';
import { count, figure, inWords, sentenceCase } from '../rules/wording.js';

export { DECISION_POINTS, type DecisionPoint, type PeriodKind, type StreamKind } from './define-event.js';

/**
 * The event catalogue: one definition per event type, declared once. Its schema
 * validates API requests, types the domain's facts (z.infer) and documents the
 * OpenAPI; its stream, named workers, decision point and period drive the deciders,
 * the fold of a subject's history and the oversight rule. A type not here is refused.
 */

export const WORKER_ROLES = ['social_worker', 'newly_qualified', 'senior_practitioner', 'team_manager', 'personal_adviser'] as const;
export const PLO_STAGES = ['pre_proceedings', 'care_proceedings'] as const;
export const PLO_OUTCOMES = ['stepped_down', 'proceedings_issued', 'order_made', 'withdrawn', 'other'] as const;
export const REFERRAL_CONCERNS = ['domestic_abuse', 'neglect', 'physical_abuse', 'emotional_abuse', 'sexual_abuse', 'exploitation', 'other'] as const;
export const ASSESSMENT_KINDS = ['child_and_family', 'section_47', 'disabled_children'] as const;
export const CP_CATEGORIES = ['neglect', 'physical_abuse', 'emotional_abuse', 'sexual_abuse', 'multiple'] as const;
export const CP_CONFERENCE_KINDS = ['initial', 'review'] as const;
export const PLAN_KINDS = ['child_in_need', 'child_protection', 'care', 'pathway'] as const;
export const PLACEMENT_KINDS = ['foster', 'kinship', 'residential', 'supported_accommodation', 'placed_with_parents', 'adoptive', 'other'] as const;
export const HEALTH_ASSESSMENT_KINDS = ['initial', 'review'] as const;
/**
 * The SSDA903's legal statuses of short breaks: an agreed series of short-term breaks
 * (V3, each break recorded; V4, the agreement recorded). The Department leaves these
 * children out of its review, health and dental cohorts; their reviews follow the
 * short-break cadence.
 */
export const SHORT_BREAK_STATUSES: readonly string[] = ['V3', 'V4'];
/** Whether a care leaver is in touch with the local authority (the SSDA903's OC3 IN_TOUCH: YES, NO, REFU, NREQ, RHOM, DIED). */
export const IN_TOUCH = ['yes', 'no', 'refused', 'not_required', 'returned_home', 'died'] as const;
/** Where a care leaver lives, in words (an import maps the SSDA903's OC3 accommodation codes to these). */
export const CARE_LEAVER_ACCOMMODATION = [
  'with_parents_or_relatives',
  'with_former_foster_carers',
  'residential',
  'semi_independent',
  'supported_lodgings',
  'ordinary_lodgings',
  'independent_living',
  'foyer',
  'emergency_accommodation',
  'bed_and_breakfast',
  'no_fixed_abode',
  'custody',
  'abroad',
  'other',
  'not_known',
] as const;
/** What a care leaver does (the SSDA903's OC3 activity, in words). */
export const CARE_LEAVER_ACTIVITY = [
  'higher_education',
  'other_education',
  'training_or_employment',
  'not_in_education_illness_or_disability',
  'not_in_education_parenting',
  'not_in_education_other',
  'not_known',
] as const;
/** Why no strengths and difficulties questionnaire score could be had (the SSDA903's SDQ reasons, in words). */
export const SDQ_NOT_SCORED = ['outside_age_range', 'refused', 'severe_disability', 'other'] as const;
/** Who provides a placement, in words (the SSDA903's PR0 to PR5, in that order). */
export const PLACEMENT_PROVIDERS = ['parents', 'own_provision', 'other_local_authority', 'other_public', 'private', 'voluntary'] as const;
/** The SSDA903's two kinds of episode: missing, or away from placement without authorisation (the Department's M and A). */
export const MISSING_KINDS = ['missing', 'away'] as const;

/*
 * Words for pages: each definition's `label` and `describe` (see define-event.ts) say the
 * event and its data as a social worker would. References stay as recorded; codes whose
 * words are not the code with spaces for underscores are worded here.
 */
const ROLE_WORDS: Partial<Record<(typeof WORKER_ROLES)[number], string>> = { newly_qualified: 'newly qualified social worker' };
const PLO_STAGE_WORDS: Record<(typeof PLO_STAGES)[number], string> = { pre_proceedings: 'pre-proceedings', care_proceedings: 'care proceedings' };
const PLACEMENT_WORDS: Record<(typeof PLACEMENT_KINDS)[number], string> = {
  foster: 'Foster placement',
  kinship: 'Kinship placement',
  residential: 'Residential placement',
  supported_accommodation: 'Supported accommodation',
  placed_with_parents: 'Placement with parents',
  adoptive: 'Adoptive placement',
  other: 'Other placement',
};
/** Referral sources are short codes a caller chooses (a Map: `constructor` is a source, not a key of Object). */
const IN_TOUCH_WORDS: Record<(typeof IN_TOUCH)[number], string> = {
  yes: 'in touch',
  no: 'not in touch',
  refused: 'refuses contact',
  not_required: 'no longer needs contact',
  returned_home: 'returned home',
  died: 'died',
};
const ACCOMMODATION_WORDS: Record<(typeof CARE_LEAVER_ACCOMMODATION)[number], string> = {
  with_parents_or_relatives: 'lives with parents or relatives',
  with_former_foster_carers: 'lives with former foster carers',
  residential: 'lives in residential care',
  semi_independent: 'lives in semi-independent accommodation',
  supported_lodgings: 'lives in supported lodgings',
  ordinary_lodgings: 'lives in ordinary lodgings',
  independent_living: 'lives independently',
  foyer: 'lives in a foyer',
  emergency_accommodation: 'lives in emergency accommodation',
  bed_and_breakfast: 'lives in bed and breakfast',
  no_fixed_abode: 'no fixed abode',
  custody: 'in custody',
  abroad: 'lives abroad',
  other: 'lives in other accommodation',
  not_known: 'where they live is not known',
};
const PROVIDER_WORDS: Record<(typeof PLACEMENT_PROVIDERS)[number], string> = {
  parents: 'parents or others with parental responsibility',
  own_provision: "the council's own provision",
  other_local_authority: "another council's provision",
  other_public: 'other public provision',
  private: 'a private provider',
  voluntary: 'a voluntary provider',
};
const SOURCE_WORDS: ReadonlyMap<string, string> = new Map([['la_services', 'local authority services']]);
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The parts that apply, as one line: "90 minutes with supervisor W-2; reflective". */
const sentence = (...parts: (string | false)[]): string => sentenceCase(parts.filter(Boolean).join('; '));
/** References as recorded, listed: "C-1, C-2 and C-3". */
const listed = (ids: readonly string[]): string => (ids.length > 1 ? `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}` : ids.join(''));
/** "April 2017" from 2017-04. */
const monthOf = (month: string): string => MONTH.format(new Date(`${month}-01T00:00:00Z`));
/** Short coded text (a reason, a source) as words: an API caller may send `no_further_action`. */
const asWords = (text: string): string => text.replaceAll('_', ' ');
/** For an event whose data names only its subject: the label says it all. */
const nothingMore = (): string => '';

export const WorkerJoined = defineEvent({
  type: 'WorkerJoined',
  records: 'A worker joins a team',
  label: 'Worker joined a team',
  describe: ({ teamId, role, fte, caseHolding, agency }) =>
    sentence(
      `${ROLE_WORDS[role] ?? inWords(role)} in team ${teamId}`,
      fte === 1 ? 'full time' : `${figure(fte)} full-time equivalent`,
      caseHolding ? 'case holding' : 'not case holding',
      agency ? 'agency worker' : 'directly employed',
    ),
  stream: 'worker',
  data: {
    workerId,
    teamId,
    role: z.enum(WORKER_ROLES),
    caseHolding: z.boolean(),
    agency: z.boolean(),
    fte: z.number().gt(0, 'must be greater than 0').lte(1, 'must be at most 1'),
  },
});

export const WorkerChangedTeam = defineEvent({
  type: 'WorkerChangedTeam',
  records: 'A worker moves to another team',
  label: 'Worker moved team',
  describe: ({ teamId }) => `To team ${teamId}`,
  stream: 'worker',
  data: { workerId, teamId },
});

export const WorkerLeft = defineEvent({
  type: 'WorkerLeft',
  records: 'A worker leaves the local authority',
  label: 'Worker left',
  describe: nothingMore,
  stream: 'worker',
  data: { workerId },
});

export const SupervisionHeld = defineEvent({
  type: 'SupervisionHeld',
  records: 'A supervision session with a worker',
  label: 'Supervision held',
  describe: ({ durationMinutes, supervisorId, reflective, childIdsDiscussed = [] }) =>
    sentence(
      `${count(durationMinutes, 'minute')} with supervisor ${supervisorId}`,
      reflective ? 'reflective' : 'not reflective',
      childIdsDiscussed.length > 0 && `children discussed: ${listed(childIdsDiscussed)}`,
    ),
  stream: 'worker',
  data: {
    workerId,
    supervisorId: workerId,
    durationMinutes: z.int().min(1).max(600),
    reflective: z.boolean(),
    childIdsDiscussed: z.array(childId).max(100).optional(),
  },
});

export const ChildRegistered = defineEvent({
  type: 'ChildRegistered',
  records: 'A child becomes known to the audit',
  label: 'Child registered',
  describe: ({ birthMonth, disabled }) => sentence(`Born ${monthOf(birthMonth)}`, disabled ? 'disabled' : 'not disabled'),
  stream: 'child',
  data: {
    childId,
    birthMonth,
    disabled: z.boolean(),
  },
});

export const CaseAllocated = defineEvent({
  type: 'CaseAllocated',
  records: "A first allocation, or a change of the child's social worker",
  label: 'Case allocated',
  describe: ({ workerId, teamId, changeReason }) => sentence(`To ${workerId} in team ${teamId}`, changeReason !== undefined && `reason for the change: ${asWords(changeReason)}`),
  stream: 'child',
  data: {
    childId,
    workerId,
    teamId,
    changeReason: shortText.optional().meta({ description: "Why the previous social worker's episode ended, as a short code (the SSDA903's social worker episode reason)", example: 'left_role' }),
  },
  namedWorkers: ['workerId'],
  decisionPoint: 'allocation',
});

export const CaseClosed = defineEvent({
  type: 'CaseClosed',
  records: "The child's case is closed",
  label: 'Case closed',
  describe: ({ reason }) => `Reason: ${asWords(reason)}`,
  stream: 'child',
  data: { childId, reason: shortText },
  decisionPoint: 'closure',
  period: { closes: 'privateFostering' },
});

/** An assessment's, a placement's and a missing episode's own references: what a completion, an end or a return names. */
const assessmentId = reference('assessment');
const placementId = reference('placement');
const episodeId = reference('episode');

export const ReferralReceived = defineEvent({
  type: 'ReferralReceived',
  records: 'A referral about the child is received',
  label: 'Referral received',
  describe: ({ source, concerns, noFurtherAction }) =>
    sentence(
      `Source: ${SOURCE_WORDS.get(source) ?? asWords(source)}`,
      `${concerns.length === 1 ? 'concern' : 'concerns'}: ${inWords(concerns.join(', '))}`,
      noFurtherAction === true && 'no further action',
    ),
  stream: 'child',
  data: {
    childId,
    source: shortText.meta({ description: 'Where the referral came from, as a short code (e.g. police, school, health)', example: 'police' }),
    concerns: z
      .array(z.enum(REFERRAL_CONCERNS))
      .min(1, 'must name at least one concern')
      .max(REFERRAL_CONCERNS.length)
      .refine((concerns) => new Set(concerns).size === concerns.length, 'must not repeat a concern'),
    noFurtherAction: z.boolean().optional().meta({ description: 'The referral led to no further action (the CIN census’s referral NFA)' }),
  },
});

export const StrategyDiscussionHeld = defineEvent({
  type: 'StrategyDiscussionHeld',
  records: 'A strategy discussion about the child is held',
  label: 'Strategy discussion held',
  describe: ({ initialSafetyPlanAgreed }) => (initialSafetyPlanAgreed ? 'Initial safety plan agreed' : 'No initial safety plan agreed'),
  stream: 'child',
  data: {
    childId,
    initialSafetyPlanAgreed: z.boolean(),
  },
});

export const AssessmentStarted = defineEvent({
  type: 'AssessmentStarted',
  records: 'An assessment of the child starts',
  label: 'Assessment started',
  describe: ({ kind, assessmentId }) => `${sentenceCase(inWords(kind))} assessment ${assessmentId}`,
  stream: 'child',
  data: {
    childId,
    assessmentId,
    kind: z.enum(ASSESSMENT_KINDS),
  },
  period: { opens: 'assessments' },
});

export const AssessmentCompleted = defineEvent({
  type: 'AssessmentCompleted',
  records: 'An assessment started earlier is completed; a section 47 enquiry says whether an initial child protection conference is needed',
  label: 'Assessment completed',
  describe: ({ assessmentId, initialConferenceNeeded }) =>
    sentence(`Assessment ${assessmentId}`, initialConferenceNeeded !== undefined && (initialConferenceNeeded ? 'initial conference needed' : 'no initial conference needed')),
  stream: 'child',
  data: {
    childId,
    assessmentId,
    initialConferenceNeeded: z.boolean().optional().meta({
      description: "A section 47 enquiry's outcome: whether an initial child protection conference is needed (the CIN census's ICPC not required, the other way round). Only for a section 47 enquiry.",
    }),
  },
  decisionPoint: 'assessment_outcome',
  period: { closes: 'assessments', matching: 'assessmentId' },
});

export const ChildVisited = defineEvent({
  type: 'ChildVisited',
  records: 'A worker visits the child',
  label: 'Child visited',
  describe: ({ workerId, seenAlone }) => sentence(`By ${workerId}`, seenAlone ? 'seen alone' : 'not seen alone'),
  stream: 'child',
  data: { childId, workerId, seenAlone: z.boolean() },
  namedWorkers: ['workerId'],
});

export const ChildInNeedPlanStarted = defineEvent({
  type: 'ChildInNeedPlanStarted',
  records: 'The child becomes subject to a child in need plan (the CIN census’s CIN plan start)',
  label: 'Child in need plan started',
  describe: nothingMore,
  stream: 'child',
  data: { childId },
  period: { opens: 'cinPlans' },
});

export const ChildInNeedPlanEnded = defineEvent({
  type: 'ChildInNeedPlanEnded',
  records: "The child's child in need plan ends",
  label: 'Child in need plan ended',
  describe: nothingMore,
  stream: 'child',
  data: { childId },
  period: { closes: 'cinPlans' },
});

export const ChildProtectionPlanStarted = defineEvent({
  type: 'ChildProtectionPlanStarted',
  records: 'The child becomes subject to a child protection plan',
  label: 'Child protection plan started',
  describe: ({ category }) => `Category: ${inWords(category)}`,
  stream: 'child',
  data: {
    childId,
    category: z.enum(CP_CATEGORIES),
  },
  period: { opens: 'cpPlans' },
});

export const ChildProtectionConferenceHeld = defineEvent({
  type: 'ChildProtectionConferenceHeld',
  records: 'A child protection conference is held: an initial one (which may precede the plan), or a review of the plan',
  label: 'Child protection conference held',
  describe: ({ kind }) => `${sentenceCase(kind)} conference`,
  stream: 'child',
  data: {
    childId,
    kind: z.enum(CP_CONFERENCE_KINDS),
  },
});

export const ChildProtectionCategoryChanged = defineEvent({
  type: 'ChildProtectionCategoryChanged',
  records: "The category of abuse or neglect of the child's child protection plan changes, as decided at a review conference",
  label: 'Child protection category changed',
  describe: ({ category }) => `To ${inWords(category)}`,
  stream: 'child',
  data: {
    childId,
    category: z.enum(CP_CATEGORIES),
  },
});

export const ChildProtectionPlanEnded = defineEvent({
  type: 'ChildProtectionPlanEnded',
  records: "The child's child protection plan ends",
  label: 'Child protection plan ended',
  describe: nothingMore,
  stream: 'child',
  data: { childId },
  period: { closes: 'cpPlans' },
});

export const PlanReviewed = defineEvent({
  type: 'PlanReviewed',
  records: "A review of one of the child's plans",
  label: 'Plan reviewed',
  describe: ({ plan, contingencyPlanRecorded }) => sentence(`${sentenceCase(inWords(plan))} plan`, contingencyPlanRecorded ? 'contingency plan recorded' : 'no contingency plan recorded'),
  stream: 'child',
  data: {
    childId,
    plan: z.enum(PLAN_KINDS),
    contingencyPlanRecorded: z.boolean(),
  },
});

export const BecameLookedAfter = defineEvent({
  type: 'BecameLookedAfter',
  records: 'The child becomes looked after by the local authority',
  label: 'Became looked after',
  describe: ({ legalStatus }) => sentence(`Legal status ${legalStatus}`, SHORT_BREAK_STATUSES.includes(legalStatus) && 'short breaks'),
  stream: 'child',
  data: {
    childId,
    legalStatus: shortText.meta({ description: 'The legal status as the SSDA903 codes it (e.g. C2, V2; V3 and V4 are short breaks)', example: 'C2' }),
  },
  period: { opens: 'lookedAfter' },
});

export const CeasedLookedAfter = defineEvent({
  type: 'CeasedLookedAfter',
  records: 'The child ceases to be looked after',
  label: 'Ceased to be looked after',
  describe: ({ reason }) => `Reason: ${asWords(reason)}`,
  stream: 'child',
  data: { childId, reason: shortText },
  period: { closes: 'lookedAfter' },
});

export const LegalStatusChanged = defineEvent({
  type: 'LegalStatusChanged',
  records: "The legal status of a looked-after child's care changes (an interim care order becomes a care order; police protection becomes accommodation…)",
  label: 'Legal status changed',
  describe: ({ legalStatus }) => sentence(`To ${legalStatus}`, SHORT_BREAK_STATUSES.includes(legalStatus) && 'short breaks'),
  stream: 'child',
  data: {
    childId,
    legalStatus: shortText.meta({ description: 'The new legal status as the SSDA903 codes it (e.g. C2, V2; V3 and V4 are short breaks)', example: 'C2' }),
  },
});

export const PlacementStarted = defineEvent({
  type: 'PlacementStarted',
  records: 'A placement of the looked-after child starts (one at a time)',
  label: 'Placement started',
  describe: ({ kind, placementId, registered, meetsAssessedNeeds, intendedUntil18, placementCode, provider, urn }) =>
    sentence(
      `${PLACEMENT_WORDS[kind]} ${placementId}`,
      registered ? 'registered provision' : 'unregistered provision',
      meetsAssessedNeeds ? 'meets assessed needs' : 'does not meet assessed needs',
      intendedUntil18 ? 'intended to last until 18' : 'not intended to last until 18',
      placementCode !== undefined && `placement type ${placementCode}`,
      provider !== undefined && `provided by ${PROVIDER_WORDS[provider]}`,
      urn !== undefined && `Ofsted URN ${urn}`,
    ),
  stream: 'child',
  data: {
    childId,
    placementId,
    kind: z.enum(PLACEMENT_KINDS),
    registered: z.boolean(),
    meetsAssessedNeeds: z.boolean(),
    intendedUntil18: z.boolean(),
    placementCode: shortText.optional().meta({ description: 'The placement type as the SSDA903 codes it (e.g. U1, K2, R1)', example: 'U1' }),
    provider: z.enum(PLACEMENT_PROVIDERS).optional().meta({ description: 'Who provides the placement (the SSDA903’s PR0 to PR5)' }),
    urn: reference('URN').optional().meta({ description: "The provision's Ofsted unique reference number, when it has one" }),
  },
  decisionPoint: 'placement',
  period: { opens: 'placements' },
});

export const PlacementEnded = defineEvent({
  type: 'PlacementEnded',
  records: "The child's open placement ends",
  label: 'Placement ended',
  describe: ({ placementId, reason }) => sentence(`Placement ${placementId}`, reason !== undefined && `reason: ${asWords(reason)}`),
  stream: 'child',
  data: {
    childId,
    placementId,
    reason: shortText.optional().meta({ description: 'Why the placement ended, as a short code (the SSDA903’s reason for a placement change)', example: 'placement_ended_by_carer' }),
  },
  period: { closes: 'placements', matching: 'placementId' },
});

export const LookedAfterReviewHeld = defineEvent({
  type: 'LookedAfterReviewHeld',
  records: 'A looked-after review of the child is held',
  label: 'Looked-after review held',
  describe: nothingMore,
  stream: 'child',
  data: { childId },
});

export const HealthAssessmentCompleted = defineEvent({
  type: 'HealthAssessmentCompleted',
  records: "A looked-after child's health assessment is completed",
  label: 'Health assessment completed',
  describe: ({ kind }) => `${sentenceCase(kind)} health assessment`,
  stream: 'child',
  data: {
    childId,
    kind: z.enum(HEALTH_ASSESSMENT_KINDS),
  },
});

export const DentalCheckCompleted = defineEvent({
  type: 'DentalCheckCompleted',
  records: "A looked-after child's dental check is completed",
  label: 'Dental check completed',
  describe: nothingMore,
  stream: 'child',
  data: { childId },
});

export const ChildWentMissing = defineEvent({
  type: 'ChildWentMissing',
  records: 'The child goes missing, or is away from their placement without authorisation',
  label: 'Went missing',
  describe: ({ kind, episodeId }) => (kind === 'missing' ? `Missing, episode ${episodeId}` : `Away from placement without authorisation, episode ${episodeId}`),
  stream: 'child',
  data: { childId, episodeId, kind: z.enum(MISSING_KINDS) },
  period: { opens: 'missingEpisodes' },
});

export const ChildReturned = defineEvent({
  type: 'ChildReturned',
  records: 'The child is back from an episode of going missing or being away',
  label: 'Returned',
  describe: ({ episodeId }) => `From episode ${episodeId}`,
  stream: 'child',
  data: { childId, episodeId },
  period: { closes: 'missingEpisodes', matching: 'episodeId' },
});

export const ReturnInterviewOffered = defineEvent({
  type: 'ReturnInterviewOffered',
  records: 'The child is offered a return interview after coming back from a missing episode, and accepts it or not',
  label: 'Return interview offered',
  describe: ({ episodeId, accepted }) => sentence(`After episode ${episodeId}`, accepted ? 'accepted' : 'not accepted'),
  stream: 'child',
  data: { childId, episodeId, accepted: z.boolean() },
});

export const AnnualHealthReturnRecorded = defineEvent({
  type: 'AnnualHealthReturnRecorded',
  records:
    "A looked-after child's annual health return for the year to 31 March (the SSDA903's OC2): whether their health assessment, teeth check and immunisations were up to date that year. An assertion about a year, dated its last day, not a dated check",
  label: 'Annual health return',
  describe: ({ healthAssessmentUpToDate, teethChecked, immunisationsUpToDate }) =>
    sentence(
      healthAssessmentUpToDate ? 'health assessment up to date' : 'health assessment not up to date',
      teethChecked ? 'teeth checked' : 'teeth not checked',
      immunisationsUpToDate ? 'immunisations up to date' : 'immunisations not up to date',
    ),
  stream: 'child',
  data: { childId, healthAssessmentUpToDate: z.boolean(), teethChecked: z.boolean(), immunisationsUpToDate: z.boolean() },
});

export const StrengthsAndDifficultiesRecorded = defineEvent({
  type: 'StrengthsAndDifficultiesRecorded',
  records: "A looked-after child's strengths and difficulties questionnaire: its total score, or why none could be had",
  label: 'Strengths and difficulties questionnaire',
  describe: ({ score, notScored }) => (score !== undefined ? `Score ${score}` : `Not scored: ${inWords(String(notScored))}`),
  stream: 'child',
  data: {
    childId,
    score: z.int().min(0).max(40).optional().meta({ description: 'The total difficulties score, 0 to 40 (the SSDA903 SDQ score)' }),
    notScored: z.enum(SDQ_NOT_SCORED).optional().meta({ description: 'Why no score could be had, instead of a score (the SSDA903 SDQ reason)' }),
  },
});

export const PrivateFosteringNotified = defineEvent({
  type: 'PrivateFosteringNotified',
  records: 'The local authority is notified that the child is privately fostered',
  label: 'Private fostering notified',
  describe: nothingMore,
  stream: 'child',
  data: { childId },
  period: { opens: 'privateFostering' },
});

export const PrivateFosteringChecksCompleted = defineEvent({
  type: 'PrivateFosteringChecksCompleted',
  records: 'The statutory checks of a notified private fostering arrangement are completed',
  label: 'Private fostering checks completed',
  describe: nothingMore,
  stream: 'child',
  data: {
    childId,
  },
});

export const PersonalAdviserAllocated = defineEvent({
  type: 'PersonalAdviserAllocated',
  records: 'A personal adviser is allocated to the child',
  label: 'Personal adviser allocated',
  describe: ({ workerId }) => `To ${workerId}`,
  stream: 'child',
  data: { childId, workerId },
  namedWorkers: ['workerId'],
});

export const CareLeaverContactRecorded = defineEvent({
  type: 'CareLeaverContactRecorded',
  records: "A care leaver's contact with the local authority: whether they are in touch and, when they are, where they live, whether it suits them, and what they do",
  label: 'Care leaver contact recorded',
  describe: ({ inTouch, accommodation, accommodationSuitable, activity }) =>
    sentence(
      IN_TOUCH_WORDS[inTouch],
      accommodation !== undefined && ACCOMMODATION_WORDS[accommodation],
      accommodationSuitable !== undefined && (accommodationSuitable ? 'suitable' : 'not suitable'),
      activity !== undefined && inWords(activity),
    ),
  stream: 'child',
  data: {
    childId,
    inTouch: z.enum(IN_TOUCH),
    accommodation: z.enum(CARE_LEAVER_ACCOMMODATION).optional().meta({ description: 'Where they live: required when in touch' }),
    accommodationSuitable: z.boolean().optional().meta({ description: 'Whether where they live suits them: required when in touch' }),
    activity: z.enum(CARE_LEAVER_ACTIVITY).optional().meta({ description: 'What they do: required when in touch' }),
  },
});

export const ManagementOversightRecorded = defineEvent({
  type: 'ManagementOversightRecorded',
  records: "A manager's oversight of a decision point in the child's case",
  label: 'Management oversight recorded',
  describe: ({ managerId, decisionPoint }) => sentence(`By manager ${managerId}`, `decision point: ${inWords(decisionPoint)}`),
  stream: 'child',
  data: {
    childId,
    managerId: workerId,
    decisionPoint: z.enum(DECISION_POINTS),
  },
  namedWorkers: ['managerId'],
});

export const PloStageEntered = defineEvent({
  type: 'PloStageEntered',
  records: 'The child enters a Public Law Outline stage',
  label: 'Public Law Outline stage entered',
  describe: ({ stage }) => sentenceCase(PLO_STAGE_WORDS[stage]),
  stream: 'child',
  data: {
    childId,
    stage: z.enum(PLO_STAGES),
  },
  decisionPoint: 'plo',
});

export const PloStageExited = defineEvent({
  type: 'PloStageExited',
  records: 'The child leaves a Public Law Outline stage',
  label: 'Public Law Outline stage left',
  describe: ({ stage, outcome }) => sentence(PLO_STAGE_WORDS[stage], `outcome: ${inWords(outcome)}`),
  stream: 'child',
  data: {
    childId,
    stage: z.enum(PLO_STAGES),
    outcome: z.enum(PLO_OUTCOMES),
  },
});

export const EventVoided = defineEvent({
  type: 'EventVoided',
  records: 'Withdraws an earlier event of the same stream; both stay in the audit trail',
  label: 'Event voided',
  describe: ({ reason }) => sentence('Withdraws an earlier event', `reason: ${asWords(reason)}`),
  stream: 'target',
  data: {
    eventId,
    reason: shortText,
  },
});

export const EVENT_DEFINITIONS = [
  WorkerJoined,
  WorkerChangedTeam,
  WorkerLeft,
  SupervisionHeld,
  ChildRegistered,
  ReferralReceived,
  CaseAllocated,
  CaseClosed,
  StrategyDiscussionHeld,
  AssessmentStarted,
  AssessmentCompleted,
  ChildVisited,
  ChildInNeedPlanStarted,
  ChildInNeedPlanEnded,
  ChildProtectionPlanStarted,
  ChildProtectionConferenceHeld,
  ChildProtectionCategoryChanged,
  ChildProtectionPlanEnded,
  PlanReviewed,
  PloStageEntered,
  PloStageExited,
  BecameLookedAfter,
  CeasedLookedAfter,
  LegalStatusChanged,
  PlacementStarted,
  PlacementEnded,
  LookedAfterReviewHeld,
  HealthAssessmentCompleted,
  DentalCheckCompleted,
  AnnualHealthReturnRecorded,
  StrengthsAndDifficultiesRecorded,
  ChildWentMissing,
  ChildReturned,
  ReturnInterviewOffered,
  PrivateFosteringNotified,
  PrivateFosteringChecksCompleted,
  PersonalAdviserAllocated,
  CareLeaverContactRecorded,
  ManagementOversightRecorded,
  EventVoided,
] as const;

type Definitions = typeof EVENT_DEFINITIONS;
type SchemasOf<L extends readonly EventDefinition[]> = { -readonly [K in keyof L]: L[K]['schema'] };

/** The request schemas, in catalogue order (a tuple, as the discriminated union needs). */
export const EVENT_SCHEMAS = EVENT_DEFINITIONS.map((d) => d.schema) as unknown as SchemasOf<Definitions>;

export const EVENT_TYPES = EVENT_DEFINITIONS.map((d) => d.type);

/** A request to record one event: exactly one of the catalogue's shapes. */
export const RecordEventRequest = z.discriminatedUnion('type', EVENT_SCHEMAS, {
  error: (issue) => (issue.code === 'invalid_union' ? `unknown event type: must be one of ${EVENT_TYPES.join(', ')}` : undefined),
});

export type RecordEventRequest = z.infer<typeof RecordEventRequest>;
export type EventType = RecordEventRequest['type'];
export type EventData<T extends EventType> = Extract<RecordEventRequest, { type: T }>['data'];
/** The fact type that opens each kind of period (e.g. PlacementStarted opens `placements`), from the definitions. */
export type OpenerOf<K extends PeriodKind> = Extract<Definitions[number], { period: { opens: K } }>['type'];

/** The event types of one stream kind, from the definitions (e.g. every child event). */
export type EventTypeOf<S extends StreamKind> = Extract<Definitions[number], { stream: S }>['type'];

const DEFINITION_BY_TYPE: ReadonlyMap<string, Definitions[number]> = new Map(EVENT_DEFINITIONS.map((d) => [d.type, d]));

/** An event type's definition; undefined for a type the catalogue does not know. */
export function definitionOf(type: string): Definitions[number] | undefined {
  return DEFINITION_BY_TYPE.get(type);
}

export function streamKind(type: EventType): StreamKind {
  return definitionOf(type)!.stream;
}

/** The stream of an event whose data names its subject (all but EventVoided, which joins its target's stream). */
export function streamOf(event: RecordEventRequest): string | undefined {
  const kind = streamKind(event.type);
  if (kind === 'worker') return workerStream((event.data as { workerId: string }).workerId);
  if (kind === 'child') return childStream((event.data as { childId: string }).childId);
  return undefined;
}

export const workerStream = (id: string) => `worker-${id}`;
export const childStream = (id: string) => `child-${id}`;

/** The subject a stream holds, e.g. `child-C-1` → { type: 'child', id: 'C-1' }. */
export function subjectOfStream(streamId: string): { type: 'worker' | 'child'; id: string } {
  if (streamId.startsWith('worker-')) return { type: 'worker', id: streamId.slice(7) };
  if (streamId.startsWith('child-')) return { type: 'child', id: streamId.slice(6) };
  throw new Error(`not a subject stream: ${streamId}`);
}

/** Bumped when an event's shape changes; older events are upcast on read. */
export const SCHEMA_VERSION = 1;
