import type { Policy } from '../policy.js';
import type { Fact } from '../timeline.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, earliestOf, workingDaysOverdue, type Assessment } from './flag.js';
import type { World } from './world.js';

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
export function oversightMissing(world: World, policy: Policy): Assessment[] {
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
      const detail = workingDaysOverdue(d.occurredOn, policy.oversight.workingDays, asOf, [d.eventId]);
      return detail ? [{ detail, point: DECISION_POINTS[d.type] }] : [];
    });
    const detail = earliestOf(overdue.map((o) => o.detail));
    const measures = { decisionPoints: [...new Set(overdue.map((o) => o.point))].join(', ') };
    return [assess('OVERSIGHT_MISSING', childSubject(child), childScope(child, asOf), detail && { ...detail, measures })];
  });
}
