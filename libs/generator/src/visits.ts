import { recordPractice } from './logging.js';
import { holderOn, slackOf, type Child, type Sim } from './sim.js';

/**
 * Chances that a visit comes late, before the team's slack. A slipped visit is
 * what CP_VISIT_OVERDUE, LOOKED_AFTER_VISIT_OVERDUE and PRIVATE_FOSTERING_OVERDUE
 * see (few: inspection 2022 ¶9 and ¶19 find children regularly seen, as their needs ask).
 */
const SLIP = { childProtection: 0.05, lookedAfter: 0.05, privateFostering: 0.15, statusChange: 0.05 };
/** Children able to speak for themselves are seen alone at most visits. */
const SEEN_ALONE = 0.75;
/** The initial population's visits start this many days before day 0: the import keeps only the latest anyway. */
const PAST_VISITS_DAYS = 180;

/**
 * (Re)starts the child's visits: the next one on `day`, then on the cadence of
 * whatever the child is then (on a plan, in care, privately fostered, or a child in
 * need). Starting again drops the visit the old chain had booked.
 */
export function startVisits(sim: Sim, child: Child, day: number): void {
  const chain = ++child.visitChain;
  const from = sim.building ? Math.max(day, -PAST_VISITS_DAYS - sim.random.int(0, 30)) : day;
  sim.schedule(from, (d) => visit(sim, child, chain, d));
}

/** The visit due after a change of status: a new plan, a new placement (within a week), a private fostering notification (within 7 working days). */
export function visitSoon(sim: Sim, child: Child, day: number, why: 'plan' | 'placement' | 'fostering'): void {
  const r = sim.random;
  const slip = r.chance(Math.min(0.5, (why === 'fostering' ? SLIP.privateFostering : SLIP.statusChange) * slackOf(child)));
  // Dates fall back to the workday before, so a visit due within a week is not pushed past it by a weekend.
  if (why === 'placement') return startVisits(sim, child, Math.max(day, sim.calendar.workdayOnOrBefore(day + (slip ? r.int(10, 16) : r.int(0, 6)))));
  startVisits(sim, child, sim.calendar.addWorkdays(day, slip ? r.int(16, 22) : r.int(why === 'plan' ? 0 : 1, 6)));
}

function visit(sim: Sim, child: Child, chain: number, day: number): void {
  if (child.visitChain !== chain || !child.worker) return;
  const worker = holderOn(child, day);
  if (worker) {
    const seenAlone = sim.ageInYears(child, day) >= 4 && sim.random.chance(SEEN_ALONE);
    recordPractice(sim, day, { type: 'ChildVisited', occurredAt: sim.calendar.date(day), data: { childId: child.id, workerId: worker.id, seenAlone } }, worker.cases);
  }
  sim.scheduleBy(day + nextGap(sim, child, day), (d) => visit(sim, child, chain, d));
}

/** Days to the next visit: the tightest cadence the child's statuses call for. */
function nextGap(sim: Sim, child: Child, day: number): number {
  const r = sim.random;
  const slack = slackOf(child);
  const slip = (p: number) => r.chance(Math.min(0.5, p * slack));
  const gaps: number[] = [];
  const placement = child.care?.placement;
  if (placement) {
    // Care Planning Regulations 2010 reg 28: 6 weeks in a placement's first year, then 3 months if it is intended until 18.
    const longTerm = placement.intendedUntil18 && day - placement.since > 366;
    gaps.push(longTerm ? (slip(SLIP.lookedAfter) ? r.int(95, 130) : r.int(45, 85)) : slip(SLIP.lookedAfter) ? r.int(45, 75) : r.int(21, 40));
  }
  if (child.fostering) {
    // Private Fostering Regulations 2005: 6 weeks in the first year, then 12 weeks.
    const firstYear = day - child.fostering.notifiedDay <= 366;
    gaps.push(firstYear ? (slip(SLIP.privateFostering) ? r.int(45, 70) : r.int(25, 40)) : slip(SLIP.privateFostering) ? r.int(88, 120) : r.int(50, 80));
  }
  if (child.cp) {
    // Every 10–15 working days (local procedures: 15).
    const workdays = slip(SLIP.childProtection) ? r.int(17, 30) : r.int(7, 14);
    gaps.push(sim.calendar.addWorkdays(day, workdays) - day);
  }
  // Children in need and children being assessed: every 4–6 weeks (no national minimum).
  return gaps.length > 0 ? Math.min(...gaps) : r.int(25, 45);
}
