import { startAssessment } from './assessments.js';
import { recordDuty } from './logging.js';
import { slackOf, type Child, type PrivateFostering, type Sim } from './sim.js';
import { visitSoon } from './visits.js';

/**
 * When the statutory checks are completed: mostly within 42 days of the notification,
 * a good share late, a few not at all (inspection 2022 ¶11: checks "not timely or not
 * at all"; Private Fostering Regulations 2005). Late and never shares grow with slack.
 */
const CHECKS = { late: 0.25, never: 0.1 };
/** Days to the checks when on time, and when late. */
const CHECK_DAYS = { onTime: [10, 40] as [number, number], late: [45, 120] as [number, number] };

/**
 * A private fostering notification opens the case (cases.ts, kind 'fostering'): the
 * arrangement is assessed, visited within 7 working days and then every 6 weeks,
 * checked; it lasts until the case closes.
 */
export function startPrivateFostering(sim: Sim, child: Child, day: number): void {
  sim.record(day, { type: 'PrivateFosteringNotified', occurredAt: sim.calendar.date(day), data: { childId: child.id } });
  const fostering: PrivateFostering = { notifiedDay: day };
  child.fostering = fostering;
  startAssessment(sim, child, day, 'child_and_family');
  visitSoon(sim, child, day, 'fostering');
  const r = sim.random;
  const roll = r.float();
  const slack = slackOf(child);
  if (roll < CHECKS.never * slack) return;
  const days = roll < (CHECKS.never + CHECKS.late) * slack ? CHECK_DAYS.late : CHECK_DAYS.onTime;
  sim.scheduleBy(day + r.int(...days), (d) => {
    if (child.fostering !== fostering) return;
    recordDuty(sim, child, d, { type: 'PrivateFosteringChecksCompleted', occurredAt: sim.calendar.date(d), data: { childId: child.id } });
  });
}
