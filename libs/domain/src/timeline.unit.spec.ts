import { describe, expect, it } from '@jest/globals';
import { copyTimeline, isVisible, liveFacts, recordOnTimeline, timelineOf, visibleFacts, type RecordedEvent } from './timeline.js';
import { supervisionHeld } from './testing/index.js';

let streamVersion = 0;
/** A stored event; each one built is the next in its stream. */
const recorded = (eventId: string, occurredAt: string, recordedAt: string, type = 'SupervisionHeld', data: Record<string, unknown> = {}): RecordedEvent => ({
  eventId,
  streamVersion: ++streamVersion,
  type,
  occurredAt,
  data,
  recordedAt,
});

describe('timeline', () => {
  it('orders facts by the date they occurred, then in the order they were recorded, not by arrival alone', () => {
    const t = timelineOf('worker', 'W-1', [
      recorded('march', '2026-03-02', '2026-03-02T10:00:00Z'),
      recorded('march-second', '2026-03-02', '2026-03-03T09:00:00Z'),
      recorded('feb-late', '2026-02-10', '2026-03-20T10:00:00Z'),
      recorded('feb-later-still', '2026-02-10', '2026-03-21T10:00:00Z'),
      recorded('jan-latest', '2026-01-15', '2026-03-22T10:00:00Z'),
    ]);
    expect(t.facts.map((f) => f.eventId)).toEqual(['jan-latest', 'feb-late', 'feb-later-still', 'march', 'march-second']);
  });

  it('dates a fact and its recording by their London dates', () => {
    const [f] = timelineOf('worker', 'W-1', [recorded('e', '2026-07-01T23:30:00Z', '2026-07-31T23:15:00Z')]).facts;
    expect(f).toMatchObject({ occurredOn: '2026-07-02', recordedOn: '2026-08-01' });
  });

  it('keeps a voided fact, marked with the void and the day it was recorded', () => {
    const t = timelineOf('worker', 'W-1', [
      recorded('sup', '2026-03-02', '2026-03-02T10:00:00Z'),
      recorded('void', '2026-03-05', '2026-03-05T10:00:00Z', 'EventVoided', { eventId: 'sup', reason: 'wrong worker' }),
    ]);
    expect(t.facts).toHaveLength(1);
    expect(t.facts[0].voided).toEqual({ by: 'void', recordedOn: '2026-03-05' });
    expect(liveFacts(t)).toEqual([]);
  });

  it('copies a timeline so that facts and voids recorded on the copy leave the original as it was', () => {
    const original = timelineOf('worker', 'W-1', [recorded('sup', '2026-03-02', '2026-03-02T10:00:00Z')]);
    const before = structuredClone(original);
    const copy = copyTimeline(original);
    recordOnTimeline(copy, recorded('void', '2026-03-05', '2026-03-05T10:00:00Z', 'EventVoided', { eventId: 'sup', reason: 'wrong worker' }));
    recordOnTimeline(copy, recorded('later', '2026-03-06', '2026-03-06T10:00:00Z'));
    expect(original).toEqual(before);
    expect(copy.facts.map((f) => [f.eventId, f.voided?.by])).toEqual([
      ['sup', 'void'],
      ['later', undefined],
    ]);
  });

  describe('what a view sees', () => {
    const fact = supervisionHeld('2026-03-02', { recordedOn: '2026-03-20' });
    const voided = { ...fact, voided: { by: 'v', recordedOn: '2026-03-25' } };

    it('sees facts that occurred on or before asOf', () => {
      expect(isVisible(fact, { asOf: '2026-03-02' })).toBe(true);
      expect(isVisible(fact, { asOf: '2026-03-01' })).toBe(false);
    });

    it('sees with knownAt=K only facts recorded on or before K', () => {
      expect(isVisible(fact, { asOf: '2026-04-01', knownAt: '2026-03-19' })).toBe(false);
      expect(isVisible(fact, { asOf: '2026-04-01', knownAt: '2026-03-20' })).toBe(true);
    });

    it('hides a voided fact, unless the void was recorded after knownAt', () => {
      expect(isVisible(voided, { asOf: '2026-04-01' })).toBe(false);
      expect(isVisible(voided, { asOf: '2026-04-01', knownAt: '2026-03-24' })).toBe(true);
      expect(isVisible(voided, { asOf: '2026-04-01', knownAt: '2026-03-25' })).toBe(false);
      expect(visibleFacts({ type: 'worker', id: 'W-1', facts: [fact, voided] }, { asOf: '2026-04-01' })).toEqual([fact]);
    });
  });
});
