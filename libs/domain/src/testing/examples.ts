import { definitionOf, type EventData } from '../events/catalogue.js';
import type { Fact, FactType } from '../timeline.js';
import { childRegistered, fact, workerJoined, type Entry } from './facts.js';

/**
 * One example of every fact type, about child C-1 or worker W-1: well-formed data, and
 * the types whose examples must come before it for it to be accepted (beyond the
 * child's registration and the workers it names). The mapped type demands an entry
 * for every type in the catalogue, so a new event type cannot compile without one;
 * the specs that cover every type (the schema, the refusal before birth, voiding) read
 * them from here. `on` dates the example when its type is dated on a set day.
 */
export const EXAMPLES: { [T in FactType]: { data: EventData<T>; after?: FactType[]; on?: string } } = {
  WorkerJoined: { data: { workerId: 'W-1', teamId: 'T-1', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } },
  WorkerChangedTeam: { data: { workerId: 'W-1', teamId: 'T-2' }, after: ['WorkerJoined'] },
  WorkerLeft: { data: { workerId: 'W-1' }, after: ['WorkerJoined'] },
  SupervisionHeld: { data: { workerId: 'W-1', supervisorId: 'W-SUP', durationMinutes: 90, reflective: true }, after: ['WorkerJoined'] },
  ChildRegistered: { data: { childId: 'C-1', birthMonth: '2017-04', disabled: false } },
  CaseAllocated: { data: { childId: 'C-1', workerId: 'W-1', teamId: 'T-1' } },
  CaseClosed: { data: { childId: 'C-1', reason: 'no_further_action' }, after: ['CaseAllocated'] },
  PloStageEntered: { data: { childId: 'C-1', stage: 'pre_proceedings' } },
  PloStageExited: { data: { childId: 'C-1', stage: 'pre_proceedings', outcome: 'stepped_down' }, after: ['PloStageEntered'] },
  ReferralReceived: { data: { childId: 'C-1', source: 'police', concerns: ['domestic_abuse', 'neglect'] } },
  StrategyDiscussionHeld: { data: { childId: 'C-1', initialSafetyPlanAgreed: true } },
  AssessmentStarted: { data: { childId: 'C-1', assessmentId: 'A-2026-001', kind: 'section_47' } },
  AssessmentCompleted: { data: { childId: 'C-1', assessmentId: 'A-2026-001', initialConferenceNeeded: true }, after: ['AssessmentStarted'] },
  ChildVisited: { data: { childId: 'C-1', workerId: 'W-1', seenAlone: false } },
  ChildInNeedPlanStarted: { data: { childId: 'C-1' } },
  ChildInNeedPlanEnded: { data: { childId: 'C-1' }, after: ['ChildInNeedPlanStarted'] },
  ChildProtectionPlanStarted: { data: { childId: 'C-1', category: 'multiple' } },
  ChildProtectionConferenceHeld: { data: { childId: 'C-1', kind: 'initial' } },
  ChildProtectionCategoryChanged: { data: { childId: 'C-1', category: 'neglect' }, after: ['ChildProtectionPlanStarted'] },
  ChildProtectionPlanEnded: { data: { childId: 'C-1' }, after: ['ChildProtectionPlanStarted'] },
  PlanReviewed: { data: { childId: 'C-1', plan: 'pathway', contingencyPlanRecorded: false } },
  BecameLookedAfter: { data: { childId: 'C-1', legalStatus: 'C2' } },
  CeasedLookedAfter: { data: { childId: 'C-1', reason: 'returned_home' }, after: ['BecameLookedAfter'] },
  LegalStatusChanged: { data: { childId: 'C-1', legalStatus: 'E1' }, after: ['BecameLookedAfter'] },
  PlacementStarted: {
    data: { childId: 'C-1', placementId: 'P-1', kind: 'placed_with_parents', registered: true, meetsAssessedNeeds: false, intendedUntil18: true },
    after: ['BecameLookedAfter'],
  },
  PlacementEnded: { data: { childId: 'C-1', placementId: 'P-1' }, after: ['BecameLookedAfter', 'PlacementStarted'] },
  LookedAfterReviewHeld: { data: { childId: 'C-1' }, after: ['BecameLookedAfter'] },
  HealthAssessmentCompleted: { data: { childId: 'C-1', kind: 'review' }, after: ['BecameLookedAfter'] },
  DentalCheckCompleted: { data: { childId: 'C-1' }, after: ['BecameLookedAfter'] },
  AnnualHealthReturnRecorded: { data: { childId: 'C-1', healthAssessmentUpToDate: true, teethChecked: false, immunisationsUpToDate: true }, after: ['BecameLookedAfter'], on: '2026-03-31' },
  StrengthsAndDifficultiesRecorded: { data: { childId: 'C-1', score: 14 }, after: ['BecameLookedAfter'] },
  ChildWentMissing: { data: { childId: 'C-1', episodeId: 'M-1', kind: 'missing' } },
  ChildReturned: { data: { childId: 'C-1', episodeId: 'M-1' }, after: ['ChildWentMissing'] },
  ReturnInterviewOffered: { data: { childId: 'C-1', episodeId: 'M-1', accepted: true }, after: ['ChildWentMissing', 'ChildReturned'] },
  PrivateFosteringNotified: { data: { childId: 'C-1' } },
  PrivateFosteringChecksCompleted: { data: { childId: 'C-1' }, after: ['PrivateFosteringNotified'] },
  PersonalAdviserAllocated: { data: { childId: 'C-1', workerId: 'W-PA' } },
  CareLeaverContactRecorded: {
    data: { childId: 'C-1', inTouch: 'yes', accommodation: 'supported_lodgings', accommodationSuitable: true, activity: 'training_or_employment' },
    after: ['BecameLookedAfter', 'CeasedLookedAfter'],
  },
  ManagementOversightRecorded: { data: { childId: 'C-1', managerId: 'W-MGR', decisionPoint: 'plo' } },
};

export const EXAMPLE_TYPES = Object.keys(EXAMPLES) as FactType[];

/** The example of a type as a fact dated `on`. */
export const example = (type: FactType, on: string, meta: { id?: string } = {}): Fact => fact(type, on, EXAMPLES[type].data, meta);

/** The workers an example names (its definition's named-worker fields), joined long before. */
export function namedWorkersOf(type: FactType): Fact[] {
  const data = EXAMPLES[type].data as Record<string, unknown>;
  return (definitionOf(type)?.namedWorkers ?? []).map((field) => workerJoined('2010-01-01', { workerId: String(data[field]) }));
}

/**
 * A history in which the example of `type` (with eventId `id`) is accepted: the workers
 * it and its prerequisites name, the child's registration, the prerequisites a month
 * apart from 2026-01-05, then the example.
 */
export function exampleHistory(type: FactType, id: string): Entry[] {
  const before = EXAMPLES[type].after ?? [];
  const isChildEvent = definitionOf(type)?.stream === 'child';
  const workers = [...before, type].flatMap(namedWorkersOf);
  const registration = isChildEvent ? [childRegistered('2026-01-05')] : [];
  const prerequisites = before.map((t, i) => example(t, `2026-0${i + 2}-05`));
  // A type dated on a set day of the year (an annual return on 31 March) gives that day.
  return [...workers, ...registration, ...prerequisites, example(type, EXAMPLES[type].on ?? `2026-0${before.length + 2}-05`, { id })];
}
