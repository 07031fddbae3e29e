import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_TYPES } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/composition';
import { get, post, startTestApp, tempDataDir, type TestApp } from './support/test-app.js';
import { getFlags, History, recordHistory, type FlagBody } from './support/findings/history.js';

/**
 * Issue 5: voiding any event removes exactly its effect, for every event type.
 *
 * Two local authorities hold the same histories (same event ids): `voided` records
 * every event and then, case by case, voids one; `without` never records those
 * events. After each void, the case's flags in `voided` (every rule, every subject of
 * the case: its children, workers and teams) must equal the flags in `without`,
 * whole (rule, subject, team, worker, due date, days, severity, evidence, finding,
 * measures), and differ from what they were before the void, in the way the case says.
 * At the end the two authorities' complete answers are equal. Each case has its own
 * subjects (ids carry the case code, e.g. C-V07, W-V07, T-V07).
 */
const TODAY = '2026-04-02';
const BEFORE_VOIDS = '2026-04-01';
const REASON = 'recorded in error';

type Effect = { rule: string; subject: string; shows: 'before' | 'after' };
interface VoidCase {
  code: string;
  type: string;
  asOf: string;
  /** The event to void. */
  target: string;
  /** Where its timeline is read: the target's subject. */
  subject: { type: 'child' | 'worker'; id: string };
  /** The flag the void removes or brings: undefined only where no void can change a flag (see ChildRegistered). */
  effect?: Effect;
  why: string;
}

const h = new History();
const CASES: VoidCase[] = [];
const child = (id: string) => ({ type: 'child' as const, id });
const worker = (id: string) => ({ type: 'worker' as const, id });
const oversee = (c: string, managerId: string, decisionPoint: string, on: string) =>
  h.record('ManagementOversightRecorded', on, { childId: c, managerId, decisionPoint }, { label: `oversight ${decisionPoint} ${c} ${on}` });
const managerOf = (code: string) => {
  h.join(`W-${code}`, `T-${code}`, '2025-01-06', 'team_manager');
  return `W-${code}`;
};
const add = (c: VoidCase) => CASES.push(c);

// Workforce
add({
  code: 'V01',
  type: 'WorkerJoined',
  asOf: '2026-03-02',
  subject: worker('W-V01'),
  target: h.join('W-V01', 'T-V01', '2026-01-05'),
  effect: { rule: 'SUPERVISION_OVERDUE', subject: 'worker:W-V01', shows: 'before' },
  why: 'a case-holding worker never supervised is overdue; voided, there is no such worker',
});
h.join('W-V02A', 'T-V02', '2026-01-05', 'social_worker', { fte: 0.1 });
h.join('W-V02B', 'T-V02X', '2026-01-05');
for (const c of ['C-V02A', 'C-V02B']) {
  h.register(c, '2025-12-01', '2016-01');
  h.allocate(c, 'W-V02A', 'T-V02', '2026-01-12');
}
add({
  code: 'V02',
  type: 'WorkerChangedTeam',
  asOf: '2026-03-02',
  subject: worker('W-V02B'),
  target: h.record('WorkerChangedTeam', '2026-02-02', { workerId: 'W-V02B', teamId: 'T-V02' }),
  effect: { rule: 'TEAM_CASELOAD_HIGH', subject: 'team:T-V02', shows: 'after' },
  why: 'T-V02 holds 2 cases: with W-V02B 1.1 FTE, without her 0.1 FTE (20 per FTE)',
});
h.join('W-V03', 'T-V03', '2026-01-05');
add({
  code: 'V03',
  type: 'WorkerLeft',
  asOf: '2026-03-02',
  subject: worker('W-V03'),
  target: h.leave('W-V03', '2026-02-02'),
  effect: { rule: 'SUPERVISION_OVERDUE', subject: 'worker:W-V03', shows: 'after' },
  why: 'a worker who has left has no supervision duty',
});
h.join('W-V04', 'T-V04', '2026-01-05');
add({
  code: 'V04',
  type: 'SupervisionHeld',
  asOf: '2026-03-02',
  subject: worker('W-V04'),
  target: h.supervise('W-V04', '2026-02-16', 'W-V04S', 90, true),
  effect: { rule: 'SUPERVISION_OVERDUE', subject: 'worker:W-V04', shows: 'after' },
  why: 'supervised 16 Feb (due 16 Mar); without it, due since 2 Feb',
});

