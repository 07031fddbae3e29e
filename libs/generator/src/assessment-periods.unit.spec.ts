import { describe, expect, it } from '@jest/globals';
import { addDays, assessmentPeriods, assessmentsAt, DEFAULT_POLICY, evaluate, Neighbourhoods, type IsoDate } from '@app/domain';
import { generateHistory } from './index.js';
import { Random } from './random.js';
import { replay } from './testing/replay.js';

/**
 * The flag read model's periods against the one evaluator: on a generated history (late
 * entries and voids included), for random as-of dates (past, present and years ahead)
 * and random known-at dates, reading the periods gives exactly what `evaluate` gives.
 */
const options = { seed: 11, start: '2025-01-01', end: '2025-06-30', scale: 0.05 };
const events = [...generateHistory(options)];
const { timelines } = replay(events);
const recordingDays = [...new Set(events.map((e) => e.recordedAt.slice(0, 10)))].sort();
const random = new Random(20261203);
const pick = <T>(items: T[]): T => random.pick(items);
const neighbourhoods = new Neighbourhoods(timelines);
const first = timelines.flatMap((t) => t.facts.map((f) => f.occurredOn)).sort()[0];

describe('flag periods derived from the evaluator', () => {
  it('has a history with late entries and voids to test against', () => {
    expect(events.some((e) => e.request.type === 'EventVoided')).toBe(true);
    expect(events.some((e) => e.request.occurredAt.slice(0, 10) < e.recordedAt.slice(0, 10))).toBe(true);
  });

  const knownAts: (IsoDate | undefined)[] = [undefined, pick(recordingDays), pick(recordingDays), options.end];
  it.each(knownAts.map((k) => [k ?? 'today']))('equal the point evaluation as known on %s, at random as-of dates', (known) => {
    const knownAt = known === 'today' ? undefined : known;
    const periods = neighbourhoods.subjects().flatMap((subject) => assessmentPeriods(subject, neighbourhoods.of(subject), DEFAULT_POLICY, { from: first, knownAt }));
    // Around and after the history (its first fact is a birth, decades before): before, during, and years ahead.
    const asOfs = Array.from({ length: 12 }, () => addDays(options.start, random.int(-60, 3 * 365)));
    let flagged = 0;
    for (const asOf of asOfs) {
      const expected = evaluate(timelines, DEFAULT_POLICY, { asOf, ...(knownAt ? { knownAt } : {}) });
      const read = assessmentsAt(periods, asOf);
      expect({ asOf, assessments: read }).toEqual({ asOf, assessments: expected });
      flagged += read.filter((a) => a.flag).length;
      expect(JSON.stringify(read)).toBe(JSON.stringify(expected)); // byte for byte, keys in the same order: the API sends them as they are
    }
    expect(flagged).toBeGreaterThan(100); // the dates asked about have flags to compare
  });
});
