import { describe, it } from '@jest/globals';
import {
  caseAllocated,
  caseClosed,
  childRegistered,
  given,
  ploStageEntered,
  ploStageExited,
  workerJoined,
  workerLeft,
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
      given(registered).when(caseAllocated('2026-01-05', { workerId: 'W-9' })).thenRefused(422, 'data.workerId', 'W-9 had not joined on or before 2026-01-05');
    });

    it('refuses an allocation dated before the worker joined (422)', () => {
      given(workerJoined('2026-02-01'), registered).when(caseAllocated('2026-01-05')).thenRefused(422, 'data.workerId', 'had not joined');
    });

    it('refuses an allocation to a worker who left before its date (422)', () => {
      given(w1, workerLeft('2026-01-31'), registered)
        .when(caseAllocated('2026-02-01'))
        .thenRefused(422, 'data.workerId', 'W-1 had left before 2026-02-01');
    });

    it('accepts an allocation on the worker’s leaving day, and one dated while they were employed', () => {
      given(w1, workerLeft('2026-01-31'), registered).when(caseAllocated('2026-01-31')).thenAccepted();
      given(w1, workerLeft('2026-01-31'), registered).when(caseAllocated('2026-01-10', { recordedOn: '2026-03-01' })).thenAccepted();
    });

    it('accepts an allocation to a worker who left and rejoined', () => {
      given(w1, workerLeft('2026-01-31'), workerJoined('2026-03-01'), registered).when(caseAllocated('2026-03-01')).thenAccepted();
    });

    it('refuses a re-allocation to the worker who already holds the open case (409)', () => {
      given(w1, registered, caseAllocated('2026-01-05')).when(caseAllocated('2026-02-01')).thenRefused(409, 'data.workerId', 'already allocated to W-1');
    });

    it('accepts a change to another worker, and the same worker again after closure', () => {
      given(w1, w2, registered, caseAllocated('2026-01-05')).when(caseAllocated('2026-02-01', { workerId: 'W-2' })).thenAccepted();
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
      given(w1, registered, caseAllocated('2026-01-05'), caseClosed('2026-02-01'))
        .when(caseClosed('2026-02-02'))
        .thenRefused(422, 'data.childId', 'not open on 2026-02-02');
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
});
