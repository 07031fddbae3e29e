import { describe, expect, it } from '@jest/globals';
import { EVENT_TYPES, streamKind } from '../events/catalogue.js';
import {
  annualHealthReturn,
  assessmentCompleted,
  assessmentStarted,
  becameLookedAfter,
  caseAllocated,
  careLeaverContactRecorded,
  caseClosed,
  cinPlanEnded,
  cinPlanStarted,
  ceasedLookedAfter,
  childRegistered,
  childReturned,
  childVisited,
  childWentMissing,
  cpCategoryChanged,
  cpConferenceHeld,
  cpPlanEnded,
  cpPlanStarted,
  dentalCheckCompleted,
  given,
  healthAssessmentCompleted,
  legalStatusChanged,
  lookedAfterReviewHeld,
  managementOversightRecorded,
  personalAdviserAllocated,
  placementEnded,
  placementStarted,
  planReviewed,
  ploStageEntered,
  ploStageExited,
  privateFosteringChecksCompleted,
  privateFosteringNotified,
  referralReceived,
  returnInterviewOffered,
  sdqRecorded,
  strategyDiscussionHeld,
  workerJoined,
  workerLeft,
  EXAMPLE_TYPES,
  example,
  namedWorkersOf,
} from '../testing/index.js';

const registered = childRegistered('2026-01-02');
const w1 = workerJoined('2025-06-01', { workerId: 'W-1' });
const w2 = workerJoined('2025-06-01', { workerId: 'W-2' });

