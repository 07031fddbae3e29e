import { describe, expect, it } from '@jest/globals';
import { caseAllocated, caseClosed, childRegistered, childVisited, cpPlanStarted, supervisionHeld, timelineFor, voiding, workerChangedTeam, workerJoined, workerLeft } from '../testing/index.js';
import { eventIdsWithin, periodsVisibleToTeam, teamPeriods } from './team-periods.js';

const N = 'T-NORTH';
const S = 'T-SOUTH';

describe('teamPeriods', () => {
  it('follows a worker from the team they joined through each change of team, half-open at each move, past their leaving', () => {
    const worker = timelineFor('worker', 'W-1', [
      workerJoined('2026-01-05', { teamId: N }),
      workerChangedTeam('2026-03-01', { teamId: S }),
      workerChangedTeam('2026-04-01', { teamId: S }),
      workerLeft('2026-05-01'),
    ]);
    expect(teamPeriods(worker)).toEqual([
      { teamId: N, from: '2026-01-05', to: '2026-03-01' },
      { teamId: S, from: '2026-03-01' },
    ]);
  });

  it("follows a child through its allocations' teams; a closed case stays with its last team; nothing before the first allocation", () => {
    const child = timelineFor('child', 'C-1', [
      childRegistered('2026-01-01'),
      caseAllocated('2026-01-06', { teamId: N, workerId: 'W-N' }),
      caseAllocated('2026-02-01', { teamId: N, workerId: 'W-N2' }),
      caseAllocated('2026-03-01', { teamId: S, workerId: 'W-S' }),
      caseClosed('2026-04-01'),
      caseAllocated('2026-06-01', { teamId: N, workerId: 'W-N' }),
    ]);
    expect(teamPeriods(child)).toEqual([
      { teamId: N, from: '2026-01-06', to: '2026-03-01' },
      { teamId: S, from: '2026-03-01', to: '2026-06-01' },
      { teamId: N, from: '2026-06-01' },
    ]);
  });

  it('leaves nothing for a move undone on the same day', () => {
    const child = timelineFor('child', 'C-1', [
      caseAllocated('2026-01-06', { teamId: N }),
      caseAllocated('2026-03-01', { teamId: S }),
      caseAllocated('2026-03-01', { teamId: N }),
      caseAllocated('2026-04-01', { teamId: S }),
    ]);
    expect(teamPeriods(child)).toEqual([
      { teamId: N, from: '2026-01-06', to: '2026-04-01' },
      { teamId: S, from: '2026-04-01' },
    ]);
  });

  it('counts what had happened by asOf, as known at knownAt, voids as known then', () => {
    const move = caseAllocated('2026-03-01', { teamId: S, recordedOn: '2026-03-20', id: 'move' });
    const child = timelineFor('child', 'C-1', [caseAllocated('2026-01-06', { teamId: N }), move, voiding('move', '2026-04-01')]);
    expect(teamPeriods(child)).toEqual([{ teamId: N, from: '2026-01-06' }]);
    expect(teamPeriods(child, { knownAt: '2026-03-25' })).toEqual([
      { teamId: N, from: '2026-01-06', to: '2026-03-01' },
      { teamId: S, from: '2026-03-01' },
    ]);
    expect(teamPeriods(child, { knownAt: '2026-03-10' })).toEqual([{ teamId: N, from: '2026-01-06' }]);
    expect(teamPeriods(child, { asOf: '2026-03-05', knownAt: '2026-03-25' })).toEqual([
      { teamId: N, from: '2026-01-06', to: '2026-03-01' },
      { teamId: S, from: '2026-03-01' },
    ]);
    expect(teamPeriods(child, { asOf: '2026-01-05' })).toEqual([]);
  });
});

