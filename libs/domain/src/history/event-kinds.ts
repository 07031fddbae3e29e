import { definitionOf, EVENT_TYPES, type EventType } from '../events/catalogue.js';
import type { SubjectType } from '../timeline.js';

/**
 * The kinds of event a child's or worker's timeline can be narrowed to: the groups a
 * manager reads a case by (its visits, its plans and reviews, its health…). Every
 * event type belongs to exactly one, so narrowing never loses a type.
 */
export const EVENT_KINDS = [
  'allocations',
  'referrals',
  'visits',
  'plans',
  'proceedings',
  'care',
  'health',
  'missing',
  'private-fostering',
  'oversight',
  'supervision',
  'employment',
  'corrections',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Each kind's name on pages, in the order the filter offers them. */
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  allocations: 'Registration, allocations and closure',
  referrals: 'Referrals and assessments',
  visits: 'Visits',
  plans: 'Plans and reviews',
  proceedings: 'Public Law Outline',
  care: 'Care and placements',
  health: 'Health and dental checks',
  missing: 'Missing from home or care',
  'private-fostering': 'Private fostering',
  oversight: 'Management oversight',
  supervision: 'Supervision',
  employment: 'Joining, moving team and leaving',
  corrections: 'Corrections (voided events)',
};

/** Each event type's kind: a Record over the catalogue's types, so a new type does not compile until it has one. */
const KIND_OF: Record<EventType, EventKind> = {
  WorkerJoined: 'employment',
  WorkerChangedTeam: 'employment',
  WorkerLeft: 'employment',
  SupervisionHeld: 'supervision',
  ChildRegistered: 'allocations',
  CaseAllocated: 'allocations',
  CaseClosed: 'allocations',
  PersonalAdviserAllocated: 'allocations',
  CareLeaverContactRecorded: 'care',
  ReferralReceived: 'referrals',
  StrategyDiscussionHeld: 'referrals',
  AssessmentStarted: 'referrals',
  AssessmentCompleted: 'referrals',
  ChildVisited: 'visits',
  ChildInNeedPlanStarted: 'plans',
  ChildInNeedPlanEnded: 'plans',
  ChildProtectionPlanStarted: 'plans',
  ChildProtectionConferenceHeld: 'plans',
  ChildProtectionCategoryChanged: 'plans',
  ChildProtectionPlanEnded: 'plans',
  PlanReviewed: 'plans',
  LookedAfterReviewHeld: 'plans',
  PloStageEntered: 'proceedings',
  PloStageExited: 'proceedings',
  BecameLookedAfter: 'care',
  CeasedLookedAfter: 'care',
  LegalStatusChanged: 'care',
  PlacementStarted: 'care',
  PlacementEnded: 'care',
  HealthAssessmentCompleted: 'health',
  DentalCheckCompleted: 'health',
  StrengthsAndDifficultiesRecorded: 'health',
  AnnualHealthReturnRecorded: 'health',
  ChildWentMissing: 'missing',
  ChildReturned: 'missing',
  ReturnInterviewOffered: 'missing',
  PrivateFosteringNotified: 'private-fostering',
  PrivateFosteringChecksCompleted: 'private-fostering',
  ManagementOversightRecorded: 'oversight',
  EventVoided: 'corrections',
};

/** An event type's kind; undefined for a type the catalogue does not know (shown only when nothing is filtered). */
export function eventKind(type: string): EventKind | undefined {
  return Object.hasOwn(KIND_OF, type) ? KIND_OF[type as EventType] : undefined;
}

/** The kinds a child's or a worker's timeline can hold (a void joins either stream), in EVENT_KINDS order. */
export function eventKindsOf(subject: SubjectType): EventKind[] {
  const kinds = new Set(EVENT_TYPES.filter((type) => [subject, 'target'].includes(definitionOf(type)!.stream)).map((type) => KIND_OF[type]));
  return EVENT_KINDS.filter((kind) => kinds.has(kind));
}