describe('child decider', () => {
  describe('ChildRegistered', () => {
    it('accepts a first registration', () => {
      given().when(childRegistered('2026-01-02')).thenAccepted();
    });

    it('refuses a duplicate registration (409)', () => {
      given(registered).when(childRegistered('2026-02-01')).thenRefused(409, 'data.childId', 'C-1 is already registered');
    });
  });

  describe('dates before the child was born (422)', () => {
    const born = { birthMonth: '2017-04' };

    it('refuses a registration dated before the first of the birth month, naming both', () => {
      given().when(childRegistered('2016-12-01', born)).thenRefused(422, 'occurredAt: child C-1 was born in 2017-04; the event is dated 2016-12-01');
      given().when(childRegistered('2017-03-31', born)).thenRefused(422, 'born in 2017-04', 'dated 2017-03-31');
    });

    it('accepts a registration from the first of the birth month on', () => {
      given().when(childRegistered('2017-04-01', born)).thenAccepted();
    });

    it('refuses a date-time counted on a London date before the birth month', () => {
      // 2017-03-31T23:30:00Z is 00:30 on 1 April in London (BST): in; an hour earlier is 31 March: out.
      given().when(childRegistered('2017-03-31T23:30:00Z', born)).thenAccepted();
      given().when(childRegistered('2017-03-31T22:30:00Z', born)).thenRefused(422, 'the event is dated 2017-03-31');
    });

    // Every kind of event about a child (the catalogue's examples), against a registration stored before this check existed.
    const childEvents = EXAMPLE_TYPES.filter((type) => streamKind(type) === 'child' && type !== 'ChildRegistered').map((type) => [type, example(type, '2016-12-01')] as const);

    it('covers every kind of child event in the catalogue', () => {
      expect(new Set(childEvents.map(([, e]) => e.type)).size).toBe(EVENT_TYPES.filter((t) => streamKind(t) === 'child' && t !== 'ChildRegistered').length);
    });

    it.each(childEvents)('refuses a %s dated before the birth month, with the birth month named', (type, event) => {
      given(...namedWorkersOf(type), childRegistered('2016-11-01', born))
        .when(event)
        .thenRefused(422, 'occurredAt: child C-1 was born in 2017-04; the event is dated 2016-12-01');
    });
  });

  describe('any other event', () => {
    it('is refused for a child not registered (422)', () => {
      given(w1).when(caseAllocated('2026-01-05')).thenRefused(422, 'data.childId', 'C-1 has no ChildRegistered on or before 2026-01-05');
    });

    it('is refused when dated before the registration (422)', () => {
      given(registered).when(ploStageEntered('2026-01-01')).thenRefused(422, 'data.childId', 'on or before 2026-01-01');
    });
  });

  describe('CaseAllocated', () => {
    it('accepts a first allocation to an employed worker', () => {
      given(w1, registered).when(caseAllocated('2026-01-05')).thenAccepted();
    });

    it('refuses an allocation to a worker who has not joined (422)', () => {
      given(registered)
        .when(caseAllocated('2026-01-05', { workerId: 'W-9' }))
        .thenRefused(422, 'data.workerId', 'W-9 had not joined on or before 2026-01-05');
    });

    it('refuses an allocation dated before the worker joined (422)', () => {
      given(workerJoined('2026-02-01'), registered).when(caseAllocated('2026-01-05')).thenRefused(422, 'data.workerId', 'had not joined');
    });

    it('refuses an allocation to a worker who left before its date (422)', () => {
      given(w1, workerLeft('2026-01-31'), registered).when(caseAllocated('2026-02-01')).thenRefused(422, 'data.workerId', 'W-1 had left before 2026-02-01');
    });

    it('accepts an allocation on the worker’s leaving day, and one dated while they were employed', () => {
      given(w1, workerLeft('2026-01-31'), registered).when(caseAllocated('2026-01-31')).thenAccepted();
      given(w1, workerLeft('2026-01-31'), registered)
        .when(caseAllocated('2026-01-10', { recordedOn: '2026-03-01' }))
        .thenAccepted();
    });

    it('accepts an allocation to a worker who left and rejoined', () => {
      given(w1, workerLeft('2026-01-31'), workerJoined('2026-03-01'), registered).when(caseAllocated('2026-03-01')).thenAccepted();
    });

    it('refuses a re-allocation to the worker who already holds the open case (409)', () => {
      given(w1, registered, caseAllocated('2026-01-05')).when(caseAllocated('2026-02-01')).thenRefused(409, 'data.workerId', 'already allocated to W-1');
    });

    it('accepts a change to another worker, and the same worker again after closure', () => {
      given(w1, w2, registered, caseAllocated('2026-01-05'))
        .when(caseAllocated('2026-02-01', { workerId: 'W-2' }))
        .thenAccepted();
      given(w1, registered, caseAllocated('2026-01-05'), caseClosed('2026-02-01')).when(caseAllocated('2026-03-01')).thenAccepted();
    });
  });

  describe('CaseClosed', () => {
    it('accepts closing an open case', () => {
      given(w1, registered, caseAllocated('2026-01-05')).when(caseClosed('2026-02-01')).thenAccepted();
    });

    it('refuses closing a case never opened (422)', () => {
      given(registered).when(caseClosed('2026-02-01')).thenRefused(422, 'data.childId', 'not open on 2026-02-01');
    });

    it('refuses closing a case already closed (422)', () => {
      given(w1, registered, caseAllocated('2026-01-05'), caseClosed('2026-02-01')).when(caseClosed('2026-02-02')).thenRefused(422, 'data.childId', 'not open on 2026-02-02');
    });
  });

  describe('PLO stages', () => {
    it('accepts entering a stage, and the next one after exiting', () => {
      given(registered).when(ploStageEntered('2026-02-01')).thenAccepted();
      given(registered, ploStageEntered('2026-02-01'), ploStageExited('2026-03-01', { outcome: 'proceedings_issued' }))
        .when(ploStageEntered('2026-03-01', { stage: 'care_proceedings' }))
        .thenAccepted();
    });

    it('refuses entering the stage the child is already in (409)', () => {
      given(registered, ploStageEntered('2026-02-01', { stage: 'care_proceedings' }))
        .when(ploStageEntered('2026-03-01', { stage: 'care_proceedings' }))
        .thenRefused(409, 'data.stage', 'already in care_proceedings');
    });

    it('refuses entering a stage while in another one (409)', () => {
      given(registered, ploStageEntered('2026-02-01', { stage: 'pre_proceedings' }))
        .when(ploStageEntered('2026-03-01', { stage: 'care_proceedings' }))
        .thenRefused(409, 'data.stage', 'is in pre_proceedings; record its exit first');
    });

    it('refuses exiting a stage the child is not in (422)', () => {
      given(registered).when(ploStageExited('2026-03-01')).thenRefused(422, 'data.stage', 'not in pre_proceedings on 2026-03-01');
      given(registered, ploStageEntered('2026-02-01', { stage: 'pre_proceedings' }))
        .when(ploStageExited('2026-03-01', { stage: 'care_proceedings' }))
        .thenRefused(422, 'data.stage', 'not in care_proceedings');
    });
  });

  describe('ReferralReceived and StrategyDiscussionHeld', () => {
    it('accept them for a registered child, repeatedly', () => {
      given(registered).when(referralReceived('2026-01-05')).thenAccepted();
      given(registered, referralReceived('2026-01-05'))
        .when(referralReceived('2026-01-06', { concerns: ['neglect', 'other'] }))
        .thenAccepted();
      given(registered, referralReceived('2026-01-05'))
        .when(strategyDiscussionHeld('2026-01-06', { initialSafetyPlanAgreed: false }))
        .thenAccepted();
    });

    it('refuse them for a child not registered at their date (422)', () => {
      given().when(referralReceived('2026-01-05')).thenRefused(422, 'data.childId', 'no ChildRegistered on or before 2026-01-05');
      given(registered).when(strategyDiscussionHeld('2026-01-01')).thenRefused(422, 'data.childId', 'no ChildRegistered');
    });
  });

  describe('assessments', () => {
    const started = assessmentStarted('2026-02-01', { assessmentId: 'A-1' });

    it('accepts starting an assessment, and a second one of another id while the first is open', () => {
      given(registered).when(assessmentStarted('2026-02-01')).thenAccepted();
      given(registered, started)
        .when(assessmentStarted('2026-02-03', { assessmentId: 'A-2', kind: 'section_47' }))
        .thenAccepted();
    });

    it('refuses starting an assessment whose id is already open (409)', () => {
      given(registered, started).when(assessmentStarted('2026-02-10')).thenRefused(409, 'data.assessmentId', 'A-1 is already open (started on 2026-02-01)');
    });

    it('refuses starting an assessment whose id was already used and completed (409)', () => {
      given(registered, started, assessmentCompleted('2026-03-01'))
        .when(assessmentStarted('2026-04-01'))
        .thenRefused(409, 'data.assessmentId', 'A-1 was already completed on 2026-03-01', 'needs a new assessmentId');
    });

    it('accepts completing an open assessment, on its start day or later', () => {
      given(registered, started).when(assessmentCompleted('2026-03-01')).thenAccepted();
      given(registered, started).when(assessmentCompleted('2026-02-01')).thenAccepted();
    });

    it('refuses completing an assessment never started (422)', () => {
      given(registered).when(assessmentCompleted('2026-03-01')).thenRefused(422, 'data.assessmentId', 'A-1 has no AssessmentStarted on or before 2026-03-01');
      given(registered, started)
        .when(assessmentCompleted('2026-03-01', { assessmentId: 'A-2' }))
        .thenRefused(422, 'data.assessmentId', 'A-2 has no AssessmentStarted');
    });

    it('refuses a completion dated before the start (422)', () => {
      given(registered, started)
        .when(assessmentCompleted('2026-01-20', { recordedOn: '2026-03-01' }))
        .thenRefused(422, 'data.assessmentId', 'on or before 2026-01-20');
    });

    it('refuses completing an assessment already completed (409)', () => {
      given(registered, started, assessmentCompleted('2026-03-01')).when(assessmentCompleted('2026-03-05')).thenRefused(409, 'data.assessmentId', 'A-1 was already completed on 2026-03-01');
    });

    it("takes a section 47 enquiry's decision on an initial conference, and refuses it for any other assessment (422)", () => {
      const enquiry = assessmentStarted('2026-02-01', { assessmentId: 'S47-1', kind: 'section_47' });
      given(registered, enquiry)
        .when(assessmentCompleted('2026-02-20', { assessmentId: 'S47-1', initialConferenceNeeded: false }))
        .thenAccepted();
      given(registered, started)
        .when(assessmentCompleted('2026-02-20', { initialConferenceNeeded: true }))
        .thenRefused(422, 'data.initialConferenceNeeded', 'A-1 is not a section 47 enquiry');
    });

    it('refuses a late completion dated before the recorded one, naming it (409)', () => {
      given(registered, started, assessmentCompleted('2026-03-01', { id: 'done' }))
        .when(assessmentCompleted('2026-02-15', { recordedOn: '2026-04-01' }))
        .thenRefused(409, 'AssessmentCompleted of 2026-03-01 (event done) invalid', 'data.assessmentId');
    });
  });

  describe('ChildVisited (the visiting worker is checked across streams)', () => {
    it('accepts a visit by an employed worker', () => {
      given(w1, registered).when(childVisited('2026-02-01')).thenAccepted();
      given(w1, workerLeft('2026-01-31'), registered)
        .when(childVisited('2026-01-31', { seenAlone: false }))
        .thenAccepted();
    });

    it('refuses a visit by a worker who has not joined, or who left before its date (422)', () => {
      given(registered)
        .when(childVisited('2026-02-01', { workerId: 'W-9' }))
        .thenRefused(422, 'data.workerId', 'W-9 had not joined on or before 2026-02-01');
      given(w1, workerLeft('2026-01-31'), registered).when(childVisited('2026-02-01')).thenRefused(422, 'data.workerId', 'W-1 had left before 2026-02-01');
    });

    it('refuses a visit to a child not registered (422)', () => {
      given(w1).when(childVisited('2026-02-01')).thenRefused(422, 'data.childId', 'no ChildRegistered');
    });
  });

  describe('child protection plans and conferences', () => {
    const onPlan = cpPlanStarted('2026-02-01');

    it('accepts starting a plan, and a new one after the previous ended', () => {
      given(registered).when(cpPlanStarted('2026-02-01')).thenAccepted();
      given(registered, onPlan, cpPlanEnded('2026-06-01'))
        .when(cpPlanStarted('2026-09-01', { category: 'multiple' }))
        .thenAccepted();
    });

    it('refuses starting a plan while on one (409)', () => {
      given(registered, onPlan).when(cpPlanStarted('2026-03-01')).thenRefused(409, 'data.childId', 'already on a child protection plan (neglect, since 2026-02-01)');
    });

    it('accepts an initial conference whether or not the child is on a plan', () => {
      given(registered)
        .when(cpConferenceHeld('2026-01-20', { kind: 'initial' }))
        .thenAccepted();
      given(registered, onPlan)
        .when(cpConferenceHeld('2026-02-01', { kind: 'initial' }))
        .thenAccepted();
    });

    it('accepts a review conference during a plan', () => {
      given(registered, onPlan)
        .when(cpConferenceHeld('2026-05-01', { kind: 'review' }))
        .thenAccepted();
    });

    it('refuses a review conference when not on a plan (422), before the plan or after its end', () => {
      given(registered)
        .when(cpConferenceHeld('2026-05-01', { kind: 'review' }))
        .thenRefused(422, 'data.kind', 'not on a child protection plan on 2026-05-01');
      given(registered, onPlan)
        .when(cpConferenceHeld('2026-01-20', { kind: 'review', recordedOn: '2026-03-01' }))
        .thenRefused(422, 'data.kind');
      given(registered, onPlan, cpPlanEnded('2026-06-01'))
        .when(cpConferenceHeld('2026-07-01', { kind: 'review' }))
        .thenRefused(422, 'data.kind');
    });

    it('accepts ending a plan, and refuses ending one when not on a plan (422)', () => {
      given(registered, onPlan).when(cpPlanEnded('2026-06-01')).thenAccepted();
      given(registered).when(cpPlanEnded('2026-06-01')).thenRefused(422, 'data.childId', 'not on a child protection plan on 2026-06-01');
      given(registered, onPlan, cpPlanEnded('2026-06-01')).when(cpPlanEnded('2026-06-02')).thenRefused(422, 'data.childId', 'not on a child protection plan on 2026-06-02');
    });

    it('refuses a late plan start that would make the recorded start a second plan (409), naming it', () => {
      given(registered, cpPlanStarted('2026-04-01', { id: 'plan' }))
        .when(cpPlanStarted('2026-02-01', { recordedOn: '2026-05-01' }))
        .thenRefused(409, 'ChildProtectionPlanStarted of 2026-04-01 (event plan) invalid', 'already on a child protection plan');
    });
  });

  describe('PlanReviewed', () => {
    it('accepts a child in need or pathway plan review at any time', () => {
      given(registered)
        .when(planReviewed('2026-03-01', { plan: 'child_in_need' }))
        .thenAccepted();
      given(registered)
        .when(planReviewed('2026-03-01', { plan: 'pathway', contingencyPlanRecorded: false }))
        .thenAccepted();
    });

    it('accepts a child protection plan review during a CP plan, refuses one outside it (422)', () => {
      given(registered, cpPlanStarted('2026-02-01'))
        .when(planReviewed('2026-03-01', { plan: 'child_protection' }))
        .thenAccepted();
      given(registered)
        .when(planReviewed('2026-03-01', { plan: 'child_protection' }))
        .thenRefused(422, 'data.plan', 'not on a child protection plan on 2026-03-01');
    });

    it('accepts a care plan review while looked after, refuses one when not (422)', () => {
      given(registered, becameLookedAfter('2026-02-01'))
        .when(planReviewed('2026-03-01', { plan: 'care' }))
        .thenAccepted();
      given(registered)
        .when(planReviewed('2026-03-01', { plan: 'care' }))
        .thenRefused(422, 'data.plan', 'not looked after on 2026-03-01');
      given(registered, becameLookedAfter('2026-02-01'), ceasedLookedAfter('2026-02-20'))
        .when(planReviewed('2026-03-01', { plan: 'care' }))
        .thenRefused(422, 'data.plan', 'not looked after');
    });
  });

  describe('looked after', () => {
    const lookedAfter = becameLookedAfter('2026-02-01');

    it('accepts becoming looked after, and again after ceasing', () => {
      given(registered).when(becameLookedAfter('2026-02-01')).thenAccepted();
      given(registered, lookedAfter, ceasedLookedAfter('2026-05-01')).when(becameLookedAfter('2026-08-01')).thenAccepted();
    });

    it('refuses becoming looked after while looked after (409)', () => {
      given(registered, lookedAfter).when(becameLookedAfter('2026-03-01')).thenRefused(409, 'data.childId', 'already looked after (since 2026-02-01)');
    });

    it('accepts ceasing, with no placement or once the placement has ended', () => {
      given(registered, lookedAfter).when(ceasedLookedAfter('2026-05-01')).thenAccepted();
      given(registered, lookedAfter, placementStarted('2026-02-01'), placementEnded('2026-05-01')).when(ceasedLookedAfter('2026-05-01')).thenAccepted();
    });

    it('refuses ceasing when not looked after (422)', () => {
      given(registered).when(ceasedLookedAfter('2026-05-01')).thenRefused(422, 'data.childId', 'not looked after on 2026-05-01');
      given(registered, lookedAfter)
        .when(ceasedLookedAfter('2026-01-20', { recordedOn: '2026-03-01' }))
        .thenRefused(422, 'data.childId', 'not looked after on 2026-01-20');
    });

    it('refuses ceasing while a placement is open (409): no implicit end of the placement', () => {
      given(registered, lookedAfter, placementStarted('2026-02-01'))
        .when(ceasedLookedAfter('2026-05-01'))
        .thenRefused(409, 'data.childId', 'placement P-1 is still open on 2026-05-01; end placement P-1 first');
    });

    it.each([
      ['LookedAfterReviewHeld', lookedAfterReviewHeld],
      ['HealthAssessmentCompleted', healthAssessmentCompleted],
      ['DentalCheckCompleted', dentalCheckCompleted],
    ])('accepts %s while looked after, refuses it when not (422)', (_type, build) => {
      given(registered, lookedAfter).when(build('2026-03-01')).thenAccepted();
      given(registered).when(build('2026-03-01')).thenRefused(422, 'data.childId', 'not looked after on 2026-03-01');
      given(registered, lookedAfter, ceasedLookedAfter('2026-04-01')).when(build('2026-04-02')).thenRefused(422, 'data.childId', 'not looked after on 2026-04-02');
    });
  });

  describe('placements', () => {
    const lookedAfter = becameLookedAfter('2026-02-01');
    const placed = placementStarted('2026-02-01', { placementId: 'P-1' });

    it('accepts a placement of a looked-after child, and the next one once it ended', () => {
      given(registered, lookedAfter).when(placementStarted('2026-02-01')).thenAccepted();
      given(registered, lookedAfter, placed, placementEnded('2026-04-01'))
        .when(placementStarted('2026-04-01', { placementId: 'P-2', kind: 'residential' }))
        .thenAccepted();
    });

    it('refuses a placement of a child not looked after (422), whatever its kind', () => {
      given(registered).when(placementStarted('2026-02-01')).thenRefused(422, 'data.childId', 'not looked after on 2026-02-01');
      given(registered)
        .when(placementStarted('2026-02-01', { kind: 'placed_with_parents' }))
        .thenRefused(422, 'data.childId', 'not looked after');
      given(registered, lookedAfter)
        .when(placementStarted('2026-01-25', { recordedOn: '2026-03-01' }))
        .thenRefused(422, 'data.childId', 'not looked after on 2026-01-25');
    });

    it('refuses starting a placement already open (409)', () => {
      given(registered, lookedAfter, placed).when(placementStarted('2026-03-01')).thenRefused(409, 'data.placementId', 'P-1 is already open (started on 2026-02-01)');
    });

    it('refuses starting a placement while another is open (409)', () => {
      given(registered, lookedAfter, placed)
        .when(placementStarted('2026-03-01', { placementId: 'P-2' }))
        .thenRefused(409, 'data.placementId', 'placement P-1 is still open on 2026-03-01; end placement P-1 first');
    });

    it('refuses reusing the id of a placement that ended (409)', () => {
      given(registered, lookedAfter, placed, placementEnded('2026-04-01'))
        .when(placementStarted('2026-05-01'))
        .thenRefused(409, 'data.placementId', 'P-1 already ended on 2026-04-01', 'needs a new placementId');
    });

    it('accepts ending the open placement', () => {
      given(registered, lookedAfter, placed).when(placementEnded('2026-04-01')).thenAccepted();
    });

    it('refuses ending a placement that is not open (422): never started, or started after the end date', () => {
      given(registered, lookedAfter).when(placementEnded('2026-04-01')).thenRefused(422, 'data.placementId', 'P-1 has no PlacementStarted on or before 2026-04-01');
      given(registered, lookedAfter, placed)
        .when(placementEnded('2026-04-01', { placementId: 'P-2' }))
        .thenRefused(422, 'data.placementId', 'P-2 has no PlacementStarted');
      given(registered, lookedAfter, placementStarted('2026-03-01'))
        .when(placementEnded('2026-02-15', { recordedOn: '2026-04-01' }))
        .thenRefused(422, 'data.placementId', 'on or before 2026-02-15');
    });

    it('refuses ending a placement that already ended (409)', () => {
      given(registered, lookedAfter, placed, placementEnded('2026-04-01')).when(placementEnded('2026-04-02')).thenRefused(409, 'data.placementId', 'P-1 already ended on 2026-04-01');
    });

    it('refuses a late CeasedLookedAfter dated inside a recorded placement, naming the placement start (422)', () => {
      given(registered, lookedAfter, placementStarted('2026-03-01', { id: 'placed' }))
        .when(ceasedLookedAfter('2026-02-15', { recordedOn: '2026-04-01' }))
        .thenRefused(422, 'PlacementStarted of 2026-03-01 (event placed) invalid', 'not looked after on 2026-03-01');
    });
  });

  describe('private fostering', () => {
    const notified = privateFosteringNotified('2026-02-01');

    it('accepts a notification, and its checks once', () => {
      given(registered).when(privateFosteringNotified('2026-02-01')).thenAccepted();
      given(registered, notified).when(privateFosteringChecksCompleted('2026-03-01')).thenAccepted();
    });

    it('refuses a notification while already privately fostered (409)', () => {
      given(registered, notified).when(privateFosteringNotified('2026-03-01')).thenRefused(409, 'data.childId', 'already privately fostered (notified on 2026-02-01)');
    });

    it('accepts a new notification once the case was closed', () => {
      given(w1, registered, caseAllocated('2026-01-05'), notified, caseClosed('2026-06-01')).when(privateFosteringNotified('2026-09-01')).thenAccepted();
    });

    it('refuses checks without a notification (422), or dated before it', () => {
      given(registered).when(privateFosteringChecksCompleted('2026-03-01')).thenRefused(422, 'data.childId', 'no PrivateFosteringNotified in force on 2026-03-01');
      given(registered, notified)
        .when(privateFosteringChecksCompleted('2026-01-20', { recordedOn: '2026-03-01' }))
        .thenRefused(422, 'data.childId');
    });

    it('refuses checks completed twice for one notification (409)', () => {
      given(registered, notified, privateFosteringChecksCompleted('2026-03-01'))
        .when(privateFosteringChecksCompleted('2026-03-05'))
        .thenRefused(409, 'data.childId', 'already completed on 2026-03-01');
    });
  });

  describe('missing episodes and return interviews', () => {
    const missing = childWentMissing('2026-03-01');
    const back = childReturned('2026-03-02');

    it('accepts going missing, the return, and one return interview offered after it', () => {
      given(registered).when(childWentMissing('2026-03-01')).thenAccepted();
      given(registered, missing).when(childReturned('2026-03-01')).thenAccepted();
      given(registered, missing, back).when(returnInterviewOffered('2026-03-04')).thenAccepted();
      given(registered, missing, back)
        .when(childWentMissing('2026-04-01', { episodeId: 'M-2', kind: 'away' }))
        .thenAccepted();
    });

    it('refuses a second episode while one is open, and a reused episode reference (409)', () => {
      given(registered, missing)
        .when(childWentMissing('2026-03-05', { episodeId: 'M-2' }))
        .thenRefused(409, 'data.childId', 'still missing or away (episode M-1, since 2026-03-01)');
      given(registered, missing, back).when(childWentMissing('2026-04-01')).thenRefused(409, 'data.episodeId', 'M-1 was already recorded on 2026-03-01');
    });

    it('refuses a return from an episode never recorded (422) or already returned from (409)', () => {
      given(registered).when(childReturned('2026-03-02')).thenRefused(422, 'data.episodeId', 'M-1 has no ChildWentMissing on or before 2026-03-02');
      given(registered, missing, back).when(childReturned('2026-03-03')).thenRefused(409, 'data.episodeId', 'return from episode M-1 was already recorded on 2026-03-02');
      given(registered, missing)
        .when(childReturned('2026-02-20', { recordedOn: '2026-03-05' }))
        .thenRefused(422, 'data.episodeId');
    });

    it('refuses a return interview before the return (422), and a second one for the same episode (409)', () => {
      given(registered, missing).when(returnInterviewOffered('2026-03-02')).thenRefused(422, 'data.episodeId', 'has not returned from episode M-1 by 2026-03-02');
      given(registered).when(returnInterviewOffered('2026-03-02')).thenRefused(422, 'data.episodeId', 'M-1 has no ChildWentMissing');
      given(registered, missing, back, returnInterviewOffered('2026-03-03'))
        .when(returnInterviewOffered('2026-03-04', { accepted: false }))
        .thenRefused(409, 'data.episodeId', 'already offered on 2026-03-03');
    });
  });

  describe('child in need plans', () => {
    it('accepts a plan, its end, and a new plan after it', () => {
      given(registered).when(cinPlanStarted('2026-02-02')).thenAccepted();
      given(registered, cinPlanStarted('2026-02-02')).when(cinPlanEnded('2026-05-04')).thenAccepted();
      given(registered, cinPlanStarted('2026-02-02'), cinPlanEnded('2026-05-04')).when(cinPlanStarted('2026-06-01')).thenAccepted();
    });

    it('refuses a second plan while one is open (409), and an end with none open (422)', () => {
      given(registered, cinPlanStarted('2026-02-02')).when(cinPlanStarted('2026-03-02')).thenRefused(409, 'data.childId', 'already on a child in need plan (since 2026-02-02)');
      given(registered).when(cinPlanEnded('2026-03-02')).thenRefused(422, 'data.childId', 'not on a child in need plan on 2026-03-02');
    });
  });

  describe('AnnualHealthReturnRecorded (the OC2 assertions)', () => {
    const inCare = [registered, becameLookedAfter('2026-02-01')];

    it('accepts one return a year, dated 31 March, for a child who has been looked after', () => {
      given(...inCare)
        .when(annualHealthReturn('2026-03-31'))
        .thenAccepted();
      given(...inCare, ceasedLookedAfter('2026-03-01'))
        .when(annualHealthReturn('2026-03-31'))
        .thenAccepted();
    });

    it('refuses a return dated other than 31 March, for a child never looked after (422), or a second for the year (409)', () => {
      given(...inCare)
        .when(annualHealthReturn('2026-03-30'))
        .thenRefused(422, 'occurredAt', 'dated 31 March');
      given(registered).when(annualHealthReturn('2026-03-31')).thenRefused(422, 'data.childId', 'never been looked after');
      given(...inCare, annualHealthReturn('2026-03-31'))
        .when(annualHealthReturn('2026-03-31', { teethChecked: false }))
        .thenRefused(409, 'occurredAt', 'year to 2026-03-31 is already recorded');
    });
  });

  describe('StrengthsAndDifficultiesRecorded', () => {
    const inCare = [registered, becameLookedAfter('2026-02-01')];

    it('accepts a score, or the reason there is none, while looked after', () => {
      given(...inCare)
        .when(sdqRecorded('2026-03-01'))
        .thenAccepted();
      given(...inCare)
        .when(sdqRecorded('2026-03-01', { score: undefined, notScored: 'severe_disability' }))
        .thenAccepted();
    });

    it('refuses one when not looked after, and one with both or neither a score and a reason (422)', () => {
      given(registered).when(sdqRecorded('2026-03-01')).thenRefused(422, 'data.childId', 'not looked after on 2026-03-01');
      given(...inCare)
        .when(sdqRecorded('2026-03-01', { notScored: 'refused' }))
        .thenRefused(422, 'data.score', 'either a score or notScored');
      given(...inCare)
        .when(sdqRecorded('2026-03-01', { score: undefined }))
        .thenRefused(422, 'data.score', 'either a score or notScored');
    });
  });

  describe('ChildProtectionCategoryChanged', () => {
    const onPlan = [registered, cpPlanStarted('2026-02-02', { category: 'emotional_abuse' })];

    it('accepts a change of category while on a plan', () => {
      given(...onPlan)
        .when(cpCategoryChanged('2026-05-04', { category: 'neglect' }))
        .thenAccepted();
    });

    it('refuses a change with no plan (422), and one to the category already in force (409)', () => {
      given(registered).when(cpCategoryChanged('2026-05-04')).thenRefused(422, 'data.childId', 'not on a child protection plan on 2026-05-04');
      given(...onPlan)
        .when(cpCategoryChanged('2026-05-04', { category: 'emotional_abuse' }))
        .thenRefused(409, 'data.category', 'already emotional_abuse');
    });
  });

  describe('LegalStatusChanged', () => {
    const inCare = [registered, becameLookedAfter('2026-02-01', { legalStatus: 'C1' })];

    it('accepts a change of legal status while looked after', () => {
      given(...inCare)
        .when(legalStatusChanged('2026-03-01', { legalStatus: 'C2' }))
        .thenAccepted();
    });

    it('refuses a change when not looked after (422), and one to the status already in force (409)', () => {
      given(registered).when(legalStatusChanged('2026-03-01')).thenRefused(422, 'data.childId', 'not looked after on 2026-03-01');
      given(...inCare)
        .when(legalStatusChanged('2026-03-01', { legalStatus: 'C1' }))
        .thenRefused(409, 'data.legalStatus', 'already C1');
      given(...inCare, legalStatusChanged('2026-03-01', { legalStatus: 'C2' }))
        .when(legalStatusChanged('2026-04-01', { legalStatus: 'C2' }))
        .thenRefused(409, 'data.legalStatus', 'already C2');
    });
  });

  describe('CareLeaverContactRecorded', () => {
    const careLeaver = [registered, becameLookedAfter('2026-02-01'), ceasedLookedAfter('2026-03-01')];
    const out = { inTouch: 'no', accommodation: undefined, accommodationSuitable: undefined, activity: undefined } as const;

    it('accepts contact in touch with where they live and what they do, and out of touch with neither', () => {
      given(...careLeaver)
        .when(careLeaverContactRecorded('2026-04-01'))
        .thenAccepted();
      given(...careLeaver)
        .when(careLeaverContactRecorded('2026-04-01', out))
        .thenAccepted();
    });

    it('refuses contact for a child never looked after (422)', () => {
      given(registered).when(careLeaverContactRecorded('2026-04-01')).thenRefused(422, 'data.childId', 'never been looked after by 2026-04-01');
    });

    it('refuses in touch without where they live or what they do, naming each missing field (422)', () => {
      given(...careLeaver)
        .when(careLeaverContactRecorded('2026-04-01', { accommodation: undefined, activity: undefined }))
        .thenRefused(422, 'data.accommodation, data.activity', 'required when the young person is in touch');
    });

    it('refuses where they live when they are not in touch (422)', () => {
      given(...careLeaver)
        .when(careLeaverContactRecorded('2026-04-01', { ...out, accommodation: 'bed_and_breakfast' }))
        .thenRefused(422, 'data.accommodation', 'said only when the young person is in touch');
    });
  });

  describe('PersonalAdviserAllocated (the adviser is checked across streams)', () => {
    const pa = workerJoined('2025-06-01', { workerId: 'W-PA', role: 'personal_adviser' });
    const pb = workerJoined('2025-06-01', { workerId: 'W-PB', role: 'personal_adviser' });

    it('accepts an employed adviser, and a change to another one', () => {
      given(pa, registered).when(personalAdviserAllocated('2026-02-01')).thenAccepted();
      given(pa, pb, registered, personalAdviserAllocated('2026-02-01'))
        .when(personalAdviserAllocated('2026-03-01', { workerId: 'W-PB' }))
        .thenAccepted();
    });

    it('refuses an adviser who has not joined, or who left before its date (422)', () => {
      given(registered).when(personalAdviserAllocated('2026-02-01')).thenRefused(422, 'data.workerId', 'W-PA had not joined on or before 2026-02-01');
      given(pa, workerLeft('2026-01-31', { workerId: 'W-PA' }), registered)
        .when(personalAdviserAllocated('2026-02-01'))
        .thenRefused(422, 'data.workerId', 'W-PA had left before 2026-02-01');
    });

    it('refuses allocating the adviser the child already has (409)', () => {
      given(pa, registered, personalAdviserAllocated('2026-02-01')).when(personalAdviserAllocated('2026-03-01')).thenRefused(409, 'data.workerId', 'already has W-PA as personal adviser');
    });
  });

  describe('ManagementOversightRecorded (the manager is checked across streams)', () => {
    const manager = workerJoined('2025-06-01', { workerId: 'W-MGR', role: 'team_manager', caseHolding: false });

    it('accepts oversight by an employed manager, at any decision point', () => {
      given(manager, registered).when(managementOversightRecorded('2026-02-01')).thenAccepted();
      given(manager, registered)
        .when(managementOversightRecorded('2026-02-01', { decisionPoint: 'closure' }))
        .thenAccepted();
    });

    it('refuses a manager who has not joined, or who left before its date (422), at data.managerId', () => {
      given(registered).when(managementOversightRecorded('2026-02-01')).thenRefused(422, 'data.managerId', 'W-MGR had not joined on or before 2026-02-01');
      given(manager, workerLeft('2026-01-31', { workerId: 'W-MGR' }), registered)
        .when(managementOversightRecorded('2026-02-01'))
        .thenRefused(422, 'data.managerId', 'W-MGR had left before 2026-02-01');
    });
  });
});
