import type { PLO_OUTCOMES } from '@app/domain';
import { careProceedingsIssued, courtDecided } from './looked-after.js';
import { decisionPoint } from './oversight.js';
import type { Child, PloStage, Sim } from './sim.js';

type Outcome = (typeof PLO_OUTCOMES)[number];

/**
 * Days in each stage: most pre-proceedings end within 16 weeks and most care
 * proceedings within 26, but a good share run longer (the overdue flags).
 */
function stageLength(sim: Sim, stage: PloStage): number {
  const r = sim.random;
  if (stage === 'pre_proceedings') return r.chance(0.65) ? r.int(42, 112) : r.int(113, 280);
  return r.chance(0.55) ? r.int(112, 182) : r.int(183, 480);
}

/** A child on a plan that is not working enters pre-proceedings (child-protection.ts decides who and when). */
export function enterPreProceedings(sim: Sim, child: Child, day: number): void {
  enterPlo(sim, child, 'pre_proceedings', day);
}

/** Care proceedings issued straight away, without pre-proceedings: a child taken into care in an emergency. */
export function issueCareProceedings(sim: Sim, child: Child, day: number): void {
  if (!child.plo && !child.ploDone) enterPlo(sim, child, 'care_proceedings', day);
}

/** Enters a stage and books its exit. */
function enterPlo(sim: Sim, child: Child, stage: PloStage, day: number): void {
  sim.record(day, { type: 'PloStageEntered', occurredAt: sim.calendar.date(day), data: { childId: child.id, stage } });
  child.plo = stage;
  child.ploDone = true;
  decisionPoint(sim, child, day, 'plo');
  sim.schedule(day + stageLength(sim, stage), (d) => exitPlo(sim, child, stage, d, outcomeOf(sim, stage)));
}

function outcomeOf(sim: Sim, stage: PloStage): Outcome {
  if (stage === 'pre_proceedings')
    return sim.random.weighted<Outcome>([
      ['stepped_down', 0.5],
      ['proceedings_issued', 0.45],
      ['other', 0.05],
    ]);
  return sim.random.weighted<Outcome>([
    ['order_made', 0.88],
    ['withdrawn', 0.12],
  ]);
}

/**
 * Leaves a stage. Issued proceedings start care proceedings the same day, and often
 * bring the child into care; the court's decision settles a child in care's future;
 * an order made for a child at home keeps the case open for months.
 */
function exitPlo(sim: Sim, child: Child, stage: PloStage, day: number, outcome: Outcome): void {
  sim.record(day, { type: 'PloStageExited', occurredAt: sim.calendar.date(day), data: { childId: child.id, stage, outcome } });
  child.plo = undefined;
  if (outcome === 'proceedings_issued') {
    enterPlo(sim, child, 'care_proceedings', day);
    return careProceedingsIssued(sim, child, day);
  }
  if (stage === 'care_proceedings' && child.care) return courtDecided(sim, child, day, outcome === 'order_made');
  child.holdUntil = day + (outcome === 'order_made' ? sim.random.int(120, 365) : sim.random.int(20, 90));
}
