import type { PLO_OUTCOMES } from '@app/domain';
import { WORKDAYS_PER_YEAR, type Child, type PloStage, type Sim } from './sim.js';

type Outcome = (typeof PLO_OUTCOMES)[number];

/** Share of open cases entering pre-proceedings in a year. */
const ENTRY_RATE = 0.05;

/**
 * Days in each stage: most pre-proceedings end within 16 weeks and most care
 * proceedings within 26, but a good share run longer (the overdue flags).
 */
function stageLength(sim: Sim, stage: PloStage): number {
  const r = sim.random;
  if (stage === 'pre_proceedings') return r.chance(0.65) ? r.int(42, 112) : r.int(113, 280);
  return r.chance(0.55) ? r.int(112, 182) : r.int(183, 480);
}

/** New entries to pre-proceedings, among the long (child protection) cases of children under 17. */
export function ploEntries(sim: Sim, day: number): void {
  for (let n = sim.random.poisson((sim.open.length * ENTRY_RATE) / WORKDAYS_PER_YEAR); n > 0; n--) {
    for (let tries = 0; tries < 20; tries++) {
      const child = sim.random.pick(sim.open);
      if (child.kind !== 'long' || child.plo || child.ploDone || sim.ageInYears(child, day) >= 17) continue;
      enterPlo(sim, child, 'pre_proceedings', day, day);
      break;
    }
  }
}

/**
 * Some long cases of the initial population are in the PLO on the first day:
 * about 3.5% in pre-proceedings, 3% in care proceedings (after pre-proceedings),
 * entered after the case opened `elapsed` days ago, leaving on their own schedule
 * but not before the first days of the history.
 */
export function initialPlo(sim: Sim, child: Child, elapsed: number): void {
  const r = sim.random;
  const roll = r.float();
  if (roll < 0.035 && elapsed > 15) {
    enterPlo(sim, child, 'pre_proceedings', pastWorkday(sim, r.int(1, Math.min(200, elapsed - 14))), r.int(1, 60));
  } else if (roll < 0.065 && elapsed > 61) {
    const careAgo = r.int(1, Math.min(300, elapsed - 60));
    const preEntered = pastWorkday(sim, careAgo + r.int(42, Math.min(150, elapsed - careAgo - 14)));
    const careEntered = pastWorkday(sim, careAgo);
    recordEntry(sim, child, 'pre_proceedings', preEntered);
    exitPlo(sim, child, 'pre_proceedings', careEntered, 'proceedings_issued', r.int(1, 120));
  }
}

const pastWorkday = (sim: Sim, daysAgo: number) => sim.calendar.workdayOnOrBefore(-daysAgo);

/** Enters a stage and books its exit, not before `exitNotBefore`. */
function enterPlo(sim: Sim, child: Child, stage: PloStage, day: number, exitNotBefore: number): void {
  recordEntry(sim, child, stage, day);
  sim.schedule(Math.max(day + stageLength(sim, stage), exitNotBefore), (d) => exitPlo(sim, child, stage, d, outcomeOf(sim, stage), d));
}

function recordEntry(sim: Sim, child: Child, stage: PloStage, day: number): void {
  sim.record(day, { type: 'PloStageEntered', occurredAt: sim.calendar.date(day), data: { childId: child.id, stage } });
  child.plo = stage;
  child.ploDone = true;
}

function outcomeOf(sim: Sim, stage: PloStage): Outcome {
  if (stage === 'pre_proceedings') return sim.random.weighted<Outcome>([['stepped_down', 0.5], ['proceedings_issued', 0.45], ['other', 0.05]]);
  return sim.random.weighted<Outcome>([['order_made', 0.88], ['withdrawn', 0.12]]);
}

/**
 * Leaves a stage. Issued proceedings start care proceedings the same day; an
 * order made keeps the case open for months (the child is now in care).
 */
function exitPlo(sim: Sim, child: Child, stage: PloStage, day: number, outcome: Outcome, careExitNotBefore: number): void {
  sim.record(day, { type: 'PloStageExited', occurredAt: sim.calendar.date(day), data: { childId: child.id, stage, outcome } });
  child.plo = undefined;
  if (outcome === 'proceedings_issued') return enterPlo(sim, child, 'care_proceedings', day, careExitNotBefore);
  child.holdUntil = day + (outcome === 'order_made' ? sim.random.int(120, 365) : sim.random.int(20, 90));
}
