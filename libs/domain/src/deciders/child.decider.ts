import type { IsoDate } from '../dates.js';
import { liveFacts, type Fact, type SubjectTimeline } from '../timeline.js';
import { refuse, type Refusal } from './refusal.js';

/** An assessment or a placement, by its own reference: when it started and, once over, when it ended. */
export interface Episode {
  startedOn: IsoDate;
  endedOn?: IsoDate;
}

/**
 * What the business rules need to know about a child at a point of their timeline.
 * Assessments and placements keep every reference ever used, so a reference is never
 * reused for a second assessment or placement, and a completion or an end names one
 * episode only.
 */
export interface ChildDecisionState {
  childId: string;
  registered: boolean;
  open: boolean;
  workerId?: string;
  ploStage?: string;
  /** Every assessment started, by assessmentId (open while it has no `endedOn`, its completion). */
  assessments: ReadonlyMap<string, Episode>;
  /** Set while the child is on a child protection plan. */
  cpPlan?: { category: string; since: IsoDate };
  /** Set while the child is looked after. */
  lookedAfterSince?: IsoDate;
  /** Every placement started, by placementId. */
  placements: ReadonlyMap<string, Episode>;
  /** The placement open now (a child has one placement at a time). */
  openPlacementId?: string;
  /** Set while the child is privately fostered: from a notification until the case is closed. */
  privateFostering?: { notifiedOn: IsoDate; checksCompletedOn?: IsoDate };
  personalAdviserId?: string;
}

export const initialChild = (childId: string): ChildDecisionState => ({
  childId,
  registered: false,
  open: false,
  assessments: new Map(),
  placements: new Map(),
});

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
  const birthMonth = registration?.data.birthMonth;
  if (typeof birthMonth !== 'string' || fact.occurredOn >= `${birthMonth}-01`) return undefined;
  return refuse(422, `occurredAt: child ${stream.id} was born in ${birthMonth}; the event is dated ${fact.occurredOn}`);
}

/**
 * One step of a child's timeline: the state after `fact`, or why `fact` cannot happen
 * there. 409 when it repeats what the timeline already holds (a duplicate, already in
 * that state, a reference already used); 422 when it refers to something not so at
 * its date (not registered, not looked after, no such open assessment or placement).
 */
export function childStep(state: ChildDecisionState, fact: Fact): ChildDecisionState | Refusal {
  const d = fact.data;
  const on = fact.occurredOn;
  const child = `child ${state.childId}`;
  if (fact.type === 'ChildRegistered') {
    return state.registered ? refuse(409, `data.childId: ${child} is already registered`) : { ...state, registered: true };
  }
  if (!state.registered) return refuse(422, `data.childId: ${child} has no ChildRegistered on or before ${on}`);
  switch (fact.type) {
    case 'CaseAllocated':
      if (state.open && state.workerId === d.workerId) return refuse(409, `data.workerId: the case is already allocated to ${state.workerId}`);
      return { ...state, open: true, workerId: String(d.workerId) };
    case 'CaseClosed':
      if (!state.open) return refuse(422, `data.childId: the case of ${child} is not open on ${on}`);
      return { ...state, open: false, privateFostering: undefined };
    case 'PloStageEntered':
      if (state.ploStage === d.stage) return refuse(409, `data.stage: ${child} is already in ${state.ploStage}`);
      if (state.ploStage) return refuse(409, `data.stage: ${child} is in ${state.ploStage}; record its exit first`);
      return { ...state, ploStage: String(d.stage) };
    case 'PloStageExited':
      if (state.ploStage !== d.stage) return refuse(422, `data.stage: ${child} is not in ${String(d.stage)} on ${on}`);
      return { ...state, ploStage: undefined };

    case 'ReferralReceived':
    case 'StrategyDiscussionHeld':
    case 'ChildVisited':
    case 'ManagementOversightRecorded':
      // Nothing in the child's own stream to check: named workers are checked across streams (decide.ts).
      return state;

    case 'AssessmentStarted':
    case 'AssessmentCompleted':
      return assessmentStep(state, fact);

    case 'ChildProtectionPlanStarted':
    case 'ChildProtectionConferenceHeld':
    case 'ChildProtectionPlanEnded':
      return childProtectionStep(state, fact);

    case 'PlanReviewed':
      if (d.plan === 'child_protection' && !state.cpPlan) return refuse(422, `data.plan: ${child} is not on a child protection plan on ${on}`);
      if (d.plan === 'care' && !state.lookedAfterSince) return refuse(422, `data.plan: ${child} is not looked after on ${on}`);
      return state;

    case 'BecameLookedAfter':
    case 'CeasedLookedAfter':
    case 'PlacementStarted':
    case 'PlacementEnded':
      return lookedAfterStep(state, fact);

    case 'LookedAfterReviewHeld':
    case 'HealthAssessmentCompleted':
    case 'DentalCheckCompleted':
      if (!state.lookedAfterSince) return refuse(422, `data.childId: ${child} is not looked after on ${on}`);
      return state;

    case 'PrivateFosteringNotified':
      if (state.privateFostering) return refuse(409, `data.childId: ${child} is already privately fostered (notified on ${state.privateFostering.notifiedOn})`);
      return { ...state, privateFostering: { notifiedOn: on } };
    case 'PrivateFosteringChecksCompleted': {
      const pf = state.privateFostering;
      if (!pf) return refuse(422, `data.childId: ${child} has no PrivateFosteringNotified in force on ${on}`);
      if (pf.checksCompletedOn) return refuse(409, `data.childId: the private fostering checks of ${child} were already completed on ${pf.checksCompletedOn}`);
      return { ...state, privateFostering: { ...pf, checksCompletedOn: on } };
    }

    case 'PersonalAdviserAllocated':
      if (state.personalAdviserId === d.workerId) return refuse(409, `data.workerId: ${child} already has ${state.personalAdviserId} as personal adviser`);
      return { ...state, personalAdviserId: String(d.workerId) };

    default:
      return refuse(422, `type: ${fact.type} does not belong in a child's stream`);
  }
}

