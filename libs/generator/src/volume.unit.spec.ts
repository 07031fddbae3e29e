import { describe, expect, it } from '@jest/globals';
import { generateHistory } from './index.js';

/**
 * Measured with seed 1 from 2025-01-01: scale 1 gives 108,964 events in its first
 * year (30,145 of them the day-0 import of the initial population's history) and
 * about 80,000 in each later year; the count grows linearly with the scale. So
 * 200,000 events take scale 1.8 for one year (199,740) or scale 0.5 for five
 * years (216,778). Its speed is measured by `npm run bench`, not asserted here.
 */
describe('volume', () => {
  it('streams about 110,000 events for a year at scale 1 without holding them', () => {
    let count = 0;
    let imported = 0;
    for (const event of generateHistory({ seed: 1, start: '2025-01-01', end: '2025-12-31', scale: 1 })) {
      count++;
      if (event.request.occurredAt < '2025-01-01') imported++;
    }
    expect(count).toBeGreaterThan(95_000);
    expect(count).toBeLessThan(130_000);
    expect(imported).toBeGreaterThan(22_000);
    expect(imported).toBeLessThan(40_000);
  });

  it('grows linearly with the scale', () => {
    const count = (scale: number) => [...generateHistory({ seed: 1, start: '2025-01-01', end: '2025-06-30', scale })].length;
    expect(count(0.5) / count(0.25)).toBeGreaterThan(1.8);
    expect(count(0.5) / count(0.25)).toBeLessThan(2.2);
  });
});
