import { recordPractice } from './logging.js';
import { slackOf, type Child, type Draft, type Sim } from './sim.js';

type Plan = 'child_in_need' | 'child_protection' | 'care' | 'pathway';

/**
 * Reviews that record no contingency plan, before the team's slack (inspection
 * 2022 ¶6: contingency planning "largely absent"; most reviews here do record one).
 */
const NO_CONTINGENCY = 0.05;
/** Days between child-in-need plan reviews: about quarterly (typical LA policy). */
const CIN_REVIEW_DAYS: [number, number] = [60, 100];

/** A PlanReviewed of one of the child's plans, with or without a contingency plan. */
export function planReviewed(sim: Sim, child: Child, day: number, plan: Plan): Extract<Draft, { type: 'PlanReviewed' }> {
  const contingency = !sim.random.chance(Math.min(0.5, NO_CONTINGENCY * slackOf(child)));
  return { type: 'PlanReviewed', occurredAt: sim.calendar.date(day), data: { childId: child.id, plan, contingencyPlanRecorded: contingency } };
}

/**
 * (Re)starts the child-in-need plan's reviews, the first on `day`: they go on while
 * the case is open, paused while a child protection plan or care plan replaces it.
 */
export function startCinReviews(sim: Sim, child: Child, day: number): void {
  const chain = ++child.cinChain;
  // The initial population's plans began before the history: only plans made in it are recorded as starting.
  const recorded = !sim.building;
  const review = (d: number): void => {
    if (child.cinChain !== chain || !child.worker) return;
    if (!child.cp && !child.care) {
      if (recorded && !child.cinPlan) changeCinPlan(sim, child, d, true);
      recordPractice(sim, d, planReviewed(sim, child, d, 'child_in_need'));
    }
    sim.schedule(d + sim.random.int(...CIN_REVIEW_DAYS), review);
  };
  sim.schedule(day, review);
}

/** Ends the child's child in need plan, if one was recorded as started: a child protection plan, care or closure replaces it. */
export function endCinPlan(sim: Sim, child: Child, day: number): void {
  if (child.cinPlan) changeCinPlan(sim, child, day, false);
}

/** A child in need plan starts (at its first review meeting) or ends; drawn from a stream of its own (Sim.stream), as added to the catalogue later. */
function changeCinPlan(sim: Sim, child: Child, day: number, starts: boolean): void {
  child.cinPlan = starts;
  const type = starts ? 'ChildInNeedPlanStarted' : 'ChildInNeedPlanEnded';
  sim.recordFrom(sim.stream('cin plans'), day, { type, occurredAt: sim.calendar.date(day), data: { childId: child.id } });
}
