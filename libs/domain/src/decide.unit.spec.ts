import { describe, expect, it } from '@jest/globals';
import {
  caseAllocated,
  caseClosed,
  childRegistered,
  given,
  ploStageEntered,
  ploStageExited,
  supervisionHeld,
  voiding,
  workerJoined,
  workerLeft,
} from './testing/index.js';
import { proposedEvent } from './decide.js';

const registered = childRegistered('2026-01-02');

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
      given(workerJoined('2025-01-01'), registered).when(caseAllocated('2026-01-01', { recordedOn: '2026-04-01' })).thenRefused(422, 'data.childId', 'no ChildRegistered');
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
      given(registered, ploStageEntered('2026-02-01', { id: 'entry' })).on('2026-06-01').whenVoiding('entry', { on: '2026-06-02' }).thenRefused(422, 'occurredAt');
    });

    it('accepts a harmless void', () => {
      given(workerJoined('2026-01-05'), supervisionHeld('2026-02-01', { id: 'sup' })).whenVoiding('sup').thenAccepted();
      given(registered, ploStageEntered('2026-02-01'), ploStageExited('2026-03-01', { id: 'exit' })).whenVoiding('exit').thenAccepted();
    });

    it('accepts a void once the later event it would break is voided', () => {
      given(registered, ploStageEntered('2026-02-01', { id: 'entry' }), ploStageExited('2026-03-01', { id: 'exit' }), voiding('exit', '2026-03-05'))
        .whenVoiding('entry')
        .thenAccepted();
    });
  });
});
