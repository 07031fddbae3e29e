import { londonDate, type IsoDate } from '../dates.js';
import { streamKind, type EventData } from '../events/catalogue.js';
import { insertFact, voidFact, type Fact, type FactOf, type SubjectTimeline } from '../timeline.js';

/**
 * Builders for spec stories: facts with sensible defaults (worker W-1 in team T-1,
 * child C-1, assessment A-1, placement P-1, personal adviser W-PA, manager W-MGR),
 * a readable generated eventId, and recorded on the day they occurred unless
 * `recordedOn` says it was logged late.
 */
export type FactType = Fact['type'];

/** Metadata a spec may set next to the data: its eventId and when it reached the system. */
export interface Meta {
  id?: string;
  recordedOn?: IsoDate;
}

/** A void of an earlier fact, recorded on `recordedOn`. */
export interface Voiding {
  voids: string;
  recordedOn: IsoDate;
  id: string;
}

export type Entry = Fact | Voiding;

let sequence = 0;

/**
 * Facts built later count as recorded later: a higher stream position (`seq`), so they
 * sort after same-day facts built before them, and a recordedAt a millisecond later.
 */
export function fact<T extends FactType>(type: T, occurredAt: string, data: Record<string, unknown>, meta: Meta = {}): Fact {
  const seq = ++sequence;
  const occurredOn = londonDate(occurredAt);
  const recordedAt = new Date(Date.parse(`${meta.recordedOn ?? occurredOn}T08:00:00.000Z`) + seq).toISOString();
  // A spec may build a fact the schema would refuse (to test the deciders' refusals), so its data is not checked here.
  return { eventId: meta.id ?? `${type}#${seq}`, seq, type, occurredOn, recordedAt, recordedOn: londonDate(recordedAt), data } as Fact;
}

const builder =
  <T extends FactType>(type: T, defaults: EventData<T>) =>
  (occurredAt: string, options: Partial<EventData<T>> & Meta = {}): FactOf<T> => {
    const { id, recordedOn, ...data } = options;
    return fact(type, occurredAt, { ...defaults, ...data }, { id, recordedOn }) as FactOf<T>;
  };

export const workerJoined = builder('WorkerJoined', {
  workerId: 'W-1',
  teamId: 'T-1',
  role: 'social_worker',
  caseHolding: true,
  agency: false,
  fte: 1,
});
export const workerChangedTeam = builder('WorkerChangedTeam', { workerId: 'W-1', teamId: 'T-2' });
export const workerLeft = builder('WorkerLeft', { workerId: 'W-1' });
export const supervisionHeld = builder('SupervisionHeld', { workerId: 'W-1', supervisorId: 'W-SUP', durationMinutes: 90, reflective: true });