// Children
add({
  code: 'V05',
  type: 'ChildRegistered',
  asOf: '2026-03-02',
  subject: child('C-V05'),
  target: h.register('C-V05', '2026-01-05', '2016-01'),
  why:
    'no rule flags a child for being registered, and every other child event needs the registration, so the domain ' +
    'refuses the void whenever something depends on it (see the refusals below): the one type whose allowed void cannot change a flag',
});
h.register('C-V06', '2025-12-01', '2014-01');
h.record('ReferralReceived', '2026-01-05', { childId: 'C-V06', source: 'police', concerns: ['domestic_abuse'] });
add({
  code: 'V06',
  type: 'ReferralReceived',
  asOf: '2026-03-02',
  subject: child('C-V06'),
  target: h.record('ReferralReceived', '2026-02-16', { childId: 'C-V06', source: 'school', concerns: ['neglect'] }),
  effect: { rule: 'REPEAT_REFERRAL', subject: 'child:C-V06', shows: 'before' },
  why: 'the second referral within 12 months',
});
h.join('W-V07', 'T-V07', '2025-12-01', 'social_worker', { caseHolding: false });
h.register('C-V07', '2025-12-01', '2014-01');
add({
  code: 'V07',
  type: 'CaseAllocated',
  asOf: '2026-03-02',
  subject: child('C-V07'),
  target: h.allocate('C-V07', 'W-V07', 'T-V07', '2026-02-02'),
  effect: { rule: 'OVERSIGHT_MISSING', subject: 'child:C-V07', shows: 'before' },
  why: 'an allocation never overseen is a decision point without oversight',
});
const m08 = managerOf('V08');
h.register('C-V08', '2025-12-01', '2012-01');
h.allocate('C-V08', m08, 'T-V08', '2026-01-05');
oversee('C-V08', m08, 'allocation', '2026-01-05');
h.record('PrivateFosteringNotified', '2026-01-05', { childId: 'C-V08' });
add({
  code: 'V08',
  type: 'CaseClosed',
  asOf: '2026-03-02',
  subject: child('C-V08'),
  target: h.close('C-V08', '2026-02-02'),
  effect: { rule: 'PRIVATE_FOSTERING_OVERDUE', subject: 'child:C-V08', shows: 'after' },
  why: 'the closure ends the private fostering duties (never visited since 5 Jan)',
});
oversee('C-V08', m08, 'closure', '2026-02-02');
h.register('C-V09', '2025-12-01', '2014-01');
add({
  code: 'V09',
  type: 'StrategyDiscussionHeld',
  asOf: '2026-03-02',
  subject: child('C-V09'),
  target: h.record('StrategyDiscussionHeld', '2026-02-16', { childId: 'C-V09', initialSafetyPlanAgreed: false }),
  effect: { rule: 'STRATEGY_WITHOUT_SAFETY_PLAN', subject: 'child:C-V09', shows: 'before' },
  why: 'a strategy discussion with no safety plan',
});
h.register('C-V10', '2025-12-01', '2014-01');
add({
  code: 'V10',
  type: 'AssessmentStarted',
  asOf: '2026-03-31',
  subject: child('C-V10'),
  target: h.record('AssessmentStarted', '2026-01-05', { childId: 'C-V10', assessmentId: 'A-V10', kind: 'child_and_family' }),
  effect: { rule: 'ASSESSMENT_OVERDUE', subject: 'child:C-V10', shows: 'before' },
  why: 'an assessment open since 5 Jan (due 9 Mar)',
});
const m11 = managerOf('V11');
h.register('C-V11', '2025-12-01', '2014-01');
h.record('AssessmentStarted', '2026-01-05', { childId: 'C-V11', assessmentId: 'A-V11', kind: 'disabled_children' });
add({
  code: 'V11',
  type: 'AssessmentCompleted',
  asOf: '2026-03-31',
  subject: child('C-V11'),
  target: h.record('AssessmentCompleted', '2026-02-02', { childId: 'C-V11', assessmentId: 'A-V11' }),
  effect: { rule: 'ASSESSMENT_OVERDUE', subject: 'child:C-V11', shows: 'after' },
  why: 'uncompleted, the assessment is open past 45 working days',
});
oversee('C-V11', m11, 'assessment_outcome', '2026-02-02');
h.join('W-V12', 'T-V12', '2025-12-01', 'social_worker', { caseHolding: false });
h.register('C-V12', '2025-12-01', '2014-01');
h.record('ChildProtectionPlanStarted', '2026-01-12', { childId: 'C-V12', category: 'neglect' });
add({
  code: 'V12',
  type: 'ChildVisited',
  asOf: '2026-03-02',
  subject: child('C-V12'),
  target: h.visit('C-V12', 'W-V12', '2026-02-16'),
  effect: { rule: 'CP_VISIT_OVERDUE', subject: 'child:C-V12', shows: 'after' },
  why: 'without the 16 Feb visit, not visited since the plan began on 12 Jan',
});
h.register('C-V13', '2025-12-01', '2014-01');
add({
  code: 'V13',
  type: 'ChildProtectionPlanStarted',
  asOf: '2026-03-02',
  subject: child('C-V13'),
  target: h.record('ChildProtectionPlanStarted', '2026-01-12', { childId: 'C-V13', category: 'physical_abuse' }),
  effect: { rule: 'CP_VISIT_OVERDUE', subject: 'child:C-V13', shows: 'before' },
  why: 'a plan never visited; no plan, no visits due',
});
h.register('C-V14', '2025-11-03', '2014-01');
add({
  code: 'V14',
  type: 'ChildProtectionConferenceHeld',
  asOf: '2026-03-05',
  subject: child('C-V14'),
  target: h.record('ChildProtectionConferenceHeld', '2025-12-01', { childId: 'C-V14', kind: 'initial' }),
  effect: { rule: 'CP_REVIEW_OVERDUE', subject: 'child:C-V14', shows: 'before' },
  why: 'the first review is due 3 months after the initial conference (1 Mar), or with none after the plan start (8 Mar)',
});
h.record('ChildProtectionPlanStarted', '2025-12-08', { childId: 'C-V14', category: 'emotional_abuse' });
h.register('C-V15', '2025-12-01', '2014-01');
h.record('ChildProtectionPlanStarted', '2026-01-12', { childId: 'C-V15', category: 'neglect' });
add({
  code: 'V15',
  type: 'ChildProtectionPlanEnded',
  asOf: '2026-03-02',
  subject: child('C-V15'),
  target: h.record('ChildProtectionPlanEnded', '2026-02-02', { childId: 'C-V15' }),
  effect: { rule: 'CP_VISIT_OVERDUE', subject: 'child:C-V15', shows: 'after' },
  why: 'no visits are due after the plan ends',
});
const m16 = managerOf('V16');
h.register('C-V16', '2025-12-01', '2014-01');
h.allocate('C-V16', m16, 'T-V16', '2026-01-05');
oversee('C-V16', m16, 'allocation', '2026-01-05');
add({
  code: 'V16',
  type: 'PlanReviewed',
  asOf: '2026-03-02',
  subject: child('C-V16'),
  target: h.record('PlanReviewed', '2026-02-02', { childId: 'C-V16', plan: 'child_in_need', contingencyPlanRecorded: false }),
  effect: { rule: 'PLAN_WITHOUT_CONTINGENCY', subject: 'child:C-V16', shows: 'before' },
  why: 'a review with no contingency plan',
});
const m17 = managerOf('V17');
h.register('C-V17', '2025-09-01', '2020-01');
add({
  code: 'V17',
  type: 'PloStageEntered',
  asOf: '2026-03-02',
  subject: child('C-V17'),
  target: h.record('PloStageEntered', '2025-10-06', { childId: 'C-V17', stage: 'pre_proceedings' }),
  effect: { rule: 'PRE_PROCEEDINGS_OVERDUE', subject: 'child:C-V17', shows: 'before' },
  why: 'in pre-proceedings since 6 Oct (due 26 Jan)',
});
oversee('C-V17', m17, 'plo', '2025-10-06');
const m18 = managerOf('V18');
h.register('C-V18', '2025-09-01', '2020-01');
h.record('PloStageEntered', '2025-10-06', { childId: 'C-V18', stage: 'pre_proceedings' });
oversee('C-V18', m18, 'plo', '2025-10-06');
add({
  code: 'V18',
  type: 'PloStageExited',
  asOf: '2026-03-02',
  subject: child('C-V18'),
  target: h.record('PloStageExited', '2026-01-12', { childId: 'C-V18', stage: 'pre_proceedings', outcome: 'stepped_down' }),
  effect: { rule: 'PRE_PROCEEDINGS_OVERDUE', subject: 'child:C-V18', shows: 'after' },
  why: 'without the exit, still in pre-proceedings past 16 weeks',
});

