/**
 * Synthetic local-authority histories for the demo, tests and benchmarks: every
 * event family of the catalogue, in realistic proportions, with drift the
 * exception but every drift rule raised somewhere (see realism.unit.spec.ts).
 *
 * Volume (seed 1, from 2025-01-01): scale 1 (about 130 case holders in 10 teams,
 * about 2,000 open cases, about 450 children on plans and 520–560 looked after)
 * gives about 109,000 events in its first year, 30,000 of them the day-0 import
 * of the initial population's history, and about 80,000 in each later year (a
 * third of them visits, a sixth management oversight). The count grows linearly
 * with the scale: 200,000 events take scale 1.8 for one year (199,740) or scale
 * 0.5 for five years (216,778); five years at scale 1 are about 428,000.
 * Measured throughput (Node 20, one core): a year at scale 1 in 1.2 s warm, 2.2 s
 * cold (about 50,000–90,000 events a second), five years in 5.7 s, the initial
 * population's past (played out, then summarised) included.
 */
export { generateHistory } from './history.js';
export type { GeneratedEvent } from './recorder.js';
export type { GeneratorOptions } from './sim.js';