export const childRegistered = builder('ChildRegistered', { childId: 'C-1', birthMonth: '2017-04', disabled: false });
export const caseAllocated = builder('CaseAllocated', { childId: 'C-1', workerId: 'W-1', teamId: 'T-1' });
export const caseClosed = builder('CaseClosed', { childId: 'C-1', reason: 'no_further_action' });
export const ploStageEntered = builder('PloStageEntered', { childId: 'C-1', stage: 'pre_proceedings' });
export const ploStageExited = builder('PloStageExited', { childId: 'C-1', stage: 'pre_proceedings', outcome: 'stepped_down' });
export const referralReceived = builder('ReferralReceived', { childId: 'C-1', source: 'police', concerns: ['domestic_abuse'] });
export const strategyDiscussionHeld = builder('StrategyDiscussionHeld', { childId: 'C-1', initialSafetyPlanAgreed: true });
export const assessmentStarted = builder('AssessmentStarted', { childId: 'C-1', assessmentId: 'A-1', kind: 'child_and_family' });
export const assessmentCompleted = builder('AssessmentCompleted', { childId: 'C-1', assessmentId: 'A-1' });
export const childVisited = builder('ChildVisited', { childId: 'C-1', workerId: 'W-1', seenAlone: true });
export const cinPlanStarted = builder('ChildInNeedPlanStarted', { childId: 'C-1' });
export const cinPlanEnded = builder('ChildInNeedPlanEnded', { childId: 'C-1' });
export const cpPlanStarted = builder('ChildProtectionPlanStarted', { childId: 'C-1', category: 'neglect' });
export const cpConferenceHeld = builder('ChildProtectionConferenceHeld', { childId: 'C-1', kind: 'initial' });
export const cpCategoryChanged = builder('ChildProtectionCategoryChanged', { childId: 'C-1', category: 'emotional_abuse' });
export const cpPlanEnded = builder('ChildProtectionPlanEnded', { childId: 'C-1' });
export const planReviewed = builder('PlanReviewed', { childId: 'C-1', plan: 'child_in_need', contingencyPlanRecorded: true });
export const becameLookedAfter = builder('BecameLookedAfter', { childId: 'C-1', legalStatus: 'C2' });
export const ceasedLookedAfter = builder('CeasedLookedAfter', { childId: 'C-1', reason: 'returned_home' });
export const legalStatusChanged = builder('LegalStatusChanged', { childId: 'C-1', legalStatus: 'C2' });
export const placementStarted = builder('PlacementStarted', {
  childId: 'C-1',
  placementId: 'P-1',
  kind: 'foster',
  registered: true,
  meetsAssessedNeeds: true,
  intendedUntil18: false,
});
export const placementEnded = builder('PlacementEnded', { childId: 'C-1', placementId: 'P-1' });
export const lookedAfterReviewHeld = builder('LookedAfterReviewHeld', { childId: 'C-1' });
export const healthAssessmentCompleted = builder('HealthAssessmentCompleted', { childId: 'C-1', kind: 'initial' });
export const dentalCheckCompleted = builder('DentalCheckCompleted', { childId: 'C-1' });
export const annualHealthReturn = builder('AnnualHealthReturnRecorded', { childId: 'C-1', healthAssessmentUpToDate: true, teethChecked: true, immunisationsUpToDate: true });
export const sdqRecorded = builder('StrengthsAndDifficultiesRecorded', { childId: 'C-1', score: 14 });
export const childWentMissing = builder('ChildWentMissing', { childId: 'C-1', episodeId: 'M-1', kind: 'missing' });
export const childReturned = builder('ChildReturned', { childId: 'C-1', episodeId: 'M-1' });
export const returnInterviewOffered = builder('ReturnInterviewOffered', { childId: 'C-1', episodeId: 'M-1', accepted: true });
export const privateFosteringNotified = builder('PrivateFosteringNotified', { childId: 'C-1' });
export const privateFosteringChecksCompleted = builder('PrivateFosteringChecksCompleted', { childId: 'C-1' });
export const personalAdviserAllocated = builder('PersonalAdviserAllocated', { childId: 'C-1', workerId: 'W-PA' });
export const careLeaverContactRecorded = builder('CareLeaverContactRecorded', {
  childId: 'C-1',
  inTouch: 'yes',
  accommodation: 'supported_lodgings',
  accommodationSuitable: true,
  activity: 'training_or_employment',
});
export const managementOversightRecorded = builder('ManagementOversightRecorded', { childId: 'C-1', managerId: 'W-MGR', decisionPoint: 'allocation' });

export const voiding = (eventId: string, recordedOn: IsoDate, id = `EventVoided#${++sequence}`): Voiding => ({ voids: eventId, recordedOn, id });

let childNumber = 0;

/** `count` children registered and allocated on `on` (to W-1 in T-1 unless told). */
export function openCases(count: number, on: IsoDate, allocation: { workerId?: string; teamId?: string } = {}): FactOf<'ChildRegistered' | 'CaseAllocated'>[] {
  return Array.from({ length: count }, () => {
    const childId = `C-${++childNumber}`;
    return [childRegistered(on, { childId }), caseAllocated(on, { childId, ...allocation })];
  }).flat();
}

const isVoiding = (entry: Entry): entry is Voiding => 'voids' in entry;

/** The stream a fact belongs to, as subject type and id. */
export function subjectOf(f: Fact): { type: 'worker' | 'child'; id: string } {
  const data = f.data as { workerId?: string; childId?: string };
  return streamKind(f.type) === 'worker' ? { type: 'worker', id: String(data.workerId) } : { type: 'child', id: String(data.childId) };
}

/** Sorts facts into their subjects' timelines (in occurredAt order), then applies the voids. */
export function timelinesOf(entries: Entry[]): SubjectTimeline[] {
  const timelines = new Map<string, SubjectTimeline>();
  for (const f of entries) {
    if (isVoiding(f)) continue;
    const { type, id } = subjectOf(f);
    const key = `${type}-${id}`;
    const t = timelines.get(key) ?? { type, id, facts: [] };
    timelines.set(key, t);
    insertFact(t.facts, { ...f }); // a copy: voids must not mark the shared fact
  }
  for (const v of entries.filter(isVoiding)) {
    const target = [...timelines.values()].find((t) => t.facts.some((f) => f.eventId === v.voids));
    if (!target || !voidFact(target.facts, v.voids, v.id, v.recordedOn)) throw new Error(`spec error: nothing to void for ${v.voids}`);
  }
  return [...timelines.values()];
}

/** The timeline of one subject (empty when the entries have none). */
export function timelineFor(type: 'worker' | 'child', id: string, entries: Entry[]): SubjectTimeline {
  return timelinesOf(entries).find((t) => t.type === type && t.id === id) ?? { type, id, facts: [] };
}