// Children in care
h.register('C-V19', '2025-12-01', '2015-01');
add({
  code: 'V19',
  type: 'BecameLookedAfter',
  asOf: '2026-03-02',
  subject: child('C-V19'),
  target: h.lookedAfter('C-V19', '2026-01-12'),
  effect: { rule: 'LOOKED_AFTER_REVIEW_OVERDUE', subject: 'child:C-V19', shows: 'before' },
  why: 'looked after with no review in 20 working days',
});
h.register('C-V20', '2025-12-01', '2015-01');
h.lookedAfter('C-V20', '2026-01-12');
add({
  code: 'V20',
  type: 'CeasedLookedAfter',
  asOf: '2026-03-02',
  subject: child('C-V20'),
  target: h.record('CeasedLookedAfter', '2026-01-19', { childId: 'C-V20', reason: 'returned_home' }),
  effect: { rule: 'LOOKED_AFTER_REVIEW_OVERDUE', subject: 'child:C-V20', shows: 'after' },
  why: 'no looked-after duties after ceasing to be looked after',
});
const m21 = managerOf('V21');
h.register('C-V21', '2025-12-01', '2015-01');
h.lookedAfter('C-V21', '2026-01-12');
add({
  code: 'V21',
  type: 'PlacementStarted',
  asOf: '2026-03-02',
  subject: child('C-V21'),
  target: h.place('C-V21', 'P-V21', '2026-01-12', { registered: false }),
  effect: { rule: 'UNREGISTERED_PLACEMENT', subject: 'child:C-V21', shows: 'before' },
  why: 'an unregistered placement',
});
oversee('C-V21', m21, 'placement', '2026-01-12');
const m22 = managerOf('V22');
h.register('C-V22', '2025-11-03', '2015-01');
h.lookedAfter('C-V22', '2025-12-01');
h.place('C-V22', 'P-V22', '2025-12-01', { registered: false });
oversee('C-V22', m22, 'placement', '2025-12-01');
add({
  code: 'V22',
  type: 'PlacementEnded',
  asOf: '2026-03-02',
  subject: child('C-V22'),
  target: h.endPlacement('C-V22', 'P-V22', '2026-02-02'),
  effect: { rule: 'UNREGISTERED_PLACEMENT', subject: 'child:C-V22', shows: 'after' },
  why: 'without its end, the unregistered placement is still open',
});
h.register('C-V23', '2025-12-01', '2015-01');
h.lookedAfter('C-V23', '2026-01-12');
add({
  code: 'V23',
  type: 'LookedAfterReviewHeld',
  asOf: '2026-03-02',
  subject: child('C-V23'),
  target: h.record('LookedAfterReviewHeld', '2026-02-02', { childId: 'C-V23' }),
  effect: { rule: 'LOOKED_AFTER_REVIEW_OVERDUE', subject: 'child:C-V23', shows: 'after' },
  why: 'the first review was due within 20 working days (9 Feb)',
});
h.register('C-V24', '2025-12-01', '2015-01');
h.lookedAfter('C-V24', '2026-01-12');
add({
  code: 'V24',
  type: 'HealthAssessmentCompleted',
  asOf: '2026-03-02',
  subject: child('C-V24'),
  target: h.record('HealthAssessmentCompleted', '2026-02-02', { childId: 'C-V24', kind: 'initial' }),
  effect: { rule: 'HEALTH_ASSESSMENT_OVERDUE', subject: 'child:C-V24', shows: 'after' },
  why: 'the initial health assessment was due within 20 working days (9 Feb)',
});
h.register('C-V25', '2024-06-03', '2015-01');
h.lookedAfter('C-V25', '2024-06-03');
add({
  code: 'V25',
  type: 'DentalCheckCompleted',
  asOf: '2026-03-02',
  subject: child('C-V25'),
  target: h.record('DentalCheckCompleted', '2025-06-02', { childId: 'C-V25' }),
  effect: { rule: 'DENTAL_CHECK_OVERDUE', subject: 'child:C-V25', shows: 'after' },
  why: 'checked 2 Jun 2025 (due 2 Jun 2026); without it, due since 3 Jun 2025',
});

