import { describe, expect, it } from '@jest/globals';
import { timelineByYear } from './timeline-by-year.js';

const event = (eventId: string, type: string, occurredAt: string) => ({ eventId, type, occurredAt });

describe('a timeline by year', () => {
  // In the order recorded: a visit recorded after a later supervision, two on one day.
  const events = [
    event('joined', 'WorkerJoined', '2025-11-03'),
    event('supervised', 'SupervisionRecorded', '2026-02-10'),
    event('first that day', 'SupervisionRecorded', '2026-01-05'),
    event('second that day', 'SupervisionRecorded', '2026-01-05'),
  ];

  it('puts the latest year and the latest event first, same-day events latest recorded first', () => {
    expect(timelineByYear(events, undefined).map((y) => ({ year: y.year, ids: y.events.map((e) => e.eventId) }))).toEqual([
      { year: '2026', ids: ['supervised', 'second that day', 'first that day'] },
      { year: '2025', ids: ['joined'] },
    ]);
  });

  it('counts an event on its London date: 23:30 UTC on 30 June is 1 July in London, the same day as a morning event of 1 July', () => {
    // Recorded after the morning event, it comes first among that day's; by UTC dates it would come last.
    const years = timelineByYear([event('morning', 'WorkerJoined', '2026-07-01T08:00:00Z'), event('late night', 'WorkerJoined', '2026-06-30T23:30:00Z')], undefined);
    expect(years[0].events.map((e) => e.eventId)).toEqual(['late night', 'morning']);
  });

  it('narrowed to one kind, keeps the events kept for evidence so their links still land', () => {
    const narrowed = timelineByYear(events, 'employment', new Set(['first that day']));
    expect(narrowed.flatMap((y) => y.events.map((e) => e.eventId))).toEqual(['first that day', 'joined']);
  });
});
