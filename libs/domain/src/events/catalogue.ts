import { z } from 'zod';
import { birthMonth, childId, eventId, occurredAt, reference, shortText, teamId, workerId } from './fields.js';

/**
 * The event catalogue: one schema per event type, declared once. The same schema
 * validates API requests, types the domain (z.infer) and documents the OpenAPI.
 * A type that is not here is refused.
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
export const DECISION_POINTS = ['allocation', 'assessment_outcome', 'plan', 'plo', 'placement', 'closure'] as const;

/** Which stream an event belongs to: the subject its data names. */
export type StreamKind = 'worker' | 'child' | 'target';

const event = <T extends string, D extends z.ZodRawShape>(type: T, description: string, data: D) =>
  z
    .strictObject({
      eventId: eventId.optional().describe('Idempotency key; the server makes one when absent'),
      type: z.literal(type),
      occurredAt,
      data: z.strictObject(data),
    })
    .meta({ title: type, description });

export const WorkerJoined = event('WorkerJoined', 'A worker joins a team', {
  workerId,
  teamId,
  role: z.enum(WORKER_ROLES),
  caseHolding: z.boolean(),
  agency: z.boolean(),
  fte: z.number().gt(0, 'must be greater than 0').lte(1, 'must be at most 1'),
});

export const WorkerChangedTeam = event('WorkerChangedTeam', 'A worker moves to another team', { workerId, teamId });

export const WorkerLeft = event('WorkerLeft', 'A worker leaves the local authority', { workerId });

export const SupervisionHeld = event('SupervisionHeld', 'A supervision session with a worker', {
  workerId,
  supervisorId: workerId,
  durationMinutes: z.int().min(1).max(600),
  reflective: z.boolean(),
  childIdsDiscussed: z.array(childId).max(100).optional(),
});

export const ChildRegistered = event('ChildRegistered', 'A child becomes known to the audit', {
  childId,
  birthMonth,
  disabled: z.boolean(),
});

export const CaseAllocated = event('CaseAllocated', "A first allocation, or a change of the child's social worker", {
  childId,
  workerId,
  teamId,
});

export const CaseClosed = event('CaseClosed', "The child's case is closed", { childId, reason: shortText });

/** An assessment's and a placement's own references: what a completion or an end names. */
const assessmentId = reference('assessment');
const placementId = reference('placement');

export const ReferralReceived = event('ReferralReceived', 'A referral about the child is received', {
  childId,
  source: shortText.meta({ description: 'Where the referral came from, as a short code (e.g. police, school, health)', example: 'police' }),
  concerns: z
    .array(z.enum(REFERRAL_CONCERNS))
    .min(1, 'must name at least one concern')
    .max(REFERRAL_CONCERNS.length)
    .refine((concerns) => new Set(concerns).size === concerns.length, 'must not repeat a concern'),
});

export const StrategyDiscussionHeld = event('StrategyDiscussionHeld', 'A strategy discussion about the child is held', {
  childId,
  initialSafetyPlanAgreed: z.boolean(),
});

export const AssessmentStarted = event('AssessmentStarted', 'An assessment of the child starts', {
  childId,
  assessmentId,
  kind: z.enum(ASSESSMENT_KINDS),
});

export const AssessmentCompleted = event('AssessmentCompleted', 'An assessment started earlier is completed', { childId, assessmentId });

export const ChildVisited = event('ChildVisited', 'A worker visits the child', { childId, workerId, seenAlone: z.boolean() });

export const ChildProtectionPlanStarted = event('ChildProtectionPlanStarted', 'The child becomes subject to a child protection plan', {
  childId,
  category: z.enum(CP_CATEGORIES),
});

export const ChildProtectionConferenceHeld = event('ChildProtectionConferenceHeld', 'A child protection conference is held: an initial one (which may precede the plan), or a review of the plan', {
  childId,
  kind: z.enum(CP_CONFERENCE_KINDS),
});

export const ChildProtectionPlanEnded = event('ChildProtectionPlanEnded', "The child's child protection plan ends", { childId });

export const PlanReviewed = event('PlanReviewed', "A review of one of the child's plans", {
  childId,
  plan: z.enum(PLAN_KINDS),
  contingencyPlanRecorded: z.boolean(),
});