// Private fostering and care leavers
h.register('C-V26', '2025-12-01', '2012-01');
add({
  code: 'V26',
  type: 'PrivateFosteringNotified',
  asOf: '2026-03-02',
  subject: child('C-V26'),
  target: h.record('PrivateFosteringNotified', '2026-02-02', { childId: 'C-V26' }),
  effect: { rule: 'PRIVATE_FOSTERING_OVERDUE', subject: 'child:C-V26', shows: 'before' },
  why: 'notified and never visited',
});
h.join('W-V27', 'T-V27', '2025-12-01', 'social_worker', { caseHolding: false });
h.register('C-V27', '2025-12-01', '2012-01');
h.record('PrivateFosteringNotified', '2026-01-05', { childId: 'C-V27' });
h.visit('C-V27', 'W-V27', '2026-01-07');
add({
  code: 'V27',
  type: 'PrivateFosteringChecksCompleted',
  asOf: '2026-03-02',
  subject: child('C-V27'),
  target: h.record('PrivateFosteringChecksCompleted', '2026-01-26', { childId: 'C-V27' }),
  effect: { rule: 'PRIVATE_FOSTERING_OVERDUE', subject: 'child:C-V27', shows: 'after' },
  why: 'the checks were due within 42 days (16 Feb); visits are in time',
});
h.visit('C-V27', 'W-V27', '2026-02-16');
h.join('W-V28', 'T-V28', '2025-01-06', 'personal_adviser');
h.register('C-V28', '2025-09-01', '2009-06');
h.lookedAfter('C-V28', '2025-09-01');
add({
  code: 'V28',
  type: 'PersonalAdviserAllocated',
  asOf: '2026-03-02',
  subject: child('C-V28'),
  target: h.record('PersonalAdviserAllocated', '2025-09-01', { childId: 'C-V28', workerId: 'W-V28' }),
  effect: { rule: 'NO_PERSONAL_ADVISER', subject: 'child:C-V28', shows: 'after' },
  why: 'looked after at 16 with no adviser',
});
const m29 = managerOf('V29');
h.register('C-V29', '2025-12-01', '2014-01');
h.allocate('C-V29', m29, 'T-V29', '2026-02-02');
add({
  code: 'V29',
  type: 'ManagementOversightRecorded',
  asOf: '2026-03-02',
  subject: child('C-V29'),
  target: oversee('C-V29', m29, 'allocation', '2026-02-02'),
  effect: { rule: 'OVERSIGHT_MISSING', subject: 'child:C-V29', shows: 'after' },
  why: 'the allocation was overseen the same day',
});

