/**
 * Synthetic local-authority histories for the demo, tests and benchmarks.
 *
 * Volume (seed 1, from 2025-01-01): scale 1 (about 130 case holders in 10 teams,
 * about 2,000 open cases) gives about 19,600 events in its first year, 5,200 of
 * them the day-0 import of the initial population, and about 14,000 in each later
 * year. The count grows linearly with the scale: at least 200,000 events take
 * scale 11 for one year (about 216,000) or scale 3 for five years (about 228,000).
 * A year at scale 1 generates in about 0.3 s (about 60,000 events a second).
 */
export { generateHistory } from './history.js';
export type { GeneratedEvent } from './recorder.js';
export type { GeneratorOptions } from './sim.js';