export const BecameLookedAfter = event('BecameLookedAfter', 'The child becomes looked after by the local authority', {
  childId,
  legalStatus: shortText.meta({ description: 'The legal status as a short code (e.g. C2, V2)', example: 'C2' }),
});

export const CeasedLookedAfter = event('CeasedLookedAfter', 'The child ceases to be looked after', { childId, reason: shortText });

export const PlacementStarted = event('PlacementStarted', 'A placement of the looked-after child starts (one at a time)', {
  childId,
  placementId,
  kind: z.enum(PLACEMENT_KINDS),
  registered: z.boolean(),
  meetsAssessedNeeds: z.boolean(),
  intendedUntil18: z.boolean(),
});

export const PlacementEnded = event('PlacementEnded', "The child's open placement ends", { childId, placementId });

export const LookedAfterReviewHeld = event('LookedAfterReviewHeld', 'A looked-after review of the child is held', { childId });

export const HealthAssessmentCompleted = event('HealthAssessmentCompleted', "A looked-after child's health assessment is completed", {
  childId,
  kind: z.enum(HEALTH_ASSESSMENT_KINDS),
});

export const DentalCheckCompleted = event('DentalCheckCompleted', "A looked-after child's dental check is completed", { childId });

export const PrivateFosteringNotified = event('PrivateFosteringNotified', 'The local authority is notified that the child is privately fostered', { childId });

export const PrivateFosteringChecksCompleted = event('PrivateFosteringChecksCompleted', 'The statutory checks of a notified private fostering arrangement are completed', {
  childId,
});

export const PersonalAdviserAllocated = event('PersonalAdviserAllocated', 'A personal adviser is allocated to the child', { childId, workerId });

export const ManagementOversightRecorded = event('ManagementOversightRecorded', "A manager's oversight of a decision point in the child's case", {
  childId,
  managerId: workerId,
  decisionPoint: z.enum(DECISION_POINTS),
});

export const PloStageEntered = event('PloStageEntered', 'The child enters a Public Law Outline stage', {
  childId,
  stage: z.enum(PLO_STAGES),
});

export const PloStageExited = event('PloStageExited', 'The child leaves a Public Law Outline stage', {
  childId,
  stage: z.enum(PLO_STAGES),
  outcome: z.enum(PLO_OUTCOMES),
});

export const EventVoided = event('EventVoided', 'Withdraws an earlier event of the same stream; both stay in the audit trail', {
  eventId,
  reason: shortText,
});

export const EVENT_SCHEMAS = [
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
  ChildProtectionPlanStarted,
  ChildProtectionConferenceHeld,
  ChildProtectionPlanEnded,
  PlanReviewed,
  PloStageEntered,
  PloStageExited,
  BecameLookedAfter,
  CeasedLookedAfter,
  PlacementStarted,
  PlacementEnded,
  LookedAfterReviewHeld,
  HealthAssessmentCompleted,
  DentalCheckCompleted,
  PrivateFosteringNotified,
  PrivateFosteringChecksCompleted,
  PersonalAdviserAllocated,
  ManagementOversightRecorded,
  EventVoided,
] as const;

export const EVENT_TYPES = EVENT_SCHEMAS.map((s) => s.shape.type.value);

/** A request to record one event: exactly one of the catalogue's shapes. */
export const RecordEventRequest = z.discriminatedUnion('type', EVENT_SCHEMAS, {
  error: (issue) => (issue.code === 'invalid_union' ? `unknown event type: must be one of ${EVENT_TYPES.join(', ')}` : undefined),
});

export type RecordEventRequest = z.infer<typeof RecordEventRequest>;
export type EventType = RecordEventRequest['type'];
export type EventData<T extends EventType> = Extract<RecordEventRequest, { type: T }>['data'];

const WORKER_TYPES = new Set<string>(['WorkerJoined', 'WorkerChangedTeam', 'WorkerLeft', 'SupervisionHeld']);

export function streamKind(type: EventType): StreamKind {
  if (type === 'EventVoided') return 'target';
  return WORKER_TYPES.has(type) ? 'worker' : 'child';
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