// Children who go missing, and care leavers' contact
const missingEpisode = (c: string, id: string, from: string, back?: string) => {
  const went = h.record('ChildWentMissing', from, { childId: c, episodeId: id, kind: 'missing' });
  const returned = back ? h.record('ChildReturned', back, { childId: c, episodeId: id }) : undefined;
  return { went, returned };
};
const openMissingCase = (code: string) => {
  const manager = managerOf(code);
  h.register(`C-${code}`, '2025-12-01', '2011-01');
  h.allocate(`C-${code}`, manager, `T-${code}`, '2026-01-05');
  oversee(`C-${code}`, manager, 'allocation', '2026-01-05');
};
openMissingCase('V30');
missingEpisode('C-V30', 'M-V30-1', '2026-02-02', '2026-02-03');
add({
  code: 'V30',
  type: 'ChildWentMissing',
  asOf: '2026-03-02',
  subject: child('C-V30'),
  target: missingEpisode('C-V30', 'M-V30-2', '2026-02-20').went,
  effect: { rule: 'RETURN_INTERVIEW_OVERDUE', subject: 'child:C-V30', shows: 'after' },
  why: 'missing again since 20 Feb (no interview owed while missing); voided, the 3 Feb return has had no interview since',
});
openMissingCase('V31');
add({
  code: 'V31',
  type: 'ChildReturned',
  asOf: '2026-03-02',
  subject: child('C-V31'),
  target: missingEpisode('C-V31', 'M-V31-1', '2026-02-02', '2026-02-03').returned!,
  effect: { rule: 'RETURN_INTERVIEW_OVERDUE', subject: 'child:C-V31', shows: 'before' },
  why: 'back on 3 Feb with no interview offered; voided, the child is still missing',
});
openMissingCase('V32');
missingEpisode('C-V32', 'M-V32-1', '2026-02-02', '2026-02-03');
add({
  code: 'V32',
  type: 'ReturnInterviewOffered',
  asOf: '2026-03-02',
  subject: child('C-V32'),
  target: h.record('ReturnInterviewOffered', '2026-02-04', { childId: 'C-V32', episodeId: 'M-V32-1', accepted: false }),
  effect: { rule: 'RETURN_INTERVIEW_OVERDUE', subject: 'child:C-V32', shows: 'after' },
  why: 'an interview offered the day after the return (due by 6 Feb)',
});
h.register('C-V33', '2024-12-02', '2008-03');
h.lookedAfter('C-V33', '2025-01-06');
h.record('CeasedLookedAfter', '2025-06-02', { childId: 'C-V33', reason: 'independent_living' });
add({
  code: 'V33',
  type: 'CareLeaverContactRecorded',
  asOf: '2026-03-02',
  subject: child('C-V33'),
  target: h.record('CareLeaverContactRecorded', '2026-01-05', { childId: 'C-V33', inTouch: 'no' }),
  effect: { rule: 'CARE_LEAVER_NOT_IN_TOUCH', subject: 'child:C-V33', shows: 'before' },
  why: 'not in touch since 5 Jan (28 days allowed); voided, nothing is recorded of their contact',
});

