import { z } from 'zod';
import type { Fact } from '../timeline.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, earliestOf, workingDaysOverdue, type Assessment } from './flag.js';
import type { World } from './world.js';
import { defineRule } from './rule-definition.js';
import { workingDays } from './threshold-fields.js';

const oversightPolicy = z.strictObject({ workingDays });

/** The events that are decision points, and the oversight `decisionPoint` that answers each. */
export const DECISION_POINTS: Readonly<Record<string, string>> = {
  CaseAllocated: 'allocation',
  AssessmentCompleted: 'assessment_outcome',
  PloStageEntered: 'plo',
  PlacementStarted: 'placement',
  CaseClosed: 'closure',
};

/**
 * OVERSIGHT_MISSING: a decision point with no management oversight of its kind
 * recorded on or after it within 5 working days. An oversight answers every earlier
 * decision of its kind; until one is recorded the decision stays flagged, closures
 * included. Children with a decision point on or before the date are in scope.
 */
export function oversightMissing(world: World, policy: z.output<typeof oversightPolicy>): Assessment[] {
  const { asOf } = world;
  return world.children.flatMap((child) => {
    const decisions = Object.keys(DECISION_POINTS).flatMap((type) => (child.byType.get(type) ?? []).filter((f) => f.occurredOn <= asOf));
    if (decisions.length === 0) return [];
    const lastOversight = new Map<string, string>();
    for (const o of child.byType.get('ManagementOversightRecorded') ?? []) {
      if (o.occurredOn <= asOf) lastOversight.set(String(o.data.decisionPoint), o.occurredOn);
    }
    const unanswered = decisions.filter((d: Fact) => (lastOversight.get(DECISION_POINTS[d.type]) ?? '') < d.occurredOn);
    const overdue = unanswered.flatMap((d) => {
      const detail = workingDaysOverdue(d.occurredOn, policy.workingDays, asOf, [d.eventId]);
      return detail ? [{ detail, point: DECISION_POINTS[d.type] }] : [];
    });
    const detail = earliestOf(overdue.map((o) => o.detail));
    const measures = { decisionPoints: [...new Set(overdue.map((o) => o.point))].join(', ') };
    return [assess('OVERSIGHT_MISSING', childSubject(child), childScope(child, asOf), detail && { ...detail, measures })];
  });
}

export const OVERSIGHT_MISSING = defineRule({
  rule: 'OVERSIGHT_MISSING',
  subject: 'child',
  description:
    'A decision point (allocation, assessment completed, PLO stage entered, placement started, case closed) with no management oversight of it recorded within the limit in working days; a closed case stays flagged until its closure is overseen',
  flagsWhen: 'an allocation, completed assessment, PLO entry, placement start or closure with no oversight of that decision point within 5 working days (red after 10)',
  finding: 'Management oversight at decision points not robust (2022 inspection ¶42)',
  source: 'Typical LA policy (5 working days)',
  severity: 'red after twice the limit',
  policy: { key: 'oversight', schema: oversightPolicy, defaults: { workingDays: 5 } },
  evaluate: oversightMissing,
});
