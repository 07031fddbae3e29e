import { describe, expect, it } from '@jest/globals';
import { supervisionHeld, timelineFor, voiding, workerChangedTeam, workerJoined, workerLeft, type Entry } from '../testing/index.js';
import { workerSummary } from './worker-summary.js';

const summary = (asOf: string, ...entries: Entry[]) => workerSummary(timelineFor('worker', 'W-1', entries), { asOf });

describe('worker summary', () => {
  const joined = workerJoined('2024-09-02', { role: 'newly_qualified', fte: 0.8 });

  it('says the role in words, the team, FTE and whether case holding on the date', () => {
    expect(summary('2026-06-30', joined, workerChangedTeam('2026-01-05', { teamId: 'T-2' }))).toEqual({
      employment: { role: 'Newly qualified social worker', caseHolding: true, fte: 0.8, joinedOn: '2024-09-02' },
      teamId: 'T-2',
      supervision: { recent: 0, recentReflective: 0 },
      sessions: [],
    });
    expect(summary('2025-12-31', joined, workerChangedTeam('2026-01-05', { teamId: 'T-2' })).teamId).toBe('T-1');
  });

  it('says nothing of an employment before the worker joined', () => {
    expect(summary('2024-09-01', joined)).toEqual({ supervision: { recent: 0, recentReflective: 0 }, sessions: [] });
  });

  it('says when a worker who left left, and still their last team', () => {
    expect(summary('2026-06-30', joined, workerLeft('2026-03-31'))).toMatchObject({ employment: { leftOn: '2026-03-31' }, teamId: 'T-1' });
    expect(summary('2026-03-31', joined, workerLeft('2026-03-31')).employment).not.toHaveProperty('leftOn');
  });

  it('lists the sessions of the last 12 months, newest first, with the record of the last 90 days', () => {
    const sessions = [
      supervisionHeld('2025-06-30', { durationMinutes: 60 }),
      supervisionHeld('2025-07-01', { durationMinutes: 75, reflective: false }),
      supervisionHeld('2026-03-01', { durationMinutes: 90 }),
      supervisionHeld('2026-04-02', { durationMinutes: 45, reflective: false, supervisorId: 'W-9' }),
      supervisionHeld('2026-06-01', { durationMinutes: 60 }),
    ];
    const shown = summary('2026-06-30', joined, ...sessions);
    expect(shown.supervision).toEqual({ last: '2026-06-01', recent: 2, recentReflective: 1 });
    expect(shown.sessions.map((s) => [s.on, s.minutes, s.reflective])).toEqual([
      ['2026-06-01', 60, true],
      ['2026-04-02', 45, false],
      ['2026-03-01', 90, true],
      ['2025-07-01', 75, false],
    ]);
    expect(shown.sessions[1]).toEqual({ eventId: sessions[3].eventId, on: '2026-04-02', minutes: 45, reflective: false, supervisorId: 'W-9' });
  });

  it('lists only the sessions of the employment the worker is in, and none voided', () => {
    const before = supervisionHeld('2025-09-01');
    const wrong = supervisionHeld('2026-05-01', { id: 'wrong' });
    const entries = [joined, before, workerLeft('2025-10-31'), workerJoined('2026-02-02'), wrong, voiding('wrong', '2026-05-02')];
    expect(summary('2026-06-30', ...entries)).toMatchObject({ employment: { joinedOn: '2026-02-02', role: 'Social worker' }, supervision: { recent: 0 }, sessions: [] });
  });
});
