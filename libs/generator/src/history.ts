import { intake, openInitialCases, transfers } from './cases.js';
import { summariseImport } from './import.js';
import { annualHealthReturns } from './looked-after-duties.js';
import type { GeneratedEvent } from './recorder.js';
import { furtherReferrals } from './referrals.js';
import { Sim, type GeneratorOptions } from './sim.js';
import { hireInitialWorkforce } from './workforce.js';

/**
 * A deterministic history of one local authority, in arrival (recordedAt) order.
 * Day 0 opens with the import of the initial population: staff in post, open cases
 * and care leavers, whose past is played out first (dated before the start, then
 * summarised as an import carries it). Then each day's practice happens and that
 * day's in-tray is yielded, so a caller can stream years of it without holding it
 * in memory.
 */
export function* generateHistory(options: GeneratorOptions): Generator<GeneratedEvent> {
  const sim = new Sim(options);
  hireInitialWorkforce(sim);
  openInitialCases(sim);
  sim.runPast();
  sim.importInitialPopulation((events) => summariseImport(events, sim.calendar.date(-365)));
  for (let day = 0; day < sim.calendar.days; day++) {
    // The day's new business first: what it books for later today (an oversight, a visit) then runs with the agenda.
    sim.startDay(day);
    if (sim.calendar.isWorkday(day)) {
      intake(sim, day);
      furtherReferrals(sim, day);
      transfers(sim, day);
    }
    sim.runAgenda(day);
    if (sim.calendar.date(day).endsWith('-03-31')) annualHealthReturns(sim, day);
    yield* sim.recorder.flush(day);
  }
}