function assessmentStep(state: ChildDecisionState, fact: Fact): ChildDecisionState | Refusal {
  const id = String(fact.data.assessmentId);
  const on = fact.occurredOn;
  const known = state.assessments.get(id);
  if (fact.type === 'AssessmentStarted') {
    if (known && !known.endedOn) return refuse(409, `data.assessmentId: assessment ${id} is already open (started on ${known.startedOn})`);
    if (known) return refuse(409, `data.assessmentId: assessment ${id} was already completed on ${known.endedOn}; a new assessment needs a new assessmentId`);
    return { ...state, assessments: new Map(state.assessments).set(id, { startedOn: on }) };
  }
  if (!known) return refuse(422, `data.assessmentId: assessment ${id} has no AssessmentStarted on or before ${on}`);
  if (known.endedOn) return refuse(409, `data.assessmentId: assessment ${id} was already completed on ${known.endedOn}`);
  return { ...state, assessments: new Map(state.assessments).set(id, { ...known, endedOn: on }) };
}

function childProtectionStep(state: ChildDecisionState, fact: Fact): ChildDecisionState | Refusal {
  const on = fact.occurredOn;
  const child = `child ${state.childId}`;
  const plan = state.cpPlan;
  switch (fact.type) {
    case 'ChildProtectionPlanStarted':
      if (plan) return refuse(409, `data.childId: ${child} is already on a child protection plan (${plan.category}, since ${plan.since})`);
      return { ...state, cpPlan: { category: String(fact.data.category), since: on } };
    case 'ChildProtectionConferenceHeld':
      // An initial conference decides whether there will be a plan: it may come before the plan, or with none.
      if (fact.data.kind === 'review' && !plan) return refuse(422, `data.kind: ${child} is not on a child protection plan on ${on}, so there is no plan to review`);
      return state;
    default:
      if (!plan) return refuse(422, `data.childId: ${child} is not on a child protection plan on ${on}`);
      return { ...state, cpPlan: undefined };
  }
}

function lookedAfterStep(state: ChildDecisionState, fact: Fact): ChildDecisionState | Refusal {
  const on = fact.occurredOn;
  const child = `child ${state.childId}`;
  switch (fact.type) {
    case 'BecameLookedAfter':
      if (state.lookedAfterSince) return refuse(409, `data.childId: ${child} is already looked after (since ${state.lookedAfterSince})`);
      return { ...state, lookedAfterSince: on };
    case 'CeasedLookedAfter':
      if (!state.lookedAfterSince) return refuse(422, `data.childId: ${child} is not looked after on ${on}`);
      if (state.openPlacementId) return refuse(409, `data.childId: placement ${state.openPlacementId} is still open on ${on}; end placement ${state.openPlacementId} first`);
      return { ...state, lookedAfterSince: undefined };
  }
  const id = String(fact.data.placementId);
  const known = state.placements.get(id);
  if (fact.type === 'PlacementStarted') {
    if (!state.lookedAfterSince) return refuse(422, `data.childId: ${child} is not looked after on ${on}; a placement needs BecameLookedAfter first`);
    if (known && !known.endedOn) return refuse(409, `data.placementId: placement ${id} is already open (started on ${known.startedOn})`);
    if (known) return refuse(409, `data.placementId: placement ${id} already ended on ${known.endedOn}; a new placement needs a new placementId`);
    if (state.openPlacementId) return refuse(409, `data.placementId: placement ${state.openPlacementId} is still open on ${on}; end placement ${state.openPlacementId} first`);
    return { ...state, placements: new Map(state.placements).set(id, { startedOn: on }), openPlacementId: id };
  }
  if (!known) return refuse(422, `data.placementId: placement ${id} has no PlacementStarted on or before ${on}`);
  if (known.endedOn) return refuse(409, `data.placementId: placement ${id} already ended on ${known.endedOn}`);
  return { ...state, placements: new Map(state.placements).set(id, { ...known, endedOn: on }), openPlacementId: undefined };
}
