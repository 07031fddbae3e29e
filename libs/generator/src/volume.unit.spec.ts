import { describe, expect, it } from '@jest/globals';
import { generateHistory } from './index.js';

/**
 * Measured with seed 1 from 2025-01-01: scale 1 gives 19,613 events in its first
 * year (5,193 of them the day-0 import of the initial population) and about
 * 14,000 in each later year; the count grows linearly with the scale. So at least
 * 200,000 events take scale 11 for one year (215,963) or scale 3 for five years
 * (228,395). Its speed is measured by `npm run bench`, not asserted here.
 */
describe('volume', () => {
  it('streams about 20,000 events for a year at scale 1 without holding them', () => {
    let count = 0;
    let imported = 0;
    for (const event of generateHistory({ seed: 1, start: '2025-01-01', end: '2025-12-31', scale: 1 })) {
      count++;
      if (event.recordedAt.startsWith('2025-01-01')) imported++;
    }
    expect(count).toBeGreaterThan(17_000);
    expect(count).toBeLessThan(23_000);
    expect(imported).toBeGreaterThan(4_000);
  });

  it('grows linearly with the scale', () => {
    const count = (scale: number) => [...generateHistory({ seed: 1, start: '2025-01-01', end: '2025-06-30', scale })].length;
    expect(count(0.5) / count(0.25)).toBeGreaterThan(1.8);
    expect(count(0.5) / count(0.25)).toBeLessThan(2.2);
  });
});
