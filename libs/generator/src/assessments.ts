import { decisionPoint } from './oversight.js';
import { slackOf, type AssessmentKind, type Child, type OpenAssessment, type Sim } from './sim.js';

/** Working days to completion when on time (within 45): section 47 enquiries are quicker (Working Together 2023). */
const ON_TIME: Record<AssessmentKind, [number, number]> = { child_and_family: [10, 44], section_47: [5, 30], disabled_children: [15, 44] };
/**
 * Share completed after 45 working days, before the team's slack: disabled
 * children's assessments are late far more often (inspection 2022 ¶10).
 */
const LATE: Record<AssessmentKind, number> = { child_and_family: 0.05, section_47: 0.04, disabled_children: 0.18 };
/** Working days a late assessment takes: well past 45, so it is late on any bank-holiday calendar. */
const LATE_WORKDAYS: [number, number] = [48, 100];
/** Disabled children are mostly assessed by the disabled children's team. */
const DISABLED_TEAM = 0.75;

/** The assessment a new case starts with: a section 47 enquiry after a strategy discussion, else by the child's needs. */
export function assessmentKind(sim: Sim, child: Child, section47: boolean): AssessmentKind {
  if (section47) return 'section_47';
  return child.disabled && sim.random.chance(DISABLED_TEAM) ? 'disabled_children' : 'child_and_family';
}

/** Starts an assessment and books its completion (the case does not close before it). */
export function startAssessment(sim: Sim, child: Child, day: number, kind: AssessmentKind): void {
  const r = sim.random;
  const assessment: OpenAssessment = { id: sim.nextRef('A'), kind };
  sim.record(day, { type: 'AssessmentStarted', occurredAt: sim.calendar.date(day), data: { childId: child.id, assessmentId: assessment.id, kind } });
  child.assessment = assessment;
  const late = r.chance(Math.min(0.6, LATE[kind] * slackOf(child)));
  child.assessmentDue = sim.calendar.addWorkdays(day, r.int(...(late ? LATE_WORKDAYS : ON_TIME[kind])));
  sim.schedule(child.assessmentDue, (d) => complete(sim, child, assessment, d));
}

function complete(sim: Sim, child: Child, assessment: OpenAssessment, day: number): void {
  if (child.assessment !== assessment) return;
  // A section 47 enquiry says whether an initial conference is needed: the case's pathway booked one or not.
  const outcome = assessment.kind === 'section_47' ? { initialConferenceNeeded: Boolean(assessment.conferenceBooked) } : {};
  sim.record(day, { type: 'AssessmentCompleted', occurredAt: sim.calendar.date(day), data: { childId: child.id, assessmentId: assessment.id, ...outcome } });
  child.assessment = undefined;
  decisionPoint(sim, child, day, 'assessment_outcome');
}