h.register('C-V34', '2025-12-01', '2014-01');
h.lookedAfter('C-V34', '2026-01-05', 'V4');
add({
  code: 'V34',
  type: 'LegalStatusChanged',
  asOf: '2026-03-02',
  subject: child('C-V34'),
  target: h.record('LegalStatusChanged', '2026-01-19', { childId: 'C-V34', legalStatus: 'C2' }),
  effect: { rule: 'HEALTH_ASSESSMENT_OVERDUE', subject: 'child:C-V34', shows: 'before' },
  why: 'short breaks became a care order on 19 Jan, owing a health assessment by 16 Feb; voided, the child is on short breaks, which owe none',
});

h.register('C-V35', '2024-12-02', '2016-01');
h.record('ChildProtectionPlanStarted', '2025-01-06', { childId: 'C-V35', category: 'emotional_abuse' });
add({
  code: 'V35',
  type: 'ChildProtectionCategoryChanged',
  asOf: '2026-03-02',
  subject: child('C-V35'),
  target: h.record('ChildProtectionCategoryChanged', '2025-02-03', { childId: 'C-V35', category: 'neglect' }),
  effect: { rule: 'NEGLECT_ESCALATION_DELAY', subject: 'child:C-V35', shows: 'before' },
  why: 'the plan has been for neglect since 3 Feb 2025, over 12 months with no PLO; voided, it is for emotional abuse',
});

h.register('C-V36', '2024-08-01', '2014-01');
h.lookedAfter('C-V36', '2024-09-02');
add({
  code: 'V36',
  type: 'StrengthsAndDifficultiesRecorded',
  asOf: '2026-03-02',
  subject: child('C-V36'),
  target: h.record('StrengthsAndDifficultiesRecorded', '2025-09-01', { childId: 'C-V36', score: 12 }),
  effect: { rule: 'SDQ_OVERDUE', subject: 'child:C-V36', shows: 'after' },
  why: 'a questionnaire on 1 Sep 2025 (next due 1 Sep 2026); without it, none in 12 months of care (due 2 Sep 2025)',
});

