import { intake, openInitialCases, transfers } from './cases.js';
import { ploEntries } from './plo.js';
import type { GeneratedEvent } from './recorder.js';
import { Sim, type GeneratorOptions } from './sim.js';
import { hireInitialWorkforce } from './workforce.js';

/**
 * A deterministic history of one local authority, in arrival (recordedAt) order.
 * Day 0 opens with the import of the initial population (staff in post, open
 * cases, recent supervision, children already in the PLO, all dated in the past);
 * then each day's practice happens and that day's in-tray is yielded, so a caller
 * can stream years of it without holding it in memory.
 */
export function* generateHistory(options: GeneratorOptions): Generator<GeneratedEvent> {
  const sim = new Sim(options);
  hireInitialWorkforce(sim);
  openInitialCases(sim);
  sim.importInitialPopulation();
  for (let day = 0; day < sim.calendar.days; day++) {
    sim.runAgenda(day);
    if (sim.calendar.isWorkday(day)) {
      intake(sim, day);
      transfers(sim, day);
      ploEntries(sim, day);
    }
    yield* sim.recorder.flush(day);
  }
}
