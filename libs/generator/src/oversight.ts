import { recordPractice } from './logging.js';
import { holderOn, managerOn, slackOf, type Child, type Sim } from './sim.js';

type DecisionPoint = 'allocation' | 'assessment_outcome' | 'plan' | 'plo' | 'placement' | 'closure';

/**
 * Per decision point, the chance its oversight is recorded late (after 5 working
 * days) or never; the pressured and lax teams' slack multiplies both. Most decisions
 * are signed off within days; inspection 2022 ¶42 found oversight "not robust".
 */
const LATE = 0.03;
const MISSING = 0.012;
/** Working days to the sign-off when it is on time: mostly within two days. */
const ON_TIME: readonly (readonly [number, number])[] = [
  [0, 0.35],
  [1, 0.25],
  [2, 0.17],
  [3, 0.13],
  [4, 0.1],
];

/**
 * A decision in the child's case (an allocation, an assessment's outcome, a PLO
 * entry, a placement, a closure): the manager of the team holding the case signs it
 * off with a ManagementOversightRecorded, usually within days.
 */
export function decisionPoint(sim: Sim, child: Child, day: number, point: DecisionPoint): void {
  const team = (holderOn(child, day) ?? child.worker)?.team;
  if (!team) return;
  const r = sim.random;
  const slack = slackOf(child);
  const roll = r.float();
  if (roll < MISSING * slack) return;
  const workdays = roll < (MISSING + LATE) * slack ? r.int(8, 30) : r.weighted(ON_TIME);
  sim.schedule(sim.calendar.addWorkdays(day, workdays), (d) => {
    const manager = managerOn(team, d);
    if (!manager) return;
    recordPractice(sim, d, { type: 'ManagementOversightRecorded', occurredAt: sim.calendar.date(d), data: { childId: child.id, managerId: manager.id, decisionPoint: point } });
  });
}