h.register('C-V37', '2025-12-01', '2015-01');
add({
  code: 'V37',
  type: 'ChildInNeedPlanStarted',
  asOf: '2026-03-02',
  subject: child('C-V37'),
  target: h.record('ChildInNeedPlanStarted', '2026-01-05', { childId: 'C-V37' }),
  why: 'no rule reads child in need plans yet (they feed the Annex A and CIN census lists): its void changes no flag',
});
h.register('C-V38', '2025-12-01', '2015-01');
h.record('ChildInNeedPlanStarted', '2026-01-05', { childId: 'C-V38' });
add({
  code: 'V38',
  type: 'ChildInNeedPlanEnded',
  asOf: '2026-03-02',
  subject: child('C-V38'),
  target: h.record('ChildInNeedPlanEnded', '2026-02-02', { childId: 'C-V38' }),
  why: 'no rule reads child in need plans yet: its void changes no flag',
});

h.register('C-V39', '2025-01-06', '2015-01');
h.lookedAfter('C-V39', '2025-02-03');
add({
  code: 'V39',
  type: 'AnnualHealthReturnRecorded',
  asOf: '2026-03-31',
  subject: child('C-V39'),
  target: h.record('AnnualHealthReturnRecorded', '2026-03-31', { childId: 'C-V39', healthAssessmentUpToDate: true, teethChecked: true, immunisationsUpToDate: true }),
  why: "the dated health and dental rules do not read a year's assertions: its void changes no flag",
});

/** Voids the domain refuses (409), because the timeline would no longer hold together. */
interface RefusedVoid {
  name: string;
  target: string;
  subject: { type: 'child' | 'worker'; id: string };
  message: string;
}
const REFUSED: RefusedVoid[] = [];
const mR1 = managerOf('VR1');
h.register('C-VR1', '2025-12-01', '2014-01');
REFUSED.push({ name: 'a CaseAllocated before a CaseClosed that needs the case open', target: h.allocate('C-VR1', mR1, 'T-VR1', '2026-01-05'), subject: child('C-VR1'), message: 'CaseClosed' });
h.close('C-VR1', '2026-02-02');
h.register('C-VR2', '2025-12-01', '2014-01');
h.lookedAfter('C-VR2', '2026-01-05');
REFUSED.push({ name: 'a PlacementStarted with a later PlacementEnded', target: h.place('C-VR2', 'P-VR2', '2026-01-05', { registered: false }), subject: child('C-VR2'), message: 'PlacementEnded' });
h.endPlacement('C-VR2', 'P-VR2', '2026-02-02');
REFUSED.push({ name: 'a ChildRegistered with later events of the child', target: h.register('C-VR3', '2025-12-01', '2014-01'), subject: child('C-VR3'), message: 'ReferralReceived' });
h.record('ReferralReceived', '2026-01-05', { childId: 'C-VR3', source: 'police', concerns: ['neglect'] });
REFUSED.push({ name: 'a WorkerJoined with a later supervision', target: h.join('W-VR4', 'T-VR4', '2026-01-05'), subject: worker('W-VR4'), message: 'SupervisionHeld' });
h.supervise('W-VR4', '2026-02-02', 'W-VR4S', 90, true);

const TARGETS = new Set(CASES.map((c) => c.target));
const voided = { dir: tempDataDir('practice-audit-voided-'), t: undefined as unknown as TestApp };
const without = { dir: tempDataDir('practice-audit-without-'), t: undefined as unknown as TestApp };

beforeAll(async () => {
  [voided.t, without.t] = await Promise.all([startTestApp(voided.dir), startTestApp(without.dir)]);
  await Promise.all([recordHistory(voided.t, h, BEFORE_VOIDS), recordHistory(without.t, { events: h.events.filter((e) => !TARGETS.has(e.request.eventId)) }, BEFORE_VOIDS)]);
  voided.t.clock.set(`${TODAY}T12:00:00Z`);
  without.t.clock.set(`${TODAY}T12:00:00Z`);
});

