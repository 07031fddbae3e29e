import type { Policy } from '../policy.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, workingDaysOverdue, type Assessment, type FlagDetail } from './flag.js';
import { covers, type World } from './world.js';

/**
 * ASSESSMENT_OVERDUE: an assessment open for more than N working days. One flag per
 * child, for its most overdue assessment, carrying that assessment's kind (so
 * dashboards report `disabled_children` separately) and every overdue kind in
 * `kinds`; every overdue one is evidence.
 */
export function assessmentOverdue(world: World, policy: Policy): Assessment[] {
  return world.children.flatMap((child) => {
    const open = child.assessments.filter((a) => covers(a, world.asOf));
    if (open.length === 0) return [];
    const overdue = open
      .map((a) => ({ a, detail: workingDaysOverdue(a.from, policy.assessments.workingDays, world.asOf, [a.eventId]) }))
      .filter((o): o is { a: (typeof open)[number]; detail: FlagDetail } => o.detail !== undefined);
    const worst = overdue[0]; // open assessments are in start order: the first overdue is the oldest
    const detail = worst && {
      ...worst.detail,
      evidence: overdue.map((o) => o.a.eventId),
      measures: {
        ...worst.detail.measures,
        kind: String(worst.a.data.kind),
        assessmentId: String(worst.a.data.assessmentId),
        // Every overdue kind, so a disabled children's assessment behind an older one still shows.
        kinds: [...new Set(overdue.map((o) => String(o.a.data.kind)))].join(', '),
      },
    };
    return [assess('ASSESSMENT_OVERDUE', childSubject(child), childScope(child, world.asOf), detail)];
  });
}
