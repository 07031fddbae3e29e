import { describe, expect, it } from '@jest/globals';
import { londonDate } from '@app/domain';
import { generateHistory, type GeneratedEvent, type GeneratorOptions } from './index.js';
import { replay } from './testing/replay.js';

const quarter: GeneratorOptions = { seed: 42, start: '2025-01-01', end: '2025-03-31', scale: 0.05 };
const year: GeneratorOptions = { seed: 7, start: '2025-01-01', end: '2025-12-31', scale: 0.05 };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('generateHistory: determinism', () => {
  it('gives byte-identical output for the same seed and options', () => {
    expect(JSON.stringify([...generateHistory(quarter)])).toBe(JSON.stringify([...generateHistory(quarter)]));
  });

  it('gives a different history for a different seed', () => {
    expect(JSON.stringify([...generateHistory({ ...quarter, seed: 43 })])).not.toBe(JSON.stringify([...generateHistory(quarter)]));
  });

  it('gives every event a unique version 4 UUID', () => {
    const ids = [...generateHistory(quarter)].map((e) => e.request.eventId as string);
    expect(ids.every((id) => UUID_V4.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateHistory({ ...quarter, scale: 0 }).next()).toThrow(RangeError);
    expect(() => generateHistory({ ...quarter, end: '2024-12-31' }).next()).toThrow(RangeError);
    expect(() => generateHistory({ ...quarter, start: '2025-02-30' }).next()).toThrow(RangeError);
  });
});

describe('generateHistory: a year at scale 0.05, recorded one by one', () => {
  const events = [...generateHistory(year)];

  it('is accepted in full by the schema and the deciders', () => {
    const { refusals, count } = replay(events);
    expect(refusals.map((r) => `${r.why} ${JSON.stringify(r.event)}`)).toEqual([]);
    expect(count).toBe(events.length);
  });

  it('arrives in strictly increasing recordedAt order, within the history', () => {
    const late = events.filter((e, i) => i > 0 && e.recordedAt <= events[i - 1].recordedAt);
    expect(late).toEqual([]);
    expect(londonDate(events[0].recordedAt)).toBe(year.start);
    expect(londonDate(events.at(-1)?.recordedAt ?? '') <= year.end).toBe(true);
  });

  it('is never recorded before it occurred; only the day-0 import is dated before the start', () => {
    const occurredMs = (e: GeneratedEvent) => Date.parse(e.request.occurredAt.length === 10 ? `${e.request.occurredAt}T00:00:00Z` : e.request.occurredAt);
    expect(events.filter((e) => Date.parse(e.recordedAt) < occurredMs(e))).toEqual([]);
    const backdated = events.filter((e) => e.request.occurredAt.slice(0, 10) < year.start);
    expect(backdated.length).toBeGreaterThan(0);
    expect(backdated.every((e) => londonDate(e.recordedAt) === year.start)).toBe(true);
  });

  it('records structural events on the day they occur: only practice records arrive late', () => {
    const practice = new Set([
      'SupervisionHeld',
      'ReferralReceived',
      'StrategyDiscussionHeld',
      'ChildVisited',
      'ChildProtectionConferenceHeld',
      'PlanReviewed',
      'LookedAfterReviewHeld',
      'HealthAssessmentCompleted',
      'DentalCheckCompleted',
      'PrivateFosteringChecksCompleted',
      'ManagementOversightRecorded',
    ]);
    const late = events.filter((e) => e.request.occurredAt.slice(0, 10) >= year.start && londonDate(e.request.occurredAt) < londonDate(e.recordedAt));
    const lateTypes = new Set(late.map((e) => e.request.type));
    expect([...lateTypes].filter((t) => !practice.has(t))).toEqual([]);
    expect(lateTypes.has('SupervisionHeld') && lateTypes.has('ChildVisited')).toBe(true);
  });
});
