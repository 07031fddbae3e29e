import { describe, expect, it } from '@jest/globals';
import {
  assessmentCompleted,
  assessmentStarted,
  becameLookedAfter,
  caseAllocated,
  caseClosed,
  ceasedLookedAfter,
  childRegistered,
  childVisited,
  cpConferenceHeld,
  cpPlanEnded,
  cpPlanStarted,
  dentalCheckCompleted,
  given,
  healthAssessmentCompleted,
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
  strategyDiscussionHeld,
  supervisionHeld,
  voiding,
  workerJoined,
  workerLeft,
  type Entry,
  EXAMPLE_TYPES,
  exampleHistory,
} from './testing/index.js';
import { namedWorkerIds, proposedEvent } from './decide.js';
import { EVENT_TYPES, type EventType } from './events/catalogue.js';
import type { Fact } from './timeline.js';

const registered = childRegistered('2026-01-02');

const factById = (history: Entry[], id: string): Fact => history.find((e): e is Fact => 'type' in e && e.eventId === id)!;

describe('proposedEvent', () => {
  it('makes a fact of a request, dated by London dates, and a void command of a void', () => {
    const request = { type: 'PloStageEntered' as const, occurredAt: '2026-07-01T23:30:00Z', data: { childId: 'C-1', stage: 'pre_proceedings' as const } };
    expect(proposedEvent('e-1', request, '2026-08-01T23:15:00.000Z', 7)).toEqual({
      eventId: 'e-1',
      seq: 7,
      type: 'PloStageEntered',
      occurredOn: '2026-07-02',
      recordedAt: '2026-08-01T23:15:00.000Z',
      recordedOn: '2026-08-02',
      data: request.data,
    });
    const voidRequest = { type: 'EventVoided' as const, occurredAt: '2026-08-01', data: { eventId: '6f1c0e1e-2b7a-4c1d-9a51-3f0f7d0b9e11', reason: 'typo' } };
    expect(proposedEvent('e-2', voidRequest, '2026-08-01T10:00:00.000Z', 8)).toEqual({ type: 'EventVoided', occurredOn: '2026-08-01', data: voidRequest.data });
  });
});

describe('namedWorkerIds', () => {
  it('names the workers whose timelines decide needs: allocated, visiting, adviser, manager', () => {
    expect(namedWorkerIds({ type: 'CaseAllocated', data: { childId: 'C-1', workerId: 'W-1', teamId: 'T-1' } })).toEqual(['W-1']);
    expect(namedWorkerIds(childVisited('2026-01-05', { workerId: 'W-2' }))).toEqual(['W-2']);
    expect(namedWorkerIds(personalAdviserAllocated('2026-01-05'))).toEqual(['W-PA']);
    expect(namedWorkerIds(managementOversightRecorded('2026-01-05'))).toEqual(['W-MGR']);
  });

  it('names none for the other events, worker events and voids included', () => {
    expect(namedWorkerIds(ploStageEntered('2026-01-05'))).toEqual([]);
    expect(namedWorkerIds(supervisionHeld('2026-01-05'))).toEqual([]);
    expect(namedWorkerIds({ type: 'EventVoided', data: { eventId: 'x', reason: 'typo' } })).toEqual([]);
  });
});

