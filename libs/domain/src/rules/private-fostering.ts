import { z } from 'zod';
import { addMonths } from '../dates.js';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, earliestOf, overdue, workingDaysOverdue, type Assessment } from './flag.js';
import { factsOf, periodOn, type World } from './world.js';
import { defineRule } from './rule-definition.js';
import { days, weeks, workingDays } from './threshold-fields.js';
import { inWords, longDate, sentenceCase } from './wording.js';

const privateFosteringPolicy = z.strictObject({ firstVisitWorkingDays: workingDays, firstYearWeeks: weeks, laterWeeks: weeks, checksDays: days() });

/**
 * PRIVATE_FOSTERING_OVERDUE (Private Fostering Regulations 2005), from the
 * notification until the case closes: a visit within 7 working days of the
 * notification, then visits at most 6 weeks apart while the last one falls in the
 * arrangement's first year (12 weeks after), and the checks completed within 42
 * days of the notification. One flag for whichever duties are overdue.
 */
export function privateFosteringOverdue(world: World, p: z.output<typeof privateFosteringPolicy>): Assessment[] {
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
    const duties = (
      [
        [visit ? 'visit' : 'first visit', visitDue],
        ['checks', checksDue],
      ] as const
    ).filter(([, d]) => d !== undefined);
    const detail = earliestOf(duties.map(([, d]) => d));
    const measures = { duties: duties.map(([name]) => name).join(', ') };
    return [assess('PRIVATE_FOSTERING_OVERDUE', childSubject(child), childScope(child, asOf), detail && { ...detail, measures })];
  });
}

export const PRIVATE_FOSTERING_OVERDUE = defineRule({
  rule: 'PRIVATE_FOSTERING_OVERDUE',
  subject: 'child',
  title: 'Private fostering checks or visits overdue',
  kind: 'duty',
  description: 'Privately fostered: no visit within 7 working days of notification, visits more than 6 weeks apart in the first year (12 weeks after), or checks not completed within 42 days',
  flagsWhen: 'from notification until the case closes: no visit within 7 working days, visits over 6 weeks apart in the first year (12 after), checks not done within 42 days',
  finding: 'Private fostering statutory checks not timely or not done (2022 inspection ¶11)',
  quote: { text: 'However, statutory checks are not completed in a timely way, or at all, for these children living in private fostering arrangements.', report: '2022 inspection', paragraph: 11 },
  source: 'Children (Private Arrangements for Fostering) Regulations 2005',
  severity: 'red when a duty is over by its interval again',
  policy: { key: 'privateFostering', schema: privateFosteringPolicy, defaults: { firstVisitWorkingDays: 7, firstYearWeeks: 6, laterWeeks: 12, checksDays: 42 } },
  reads: [...SCOPE_FACTS, 'PrivateFosteringNotified', 'PrivateFosteringChecksCompleted', 'ChildVisited'],
  reason: (f) => `${sentenceCase(inWords(String(f.measures?.duties)))} overdue since ${longDate(f.dueSince)}`,
  // Four intervals make its schedule: the Rules page gives them, the indicator names the duties.
  indicator: () => 'privately fostered children whose visits and checks are up to date',
  evaluate: privateFosteringOverdue,
});
