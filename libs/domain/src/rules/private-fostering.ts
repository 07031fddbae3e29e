import { addMonths } from '../dates.js';
import type { Policy } from '../policy.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, earliestOf, overdue, workingDaysOverdue, type Assessment } from './flag.js';
import { factsOf, periodOn, type World } from './world.js';

/**
 * PRIVATE_FOSTERING_OVERDUE (Private Fostering Regulations 2005), from the
 * notification until the case closes: a visit within 7 working days of the
 * notification, then visits at most 6 weeks apart while the last one falls in the
 * arrangement's first year (12 weeks after), and the checks completed within 42
 * days of the notification. One flag for whichever duties are overdue.
 */
export function privateFosteringOverdue(world: World, policy: Policy): Assessment[] {
  const p = policy.privateFostering;
  const { asOf } = world;
  return world.children.flatMap((child) => {
    const arrangement = periodOn(child.privateFostering, asOf);
    if (!arrangement) return [];
    const notified = arrangement.from;
    const notice = [arrangement.eventId];
    const visit = factsOf(child, 'ChildVisited', notified, asOf).at(-1);
    const checked = factsOf(child, 'PrivateFosteringChecksCompleted', notified, asOf).length > 0;
    const visitDue = visit
      ? overdue(visit.occurredOn, 7 * (visit.occurredOn < addMonths(notified, 12) ? p.firstYearWeeks : p.laterWeeks), asOf, [visit.eventId])
      : workingDaysOverdue(notified, p.firstVisitWorkingDays, asOf, notice);
    const checksDue = checked ? undefined : overdue(notified, p.checksDays, asOf, notice);
    const duties = ([[visit ? 'visit' : 'first visit', visitDue], ['checks', checksDue]] as const).filter(([, d]) => d !== undefined);
    const detail = earliestOf(duties.map(([, d]) => d));
    const measures = { duties: duties.map(([name]) => name).join(', ') };
    return [assess('PRIVATE_FOSTERING_OVERDUE', childSubject(child), childScope(child, asOf), detail && { ...detail, measures })];
  });
}
