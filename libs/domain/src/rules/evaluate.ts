import type { Policy } from '../policy.js';
import type { SubjectTimeline, View } from '../timeline.js';
import { caseloadHigh, teamCaseloadHigh } from './caseload.js';
import { assessmentOverdue } from './assessments.js';
import { noPersonalAdviser, pathwayPlanReviewOverdue } from './care-leavers.js';
import { cpReviewOverdue, cpVisitOverdue, neglectEscalationDelay } from './child-protection.js';
import { ploOverdue, socialWorkerChanges } from './children.js';
import { dentalCheckOverdue, healthAssessmentOverdue, lookedAfterReviewOverdue, lookedAfterVisitOverdue } from './looked-after.js';
import { oversightMissing } from './oversight.js';
import { placementInstability, placementNotMeetingNeeds, unregisteredPlacement } from './placements.js';
import { planWithoutContingency, repeatReferral, strategyWithoutSafetyPlan } from './plans.js';
import { privateFosteringOverdue } from './private-fostering.js';
import type { Assessment, Flag } from './flag.js';
import { supervisionNotReflective, supervisionOverdue } from './supervision.js';
import { buildWorld, type World } from './world.js';

const RULE_FUNCTIONS: ((world: World, policy: Policy) => Assessment[])[] = [
  supervisionOverdue,
  supervisionNotReflective,
  caseloadHigh,
  teamCaseloadHigh,
  socialWorkerChanges,
  ploOverdue,
  neglectEscalationDelay,
  cpVisitOverdue,
  cpReviewOverdue,
  assessmentOverdue,
  unregisteredPlacement,
  placementNotMeetingNeeds,
  placementInstability,
  planWithoutContingency,
  strategyWithoutSafetyPlan,
  repeatReferral,
  lookedAfterVisitOverdue,
  lookedAfterReviewOverdue,
  healthAssessmentOverdue,
  dentalCheckOverdue,
  privateFosteringOverdue,
  pathwayPlanReviewOverdue,
  noPersonalAdviser,
  oversightMissing,
];

/**
 * The one evaluator: every rule over every subject for one view (as of a date,
 * as known on a date). The live read side, rebuilds and past-date queries all
 * call this, so they cannot disagree.
 */
export function evaluate(timelines: Iterable<SubjectTimeline>, policy: Policy, view: View): Assessment[] {
  const world = buildWorld(timelines, view);
  return RULE_FUNCTIONS.flatMap((rule) => rule(world, policy)).sort(compareAssessments);
}

export function flagsOf(assessments: Assessment[]): Flag[] {
  return assessments.flatMap((a) => (a.flag ? [a.flag] : []));
}

/** The stable order flags are listed and paged in: rule, then subject type and id. */
export function compareAssessments(a: Assessment, b: Assessment): number {
  return compareKeys(sortKey(a), sortKey(b));
}

export const sortKey = (a: Pick<Assessment, 'rule' | 'subject'>): string => `${a.rule}|${a.subject.type}|${a.subject.id}`;

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