describe('periodsVisibleToTeam', () => {
  const move = caseAllocated('2026-03-01', { teamId: S, recordedOn: '2026-03-20' });
  const child = timelineFor('child', 'C-1', [caseAllocated('2026-01-06', { teamId: N }), move, caseAllocated('2026-06-01', { teamId: N })]);

  it("gives the team's periods that had begun by asOf, ended where they truly ended", () => {
    expect(periodsVisibleToTeam(child, N, { asOf: '2026-02-01' })).toEqual([{ teamId: N, from: '2026-01-06', to: '2026-03-01' }]);
    expect(periodsVisibleToTeam(child, N, { asOf: '2026-04-01' })).toEqual([{ teamId: N, from: '2026-01-06', to: '2026-03-01' }]);
    expect(periodsVisibleToTeam(child, N, { asOf: '2026-07-01' })).toEqual([
      { teamId: N, from: '2026-01-06', to: '2026-03-01' },
      { teamId: N, from: '2026-06-01' },
    ]);
    expect(periodsVisibleToTeam(child, S, { asOf: '2026-02-01' })).toEqual([]);
    expect(periodsVisibleToTeam(child, N, { asOf: '2026-01-05' })).toEqual([]);
  });

  it('never stretches a period past a move recorded after knownAt', () => {
    expect(periodsVisibleToTeam(child, N, { asOf: '2026-04-01', knownAt: '2026-03-10' })).toEqual([{ teamId: N, from: '2026-01-06', to: '2026-03-01' }]);
    expect(periodsVisibleToTeam(child, S, { asOf: '2026-04-01', knownAt: '2026-03-10' })).toEqual([]);
  });

  it('gives nothing for an allocation voided since, even asked about what was known before the void', () => {
    const wrong = caseAllocated('2026-02-01', { teamId: S, id: 'wrong' });
    const voided = timelineFor('child', 'C-1', [caseAllocated('2026-01-06', { teamId: N }), wrong, voiding('wrong', '2026-02-10')]);
    expect(periodsVisibleToTeam(voided, S, { asOf: '2026-02-05', knownAt: '2026-02-05' })).toEqual([]);
    expect(periodsVisibleToTeam(voided, N, { asOf: '2026-02-05', knownAt: '2026-02-05' })).toEqual([{ teamId: N, from: '2026-01-06', to: '2026-02-01' }]);
  });
});

describe('eventIdsWithin', () => {
  it('keeps the events dated within the periods, voided ones with their voids', () => {
    const child = timelineFor('child', 'C-1', [
      childRegistered('2026-01-01', { id: 'registered' }),
      caseAllocated('2026-01-06', { teamId: N, id: 'north' }),
      childVisited('2026-02-01', { id: 'visit', recordedOn: '2026-04-01' }),
      childVisited('2026-02-02', { id: 'mistake' }),
      voiding('mistake', '2026-02-03', 'void-of-mistake'),
      caseAllocated('2026-03-01', { teamId: S, id: 'south' }),
      cpPlanStarted('2026-03-02', { id: 'plan' }),
    ]);
    expect([...eventIdsWithin(child, periodsVisibleToTeam(child, N, { asOf: '2026-06-01' }))].sort()).toEqual(['mistake', 'north', 'visit', 'void-of-mistake']);
    expect([...eventIdsWithin(child, periodsVisibleToTeam(child, S, { asOf: '2026-06-01' }))].sort()).toEqual(['plan', 'south']);
  });

  it("keeps a worker's supervisions in their team's time only", () => {
    const worker = timelineFor('worker', 'W-1', [
      workerJoined('2026-01-05', { teamId: N, id: 'joined' }),
      supervisionHeld('2026-02-01', { id: 'sup-north' }),
      workerChangedTeam('2026-03-01', { teamId: S, id: 'moved' }),
      supervisionHeld('2026-03-01', { id: 'sup-south' }),
    ]);
    expect([...eventIdsWithin(worker, periodsVisibleToTeam(worker, N, { asOf: '2026-02-15' }))].sort()).toEqual(['joined', 'sup-north']);
  });
});