afterAll(async () => {
  await Promise.all([voided.t?.close(), without.t?.close()]);
  for (const { dir } of [voided, without]) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every flag of the case's own subjects (children, workers, teams whose ids carry its code), whole. */
const caseFlags = async (t: TestApp, code: string, query: string) => (await getFlags(t, query)).filter((f) => f.subject.id.slice(2).startsWith(code));
const has = (flags: FlagBody[], e: Effect) => flags.some((f) => f.rule === e.rule && `${f.subject.type}:${f.subject.id}` === e.subject);
const voidEvent = (target: string) => post(`${voided.t.url}/events`, { type: 'EventVoided', occurredAt: TODAY, data: { eventId: target, reason: REASON } });
const historyOf = async (t: TestApp, s: { type: 'child' | 'worker'; id: string }) =>
  (
    await get<{ events: { eventId: string; type: string; data: Record<string, unknown>; voided?: { reason: string } }[] }>(
      `${t.url}/${s.type === 'child' ? `children/${s.id}/timeline` : `workers/${s.id}`}`,
    )
  ).body.events;
const storedCount = () => voided.t.app.get<EventStore>(EVENT_STORE).count();

describe('voiding an event removes exactly its effect', () => {
  it('has a case for every event type of the catalogue but EventVoided', () => {
    expect(CASES.map((c) => c.type).sort()).toEqual(EVENT_TYPES.filter((t) => t !== 'EventVoided').sort());
  });

  it.each(CASES)('$type ($code): $why', async (c) => {
    const query = `asOf=${c.asOf}`;
    const before = await caseFlags(voided.t, c.code, query);
    const res = await voidEvent(c.target);
    expect(res.status).toBe(201);

    const after = await caseFlags(voided.t, c.code, query);
    expect(after).toEqual(await caseFlags(without.t, c.code, query));
    if (c.effect) {
      expect(after).not.toEqual(before);
      expect({ before: has(before, c.effect), after: has(after, c.effect) }).toEqual({ before: c.effect.shows === 'before', after: c.effect.shows === 'after' });
    } else {
      expect(after).toEqual(before);
    }
    // What was known before the void was recorded is unchanged.
    expect(await caseFlags(voided.t, c.code, `${query}&knownAt=${BEFORE_VOIDS}`)).toEqual(before);

    // The trail keeps both: the event, marked voided with the reason, and the void naming it.
    const events = await historyOf(voided.t, c.subject);
    expect(events.find((e) => e.eventId === c.target)?.voided).toMatchObject({ reason: REASON });
    expect(events.filter((e) => e.voided).map((e) => e.eventId)).toEqual([c.target]);
    expect(events.filter((e) => e.type === 'EventVoided').map((e) => e.data.eventId)).toEqual([c.target]);
  });

  describe('a refused void changes nothing', () => {
    it.each(REFUSED)('voiding $name is refused (409)', async (r) => {
      const flags = await getFlags(voided.t, 'asOf=2026-03-31');
      const count = await storedCount();
      const res = await voidEvent(r.target);
      expect(res.status).toBe(409);
      expect(res.body.message.join(' ')).toContain(r.message);
      expect(await storedCount()).toBe(count);
      expect(await getFlags(voided.t, 'asOf=2026-03-31')).toEqual(flags);
      expect((await historyOf(voided.t, r.subject)).some((e) => e.voided || e.type === 'EventVoided')).toBe(false);
    });

    it('voiding an event already voided is refused (409)', async () => {
      const count = await storedCount();
      const res = await voidEvent(CASES.find((c) => c.code === 'V06')!.target);
      expect(res.status).toBe(409);
      expect(await storedCount()).toBe(count);
    });
  });

  it('leaves the whole authority with exactly the flags of the history recorded without the voided events', async () => {
    for (const asOf of ['2026-03-02', '2026-03-05', '2026-03-31', TODAY]) {
      const both = await Promise.all([getFlags(voided.t, `asOf=${asOf}`), getFlags(without.t, `asOf=${asOf}`)]);
      expect({ asOf, flags: both[0] }).toEqual({ asOf, flags: both[1] });
    }
    // Known before the voids, the authority still shows what was recorded then.
    const known = await getFlags(voided.t, `asOf=2026-03-31&knownAt=${BEFORE_VOIDS}`);
    expect(known).not.toEqual(await getFlags(without.t, 'asOf=2026-03-31'));
  });
});
