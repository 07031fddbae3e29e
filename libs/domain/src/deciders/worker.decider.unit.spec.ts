import { describe, it } from '@jest/globals';
import { given, supervisionHeld, workerChangedTeam, workerJoined, workerLeft } from '../testing/index.js';

describe('worker decider', () => {
  describe('WorkerJoined', () => {
    it('accepts a first join', () => {
      given().when(workerJoined('2026-01-05')).thenAccepted();
    });

    it('refuses a second join while the worker is still employed (409)', () => {
      given(workerJoined('2026-01-05'))
        .when(workerJoined('2026-03-01', { teamId: 'T-2' }))
        .thenRefused(409, 'data.workerId', 'W-1 has already joined');
    });

    it('accepts a rejoin after the worker left', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-02-01')).when(workerJoined('2026-06-01')).thenAccepted();
    });
  });

  describe('WorkerChangedTeam', () => {
    it('accepts a move to another team', () => {
      given(workerJoined('2026-01-05', { teamId: 'T-1' }))
        .when(workerChangedTeam('2026-02-01', { teamId: 'T-2' }))
        .thenAccepted();
    });

    it('refuses a move to the team the worker is already in (409)', () => {
      given(workerJoined('2026-01-05', { teamId: 'T-1' }))
        .when(workerChangedTeam('2026-02-01', { teamId: 'T-1' }))
        .thenRefused(409, 'data.teamId', 'already in team T-1');
    });

    it('judges "the same team" by the team at its own date, not the latest one', () => {
      given(workerJoined('2026-01-05', { teamId: 'T-1' }), workerChangedTeam('2026-03-01', { teamId: 'T-2' }))
        .when(workerChangedTeam('2026-02-01', { teamId: 'T-2' }))
        .thenRefused(409, 'data.teamId', 'WorkerChangedTeam of 2026-03-01');
    });

    it('refuses a move for a worker who never joined (422)', () => {
      given().when(workerChangedTeam('2026-02-01')).thenRefused(422, 'data.workerId', 'no WorkerJoined on or before 2026-02-01');
    });
  });

  describe('WorkerLeft', () => {
    it('accepts a leaving', () => {
      given(workerJoined('2026-01-05')).when(workerLeft('2026-02-01')).thenAccepted();
    });

    it('refuses a leaving for a worker who never joined (422)', () => {
      given().when(workerLeft('2026-02-01')).thenRefused(422, 'data.workerId');
    });

    it('refuses a second leaving after the first (422)', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-02-01')).when(workerLeft('2026-02-10')).thenRefused(422, 'data.workerId', 'left on 2026-02-01');
    });

    it('refuses a second leaving on the same day (409)', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-02-01')).when(workerLeft('2026-02-01')).thenRefused(409, 'data.workerId', 'already left on 2026-02-01');
    });
  });

  describe('SupervisionHeld', () => {
    it('accepts a supervision of an employed worker', () => {
      given(workerJoined('2026-01-05')).when(supervisionHeld('2026-02-01')).thenAccepted();
    });

    it('refuses a supervision for a worker who has not joined (422)', () => {
      given().when(supervisionHeld('2026-02-01')).thenRefused(422, 'data.workerId', 'W-1 has no WorkerJoined on or before 2026-02-01');
    });

    it('refuses a supervision dated before the worker joined (422)', () => {
      given(workerJoined('2026-01-05')).when(supervisionHeld('2026-01-04')).thenRefused(422, 'data.workerId', 'no WorkerJoined on or before 2026-01-04');
    });

    it('refuses a supervision after the worker left (422)', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-03-10')).when(supervisionHeld('2026-03-11')).thenRefused(422, 'data.workerId', 'left on 2026-03-10, before 2026-03-11');
    });

    it('accepts a supervision on the leaving day', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-03-10')).when(supervisionHeld('2026-03-10')).thenAccepted();
    });

    it('accepts a supervision after a rejoin', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-03-10'), workerJoined('2026-05-01')).when(supervisionHeld('2026-05-02')).thenAccepted();
    });

    it('refuses a worker supervising themselves (422)', () => {
      given(workerJoined('2026-01-05'))
        .when(supervisionHeld('2026-02-01', { supervisorId: 'W-1' }))
        .thenRefused(422, 'data.supervisorId', 'supervise themselves');
    });
  });

  describe('out of order', () => {
    it('refuses a late-logged leaving dated before a supervision already recorded, naming that supervision', () => {
      const sup = supervisionHeld('2026-03-01', { id: 'sup-1' });
      given(workerJoined('2026-01-05'), sup)
        .when(workerLeft('2026-02-01', { recordedOn: '2026-04-01' }))
        .thenRefused(422, 'would make the SupervisionHeld of 2026-03-01 (event sup-1) invalid', 'data.workerId');
    });

    it('accepts a late-logged supervision dated while the worker was employed, after they left', () => {
      given(workerJoined('2026-01-05'), workerLeft('2026-03-10'))
        .when(supervisionHeld('2026-03-01', { recordedOn: '2026-04-01' }))
        .thenAccepted();
    });
  });
});