describe('decide', () => {
  describe('dates', () => {
    it('refuses an occurredAt after today (422)', () => {
      given(registered).on('2026-06-01').when(ploStageEntered('2026-06-02')).thenRefused(422, 'occurredAt', '2026-06-02 is in the future');
    });

    it('accepts an event dated today', () => {
      given(registered).on('2026-06-01').when(ploStageEntered('2026-06-01')).thenAccepted();
    });

    it('dates a date-time by its London date: 23:30Z in summer is already tomorrow', () => {
      given(registered).on('2026-07-01').when(ploStageEntered('2026-07-01T23:30:00Z')).thenRefused(422, 'occurredAt', '2026-07-02 is in the future');
      given(registered).on('2026-07-02').when(ploStageEntered('2026-07-01T23:30:00Z')).thenAccepted();
    });
  });

  describe('an event logged late is validated at its own date', () => {
    it('refuses a PLO exit dated before the entry', () => {
      given(registered, ploStageEntered('2026-03-01'))
        .when(ploStageExited('2026-02-15', { recordedOn: '2026-04-01' }))
        .thenRefused(422, 'data.stage', 'not in pre_proceedings on 2026-02-15');
    });

    it('accepts a late-logged allocation that fits before the recorded one', () => {
      given(workerJoined('2025-01-01', { workerId: 'W-1' }), workerJoined('2025-01-01', { workerId: 'W-2' }), registered, caseAllocated('2026-04-01', { workerId: 'W-1' }))
        .when(caseAllocated('2026-02-01', { workerId: 'W-2', recordedOn: '2026-05-01' }))
        .thenAccepted();
    });

    it('refuses a late-logged allocation that would make the recorded one a re-allocation to the same worker', () => {
      given(workerJoined('2025-01-01'), registered, caseAllocated('2026-04-01', { workerId: 'W-1', id: 'alloc' }))
        .when(caseAllocated('2026-02-01', { workerId: 'W-1', recordedOn: '2026-05-01' }))
        .thenRefused(409, 'this event would make the CaseAllocated of 2026-04-01 (event alloc) invalid', 'data.workerId', 'already allocated to W-1');
    });

    it('refuses a late entry that would make a later entry inconsistent, naming the later event', () => {
      given(registered, ploStageEntered('2026-02-01', { id: 'entry-pre' }), ploStageExited('2026-04-01'))
        .when(ploStageEntered('2026-01-15', { stage: 'care_proceedings', recordedOn: '2026-05-01' }))
        .thenRefused(409, 'this event would make the PloStageEntered of 2026-02-01 (event entry-pre) invalid', 'data.stage', 'in care_proceedings');
    });

    it('refuses a late exit that would make the recorded later exit inconsistent, naming it', () => {
      given(registered, ploStageEntered('2026-02-01'), ploStageExited('2026-04-01', { id: 'exit' }))
        .when(ploStageExited('2026-03-01', { recordedOn: '2026-05-01' }))
        .thenRefused(422, 'this event would make the PloStageExited of 2026-04-01 (event exit) invalid', 'data.stage');
    });

    it('refuses a late closure dated before a closure already recorded', () => {
      given(workerJoined('2025-01-01'), registered, caseAllocated('2026-01-05'), caseClosed('2026-03-01', { id: 'close' }))
        .when(caseClosed('2026-02-01', { recordedOn: '2026-04-01' }))
        .thenRefused(422, 'CaseClosed of 2026-03-01 (event close)', 'data.childId');
    });

    it('refuses a late allocation dated before the child was registered', () => {
      given(workerJoined('2025-01-01'), registered)
        .when(caseAllocated('2026-01-01', { recordedOn: '2026-04-01' }))
        .thenRefused(422, 'data.childId', 'no ChildRegistered');
    });
  });

  describe('voids (decideVoid)', () => {
    it('refuses voiding an event not in the stream (422)', () => {
      given(registered).whenVoiding('no-such-event').thenRefused(422, 'data.eventId', 'no event no-such-event');
    });

    it('refuses voiding an event already voided (409)', () => {
      given(registered, ploStageEntered('2026-02-01', { id: 'entry' }), voiding('entry', '2026-02-10', 'void-1'))
        .whenVoiding('entry')
        .thenRefused(409, 'data.eventId', 'entry is already voided (by void-1)');
    });

    it('refuses voiding a PLO entry that has an exit (409), naming the exit', () => {
      given(registered, ploStageEntered('2026-02-01', { id: 'entry' }), ploStageExited('2026-03-01', { id: 'exit' }))
        .whenVoiding('entry')
        .thenRefused(409, 'voiding PloStageEntered entry', 'PloStageExited of 2026-03-01 (event exit) invalid', 'void the later event first');
    });

    it('refuses voiding a registration that later events rely on (409)', () => {
      given(registered, ploStageEntered('2026-02-01')).whenVoiding(registered.eventId).thenRefused(409, 'voiding ChildRegistered', 'data.childId');
    });

    it('refuses voiding a leaving that a later rejoin relies on (409)', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-02-01', { id: 'left' }), workerJoined('2026-03-01', { id: 'rejoin' }))
        .whenVoiding('left')
        .thenRefused(409, 'WorkerJoined of 2026-03-01 (event rejoin)', 'data.workerId');
    });

    it('refuses a void dated in the future (422)', () => {
      given(registered, ploStageEntered('2026-02-01', { id: 'entry' }))
        .on('2026-06-01')
        .whenVoiding('entry', { on: '2026-06-02' })
        .thenRefused(422, 'occurredAt');
    });

    it('accepts a harmless void', () => {
      given(workerJoined('2026-01-05'), supervisionHeld('2026-02-01', { id: 'sup' }))
        .whenVoiding('sup')
        .thenAccepted();
      given(registered, ploStageEntered('2026-02-01'), ploStageExited('2026-03-01', { id: 'exit' }))
        .whenVoiding('exit')
        .thenAccepted();
    });

    it('accepts a void once the later event it would break is voided', () => {
      given(registered, ploStageEntered('2026-02-01', { id: 'entry' }), ploStageExited('2026-03-01', { id: 'exit' }), voiding('exit', '2026-03-05'))
        .whenVoiding('entry')
        .thenAccepted();
    });
  });

  describe('voiding the child events of the catalogue', () => {
    /** Every example but the first of each stream, which nothing can come before. */
    const voidableExamples = EXAMPLE_TYPES.filter((type) => type !== 'ChildRegistered' && type !== 'WorkerJoined');

    const w1 = workerJoined('2025-01-01', { workerId: 'W-1' });
    const pa = workerJoined('2025-01-01', { workerId: 'W-PA' });
    const pb = workerJoined('2025-01-01', { workerId: 'W-PB' });
    const manager = workerJoined('2025-01-01', { workerId: 'W-MGR' });
    const lookedAfter = becameLookedAfter('2026-02-01');

    /** For each type: a history holding the event `target`, that voiding it leaves consistent. */
    const harmless: [EventType, Entry[]][] = [
      ['ReferralReceived', [registered, referralReceived('2026-02-01', { id: 'target' })]],
      ['StrategyDiscussionHeld', [registered, strategyDiscussionHeld('2026-02-01', { id: 'target' })]],
      ['AssessmentStarted', [registered, assessmentStarted('2026-02-01', { id: 'target' })]],
      ['AssessmentCompleted', [registered, assessmentStarted('2026-02-01'), assessmentCompleted('2026-03-01', { id: 'target' })]],
      ['ChildVisited', [w1, registered, childVisited('2026-02-01', { id: 'target' })]],
      ['ChildProtectionPlanStarted', [registered, cpPlanStarted('2026-02-01', { id: 'target' })]],
      ['ChildProtectionConferenceHeld', [registered, cpPlanStarted('2026-02-01'), cpConferenceHeld('2026-05-01', { kind: 'review', id: 'target' })]],
      ['ChildProtectionPlanEnded', [registered, cpPlanStarted('2026-02-01'), cpPlanEnded('2026-06-01', { id: 'target' })]],
      ['PlanReviewed', [registered, planReviewed('2026-02-01', { id: 'target' })]],
      ['BecameLookedAfter', [registered, becameLookedAfter('2026-02-01', { id: 'target' })]],
      ['CeasedLookedAfter', [registered, lookedAfter, ceasedLookedAfter('2026-05-01', { id: 'target' })]],
      ['PlacementStarted', [registered, lookedAfter, placementStarted('2026-02-01', { id: 'target' })]],
      ['PlacementEnded', [registered, lookedAfter, placementStarted('2026-02-01'), placementEnded('2026-04-01', { id: 'target' })]],
      ['LookedAfterReviewHeld', [registered, lookedAfter, lookedAfterReviewHeld('2026-03-01', { id: 'target' })]],
      ['HealthAssessmentCompleted', [registered, lookedAfter, healthAssessmentCompleted('2026-03-01', { id: 'target' })]],
      ['DentalCheckCompleted', [registered, lookedAfter, dentalCheckCompleted('2026-03-01', { id: 'target' })]],
      ['PrivateFosteringNotified', [registered, privateFosteringNotified('2026-02-01', { id: 'target' })]],
      ['PrivateFosteringChecksCompleted', [registered, privateFosteringNotified('2026-02-01'), privateFosteringChecksCompleted('2026-03-01', { id: 'target' })]],
      ['PersonalAdviserAllocated', [pa, registered, personalAdviserAllocated('2026-02-01', { id: 'target' })]],
      ['ManagementOversightRecorded', [manager, registered, managementOversightRecorded('2026-02-01', { id: 'target' })]],
    ];

    it('covers every child event type of the catalogue but the first ones (with the examples below for any type added since)', () => {
      const original = ['ChildRegistered', 'CaseAllocated', 'CaseClosed', 'PloStageEntered', 'PloStageExited'];
      const childTypes = EVENT_TYPES.filter((t) => !['WorkerJoined', 'WorkerChangedTeam', 'WorkerLeft', 'SupervisionHeld', 'EventVoided', ...original].includes(t));
      const covered = new Set([...harmless.map(([type]) => type), ...voidableExamples]);
      expect(childTypes.filter((type) => !covered.has(type))).toEqual([]);
    });

    it.each(harmless)('accepts voiding a %s that nothing later depends on', (_type, history) => {
      given(...history)
        .whenVoiding('target')
        .thenAccepted();
    });

    // The catalogue's example of every type, so a new event type is covered without a new row here.
    it.each(voidableExamples)('accepts the example %s after its prerequisites, and voiding it', (type) => {
      const history = exampleHistory(type, 'target');
      given(...history.slice(0, -1))
        .when(history.at(-1) as Fact)
        .thenAccepted();
      given(...history)
        .whenVoiding('target')
        .thenAccepted();
    });

    /** For the types something can depend on: a history where a later event `later` relies on `target`. */
    const depended: [string, Entry[], string][] = [
      ['AssessmentStarted that has a completion', [registered, assessmentStarted('2026-02-01', { id: 'target' }), assessmentCompleted('2026-03-01', { id: 'later' })], 'data.assessmentId'],
      ['ChildProtectionPlanStarted that has an end', [registered, cpPlanStarted('2026-02-01', { id: 'target' }), cpPlanEnded('2026-06-01', { id: 'later' })], 'data.childId'],
      [
        'ChildProtectionPlanStarted that has a review conference',
        [registered, cpPlanStarted('2026-02-01', { id: 'target' }), cpConferenceHeld('2026-05-01', { kind: 'review', id: 'later' })],
        'data.kind',
      ],
      [
        'ChildProtectionPlanStarted that has a CP plan review',
        [registered, cpPlanStarted('2026-02-01', { id: 'target' }), planReviewed('2026-05-01', { plan: 'child_protection', id: 'later' })],
        'data.plan',
      ],
      [
        'ChildProtectionPlanEnded followed by a new plan',
        [registered, cpPlanStarted('2026-02-01'), cpPlanEnded('2026-06-01', { id: 'target' }), cpPlanStarted('2026-09-01', { id: 'later' })],
        'data.childId',
      ],
      ['BecameLookedAfter that has a placement', [registered, becameLookedAfter('2026-02-01', { id: 'target' }), placementStarted('2026-02-01', { id: 'later' })], 'data.childId'],
      ['BecameLookedAfter that has a health assessment', [registered, becameLookedAfter('2026-02-01', { id: 'target' }), healthAssessmentCompleted('2026-03-01', { id: 'later' })], 'data.childId'],
      [
        'CeasedLookedAfter followed by a new entry to care',
        [registered, lookedAfter, ceasedLookedAfter('2026-05-01', { id: 'target' }), becameLookedAfter('2026-08-01', { id: 'later' })],
        'data.childId',
      ],
      ['PlacementStarted that has an end', [registered, lookedAfter, placementStarted('2026-02-01', { id: 'target' }), placementEnded('2026-04-01', { id: 'later' })], 'data.placementId'],
      [
        'PlacementEnded followed by the next placement',
        [registered, lookedAfter, placementStarted('2026-02-01'), placementEnded('2026-04-01', { id: 'target' }), placementStarted('2026-04-01', { placementId: 'P-2', id: 'later' })],
        'end placement P-1 first',
      ],
      [
        'PlacementEnded followed by ceasing to be looked after',
        [registered, lookedAfter, placementStarted('2026-02-01'), placementEnded('2026-04-01', { id: 'target' }), ceasedLookedAfter('2026-04-01', { id: 'later' })],
        'end placement P-1 first',
      ],
      [
        'PrivateFosteringNotified that has its checks',
        [registered, privateFosteringNotified('2026-02-01', { id: 'target' }), privateFosteringChecksCompleted('2026-03-01', { id: 'later' })],
        'data.childId',
      ],
      [
        'PersonalAdviserAllocated between two allocations of the same adviser',
        [
          pa,
          pb,
          registered,
          personalAdviserAllocated('2026-02-01'),
          personalAdviserAllocated('2026-03-01', { workerId: 'W-PB', id: 'target' }),
          personalAdviserAllocated('2026-04-01', { id: 'later' }),
        ],
        'data.workerId',
      ],
    ];

    it.each(depended)('refuses voiding a %s (409), naming the later event', (_what, history, fragment) => {
      const [target, later] = [factById(history, 'target'), factById(history, 'later')];
      given(...history)
        .whenVoiding('target')
        .thenRefused(409, `voiding ${target.type} target`, `${later.type} of ${later.occurredOn} (event later) invalid`, fragment, 'void the later event first');
    });

    it('accepts voiding a depended-on event once the later event is voided', () => {
      given(registered, lookedAfter, placementStarted('2026-02-01', { id: 'target' }), placementEnded('2026-04-01', { id: 'later' }), voiding('later', '2026-05-01'))
        .whenVoiding('target')
        .thenAccepted();
    });
  });
});
