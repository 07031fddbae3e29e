import { z } from 'zod';
import { DECISION_POINTS, EVENT_DEFINITIONS } from '../events/catalogue.js';
import type { Fact, FactType } from '../timeline.js';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, earliestOf, workingDaysOverdue, type Assessment } from './flag.js';
import { factsOfType, type World } from './world.js';
import { defineRule } from './rule-definition.js';
import { workingDays } from './threshold-fields.js';
import { count, inWords } from './wording.js';

const oversightPolicy = z.strictObject({ workingDays });

/**
 * The fact types that are decision points, with the oversight `decisionPoint` that answers
 * each, from the event definitions; in the order of DECISION_POINTS, which the flag's
 * measures list them in.
 */
const DECISION_EVENTS = EVENT_DEFINITIONS.flatMap((d) => (d.decisionPoint ? [{ type: d.type as FactType, point: d.decisionPoint }] : [])).sort(
  (a, b) => DECISION_POINTS.indexOf(a.point) - DECISION_POINTS.indexOf(b.point),
);
const POINT_OF = new Map<string, string>(DECISION_EVENTS.map((e) => [e.type, e.point]));

/**
 * OVERSIGHT_MISSING: a decision point with no management oversight of its kind
 * recorded on or after it within 5 working days. An oversight answers every earlier
 * decision of its kind; until one is recorded the decision stays flagged, closures
 * included. Children with a decision point on or before the date are in scope.
 */
export function oversightMissing(world: World, policy: z.output<typeof oversightPolicy>): Assessment[] {
  const { asOf } = world;
  return world.children.flatMap((child) => {
    const decisions: Fact[] = DECISION_EVENTS.flatMap(({ type }) => factsOfType(child, type).filter((f) => f.occurredOn <= asOf));
    if (decisions.length === 0) return [];
    const lastOversight = new Map<string, string>();
    for (const o of factsOfType(child, 'ManagementOversightRecorded')) {
      if (o.occurredOn <= asOf) lastOversight.set(o.data.decisionPoint, o.occurredOn);
    }
    const unanswered = decisions.filter((d) => (lastOversight.get(POINT_OF.get(d.type)!) ?? '') < d.occurredOn);
    const overdue = unanswered.flatMap((d) => {
      const detail = workingDaysOverdue(d.occurredOn, policy.workingDays, asOf, [d.eventId]);
      return detail ? [{ detail, point: POINT_OF.get(d.type)! }] : [];
    });
    const detail = earliestOf(overdue.map((o) => o.detail));
    const measures = { decisionPoints: [...new Set(overdue.map((o) => o.point))].join(', ') };
    return [assess('OVERSIGHT_MISSING', childSubject(child), childScope(child, asOf), detail && { ...detail, measures })];
  });
}

export const OVERSIGHT_MISSING = defineRule({
  rule: 'OVERSIGHT_MISSING',
  subject: 'child',
  title: 'Management oversight missing',
  kind: 'duty',
  description:
    'A decision point (allocation, assessment completed, PLO stage entered, placement started, case closed) with no management oversight of it recorded within the limit in working days; a closed case stays flagged until its closure is overseen',
  flagsWhen: 'an allocation, completed assessment, PLO entry, placement start or closure with no oversight of that decision point within 5 working days (red after 10)',
  finding: 'Management oversight at decision points not robust (2022 inspection ¶42)',
  quote: {
    text: 'Although increased management capacity has led to intensified management oversight at critical decision points, this is not sufficiently robust across the service.',
    report: '2022 inspection',
    paragraph: 42,
  },
  source: 'Typical LA policy (5 working days)',
  severity: 'red after twice the limit',
  policy: { key: 'oversight', schema: oversightPolicy, defaults: { workingDays: 5 } },
  reads: [...SCOPE_FACTS, 'ManagementOversightRecorded', 'AssessmentCompleted', 'PlacementStarted', 'PloStageEntered'],
  reason: (f, p) => `No management oversight within ${count(p.workingDays, 'working day')} of ${inWords(String(f.measures?.decisionPoints))}`,
  indicator: (p) => `children with no key decision waiting more than ${count(p.workingDays, 'working day')} for management oversight`,
  evaluate: oversightMissing,
});
