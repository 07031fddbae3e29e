import { describe, expect, it } from '@jest/globals';
import { yieldingEvery } from './yielding-pause.js';

/** Budgets are generous so that a descheduled process on a busy machine does not look like work. */
const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('yieldingEvery', () => {
  it('keeps the event loop while within its budget, and gives it back (to I/O and immediates) once over it', async () => {
    const pause = yieldingEvery(100);
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    await pause();
    expect(immediateRan).toBe(false); // within budget: on at once, nothing else ran
    busyFor(110);
    await pause();
    expect(immediateRan).toBe(true); // over budget: the loop turned before going on
  });

  it('counts its budget again from each time it gave the loop back', async () => {
    const pause = yieldingEvery(100);
    busyFor(110);
    await pause(); // gives the loop back
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    await pause();
    expect(immediateRan).toBe(false);
  });
});
