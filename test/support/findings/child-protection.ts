import { addDays } from '@app/domain';
import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Child protection, team T-CP (manager W-CM oversees every decision), 2025–2026.
 * C-CP01: a plan from 12 Jan with a five-week gap in visits in February (the
 * 16 Mar visit logged a fortnight late); a late-evening visit on 30 Jun (UTC) is
 * 1 Jul in London. C-CP02: a neglect plan whose six-monthly review is missed in July.
 * C-CP03: re-referred for domestic abuse, a strategy discussion with no safety plan.
 * C-CP04: a disabled child whose disabled-children assessment drags on (found in an
 * audit in April). C-CP05: an assessment overdue in March, completed in April but
 * logged in May, and a section 47 enquiry that concluded no conference was needed.
 * C-CP06: a plan logged three weeks late; its first review is late. C-CP07: a section
 * 47 enquiry from 2 Mar whose initial conference (1 Apr, a week late) is logged on 14 Apr.
 * C-CP08: an enquiry from 14 Apr, logged on 5 May, whose conference waits until 1 Jun.
 */
const h = new History('W-CM');

h.join('W-CM', 'T-CP', '2025-01-06', 'team_manager');
h.join('W-C1', 'T-CP', '2025-01-06');
h.join('W-C2', 'T-CP', '2025-01-06');

const conference = (c: string, kind: string, on: string, recordedOn?: string) =>
  h.record('ChildProtectionConferenceHeld', on, { childId: c, kind }, { recordedOn, label: `${kind} conference ${c} ${on}` });
const cpPlan = (c: string, category: string, on: string, recordedOn?: string) => h.record('ChildProtectionPlanStarted', on, { childId: c, category }, { recordedOn });
const referral = (c: string, on: string, source: string, concerns: string[], recordedOn?: string) => h.record('ReferralReceived', on, { childId: c, source, concerns }, { recordedOn });
const startAssessment = (c: string, assessmentId: string, kind: string, on: string, recordedOn?: string) =>
  h.record('AssessmentStarted', on, { childId: c, assessmentId, kind }, { recordedOn, label: `start ${assessmentId}` });
const completeAssessment = (c: string, assessmentId: string, on: string, recordedOn?: string, outcome: { initialConferenceNeeded?: boolean } = {}) =>
  h.record('AssessmentCompleted', on, { childId: c, assessmentId, ...outcome }, { recordedOn, label: `complete ${assessmentId}` });
const strategy = (c: string, on: string) => h.record('StrategyDiscussionHeld', on, { childId: c, initialSafetyPlanAgreed: true });

// C-CP01
h.register('C-CP01', '2026-01-05', '2018-02');
h.allocate('C-CP01', 'W-C1', 'T-CP', '2026-01-05');
conference('C-CP01', 'initial', '2026-01-12');
cpPlan('C-CP01', 'emotional_abuse', '2026-01-12');
for (const on of ['2026-01-12', '2026-01-26', '2026-02-05']) h.visit('C-CP01', 'W-C1', on);
h.visit('C-CP01', 'W-C1', '2026-03-16', { recordedOn: '2026-03-30' });
for (const on of ['2026-03-27', '2026-04-09', '2026-04-23', '2026-05-07', '2026-05-21', '2026-06-04', '2026-06-17']) h.visit('C-CP01', 'W-C1', on);
h.visit('C-CP01', 'W-C1', '2026-06-30T23:30:00Z', { recordedOn: '2026-07-01', label: 'ChildVisited C-CP01 2026-07-01 (London)' });
h.visit('C-CP01', 'W-C1', '2026-07-23');
conference('C-CP01', 'review', '2026-04-09');

// C-CP02: visited every fortnight; reviewed on 5 Jan, then not again.
h.register('C-CP02', '2025-10-01', '2016-09');
h.allocate('C-CP02', 'W-C1', 'T-CP', '2025-10-01');
conference('C-CP02', 'initial', '2025-10-06');
cpPlan('C-CP02', 'neglect', '2025-10-06');
for (let on = '2025-10-06'; on <= '2026-07-27'; on = addDays(on, 14)) h.visit('C-CP02', 'W-C1', on);
conference('C-CP02', 'review', '2026-01-05');

// C-CP03: referred in July 2025 (closed after), re-referred 9 Mar 2026 (logged 16 Mar) and 11 May (logged 1 Jun).
h.register('C-CP03', '2025-07-14', '2012-11');
referral('C-CP03', '2025-07-14', 'police', ['domestic_abuse']);
h.allocate('C-CP03', 'W-C2', 'T-CP', '2025-07-14');
h.close('C-CP03', '2025-09-01');
referral('C-CP03', '2026-03-09', 'police', ['domestic_abuse'], '2026-03-16');
h.allocate('C-CP03', 'W-C2', 'T-CP', '2026-03-09', { recordedOn: '2026-03-16' });
h.record('StrategyDiscussionHeld', '2026-03-10', { childId: 'C-CP03', initialSafetyPlanAgreed: false }, { recordedOn: '2026-03-17' });
h.record('StrategyDiscussionHeld', '2026-03-24', { childId: 'C-CP03', initialSafetyPlanAgreed: true });
referral('C-CP03', '2026-05-11', 'school', ['domestic_abuse', 'emotional_abuse'], '2026-06-01');

// C-CP04: disabled; the disabled-children assessment (2 Feb) only reaches the system on 20 Apr.
h.register('C-CP04', '2026-01-05', '2015-05', { disabled: true });
h.allocate('C-CP04', 'W-C2', 'T-CP', '2026-01-05');
startAssessment('C-CP04', 'A-CP04-DC', 'disabled_children', '2026-02-02', '2026-04-20');
startAssessment('C-CP04', 'A-CP04-CF', 'child_and_family', '2026-02-16');
completeAssessment('C-CP04', 'A-CP04-CF', '2026-05-29');
completeAssessment('C-CP04', 'A-CP04-DC', '2026-07-10');

// C-CP05
h.register('C-CP05', '2026-01-05', '2017-12');
h.allocate('C-CP05', 'W-C2', 'T-CP', '2026-01-05');
startAssessment('C-CP05', 'A-CP05-CF', 'child_and_family', '2026-01-05');
startAssessment('C-CP05', 'A-CP05-S47', 'section_47', '2026-03-02');
completeAssessment('C-CP05', 'A-CP05-S47', '2026-03-27', undefined, { initialConferenceNeeded: false });
completeAssessment('C-CP05', 'A-CP05-CF', '2026-04-24', '2026-05-11');

// C-CP06: conference, plan and first visit (10 Feb) logged on 2 Mar; the first review (20 May) logged on 1 Jun.
h.register('C-CP06', '2026-01-05', '2020-10');
h.allocate('C-CP06', 'W-C1', 'T-CP', '2026-01-05');
conference('C-CP06', 'initial', '2026-02-10', '2026-03-02');
cpPlan('C-CP06', 'physical_abuse', '2026-02-10', '2026-03-02');
h.visit('C-CP06', 'W-C1', '2026-02-10', { recordedOn: '2026-03-02' });
for (const on of ['2026-03-06', '2026-03-20', '2026-04-02', '2026-04-16', '2026-04-30', '2026-05-14', '2026-05-28', '2026-06-11', '2026-06-25', '2026-07-09', '2026-07-23']) {
  h.visit('C-CP06', 'W-C1', on);
}
conference('C-CP06', 'review', '2026-05-20', '2026-06-01');

// C-CP07: strategy discussion and enquiry on Monday 2 Mar; the 15th working day after is 23 Mar.
h.register('C-CP07', '2026-02-27', '2019-06');
h.allocate('C-CP07', 'W-C2', 'T-CP', '2026-02-27');
strategy('C-CP07', '2026-03-02');
startAssessment('C-CP07', 'A-CP07-S47', 'section_47', '2026-03-02');
completeAssessment('C-CP07', 'A-CP07-S47', '2026-03-20', undefined, { initialConferenceNeeded: true });
conference('C-CP07', 'initial', '2026-04-01', '2026-04-14');

// C-CP08: strategy discussion on Tuesday 14 Apr (the enquiry logged on 5 May); the 15th working day after,
// skipping the early May bank holiday, is 6 May.
h.register('C-CP08', '2026-04-13', '2014-01');
h.allocate('C-CP08', 'W-C1', 'T-CP', '2026-04-13');
strategy('C-CP08', '2026-04-14');
startAssessment('C-CP08', 'A-CP08-S47', 'section_47', '2026-04-14', '2026-05-05');
completeAssessment('C-CP08', 'A-CP08-S47', '2026-05-01', '2026-05-05', { initialConferenceNeeded: true });
conference('C-CP08', 'initial', '2026-06-01');

const CP04_BOTH = ['start A-CP04-CF', 'start A-CP04-DC'];

export const childProtection: Story = {
  name: 'child protection: visits, reviews, strategy discussions, repeat referrals, assessments',
  today: '2026-07-31',
  rules: ['CP_VISIT_OVERDUE', 'CP_REVIEW_OVERDUE', 'INITIAL_CONFERENCE_OVERDUE', 'STRATEGY_WITHOUT_SAFETY_PLAN', 'REPEAT_REFERRAL', 'ASSESSMENT_OVERDUE', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    '2026-03-10': [
      // Started 5 Jan; the 45th working day after is 9 Mar; 46 working days on 10 Mar: 1 day, amber (red after 90).
      ['ASSESSMENT_OVERDUE', 'child:C-CP05', '2026-03-09', 1, 'amber', ['start A-CP05-CF']],
      // C-CP01 last visited 5 Feb; the 15th working day after is 26 Feb; 23 working days on 10 Mar (≤ 30): amber, 12 days.
      // C-CP02 visited 9 Mar; C-CP06 visited 6 Mar. No review is due yet (C-CP01 12 Apr, C-CP02 5 Jul, C-CP06 10 May).
      ['CP_VISIT_OVERDUE', 'child:C-CP01', '2026-02-26', 12, 'amber', ['ChildVisited C-CP01 2026-02-05']],
      // Referrals 14 Jul 2025 and 9 Mar 2026 within 12 months: since 9 Mar, 1 day.
      ['REPEAT_REFERRAL', 'child:C-CP03', '2026-03-09', 1, 'amber', ['ReferralReceived C-CP03 2025-07-14', 'ReferralReceived C-CP03 2026-03-09']],
      ['STRATEGY_WITHOUT_SAFETY_PLAN', 'child:C-CP03', '2026-03-10', 0, 'amber', ['StrategyDiscussionHeld C-CP03 2026-03-10']],
    ],
    '2026-05-15': [
      // Both of C-CP04's assessments are overdue (DC since 8 Apr, CF since 22 Apr): one flag, for the oldest
      // (disabled_children), 37 days, 71 working days (≤ 90): amber; both are evidence. C-CP05's are completed.
      ['ASSESSMENT_OVERDUE', 'child:C-CP04', '2026-04-08', 37, 'amber', CP04_BOTH],
      // Initial conference 10 Feb + 3 months = 10 May; the review came on 20 May: 5 days.
      ['CP_REVIEW_OVERDUE', 'child:C-CP06', '2026-05-10', 5, 'amber', ['initial conference C-CP06 2026-02-10']],
      // C-CP08's enquiry needs a conference: 22 working days since the 14 Apr strategy discussion (≤ 30), due 6 May: 9 days.
      ['INITIAL_CONFERENCE_OVERDUE', 'child:C-CP08', '2026-05-06', 9, 'amber', ['StrategyDiscussionHeld C-CP08 2026-04-14', 'start A-CP08-S47']],
      // Three referrals in 12 months: red; the breach unbroken since 9 Mar.
      ['REPEAT_REFERRAL', 'child:C-CP03', '2026-03-09', 67, 'red', ['ReferralReceived C-CP03 2025-07-14', 'ReferralReceived C-CP03 2026-03-09', 'ReferralReceived C-CP03 2026-05-11']],
      // Window from 15 Feb: 10 Mar (no plan) and 24 Mar (plan): flagged for 10 Mar, 66 days.
      ['STRATEGY_WITHOUT_SAFETY_PLAN', 'child:C-CP03', '2026-03-10', 66, 'amber', ['StrategyDiscussionHeld C-CP03 2026-03-10']],
    ],
    '2026-07-22': [
      // C-CP02 reviewed 5 Jan + 6 months = 5 Jul; 17 days.
      ['CP_REVIEW_OVERDUE', 'child:C-CP02', '2026-07-05', 17, 'amber', ['review conference C-CP02 2026-01-05']],
      // C-CP01's last visit is 1 Jul in London (30 Jun 23:30 UTC): 15 working days to 22 Jul, not more. Counted from
      // 30 Jun it would be 16, overdue.
      // The 14 Jul 2025 referral has left the window: two remain, amber, still since 9 Mar.
      ['REPEAT_REFERRAL', 'child:C-CP03', '2026-03-09', 135, 'amber', ['ReferralReceived C-CP03 2026-03-09', 'ReferralReceived C-CP03 2026-05-11']],
      // Both assessments completed; no strategy discussion since 24 Apr.
    ],
  },
  knownAt: [
    {
      rule: 'INITIAL_CONFERENCE_OVERDUE',
      direction: 'forward',
      asOf: '2026-05-15',
      knownAt: '2026-04-30',
      flag: ['INITIAL_CONFERENCE_OVERDUE', 'child:C-CP08', '2026-05-06', 9, 'amber', ['StrategyDiscussionHeld C-CP08 2026-04-14', 'start A-CP08-S47']],
      why: "C-CP08's section 47 enquiry (14 Apr) was logged on 5 May",
    },
    {
      rule: 'INITIAL_CONFERENCE_OVERDUE',
      direction: 'reverse',
      asOf: '2026-04-08',
      knownAt: '2026-04-08',
      // 25 working days since 2 Mar (Good Friday and Easter Monday skipped), due 23 Mar: 16 days, amber.
      flag: ['INITIAL_CONFERENCE_OVERDUE', 'child:C-CP07', '2026-03-23', 16, 'amber', ['StrategyDiscussionHeld C-CP07 2026-03-02', 'start A-CP07-S47']],
      why: "C-CP07's initial conference (1 Apr) was logged on 14 Apr",
    },
    {
      rule: 'CP_VISIT_OVERDUE',
      direction: 'forward',
      asOf: '2026-03-05',
      knownAt: '2026-03-01',
      // Visited 10 Feb; the 15th working day after is 3 Mar; 17 working days on 5 Mar: 2 days.
      flag: ['CP_VISIT_OVERDUE', 'child:C-CP06', '2026-03-03', 2, 'amber', ['ChildVisited C-CP06 2026-02-10']],
      why: "C-CP06's plan (10 Feb) was logged on 2 Mar",
    },
    {
      rule: 'CP_VISIT_OVERDUE',
      direction: 'reverse',
      asOf: '2026-03-20',
      knownAt: '2026-03-20',
      // Not knowing the 16 Mar visit: 31 working days since 5 Feb, more than 30: red; 22 days.
      flag: ['CP_VISIT_OVERDUE', 'child:C-CP01', '2026-02-26', 22, 'red', ['ChildVisited C-CP01 2026-02-05']],
      why: "C-CP01's 16 Mar visit was logged on 30 Mar",
    },
    {
      rule: 'CP_REVIEW_OVERDUE',
      direction: 'forward',
      asOf: '2026-05-15',
      knownAt: '2026-03-01',
      flag: ['CP_REVIEW_OVERDUE', 'child:C-CP06', '2026-05-10', 5, 'amber', ['initial conference C-CP06 2026-02-10']],
      why: "C-CP06's conference and plan (10 Feb) were logged on 2 Mar",
    },
    {
      rule: 'CP_REVIEW_OVERDUE',
      direction: 'reverse',
      asOf: '2026-05-25',
      knownAt: '2026-05-25',
      flag: ['CP_REVIEW_OVERDUE', 'child:C-CP06', '2026-05-10', 15, 'amber', ['initial conference C-CP06 2026-02-10']],
      why: "C-CP06's first review (20 May) was logged on 1 Jun",
    },
    {
      rule: 'ASSESSMENT_OVERDUE',
      direction: 'forward',
      asOf: '2026-04-10',
      knownAt: '2026-04-15',
      // The DC assessment: 47 working days on 10 Apr, due 8 Apr: 2 days. The CF one (due 22 Apr) is not overdue.
      flag: ['ASSESSMENT_OVERDUE', 'child:C-CP04', '2026-04-08', 2, 'amber', ['start A-CP04-DC']],
      why: "C-CP04's disabled-children assessment (2 Feb) was logged on 20 Apr",
    },
    {
      rule: 'ASSESSMENT_OVERDUE',
      direction: 'reverse',
      asOf: '2026-05-05',
      knownAt: '2026-05-05',
      // Not knowing the completion: 83 working days since 5 Jan (≤ 90), due 9 Mar: 57 days.
      flag: ['ASSESSMENT_OVERDUE', 'child:C-CP05', '2026-03-09', 57, 'amber', ['start A-CP05-CF']],
      why: "C-CP05's completion (24 Apr) was logged on 11 May",
    },
    {
      rule: 'REPEAT_REFERRAL',
      direction: 'forward',
      asOf: '2026-05-15',
      knownAt: '2026-03-13',
      flag: ['REPEAT_REFERRAL', 'child:C-CP03', '2026-03-09', 67, 'red', ['ReferralReceived C-CP03 2025-07-14', 'ReferralReceived C-CP03 2026-03-09', 'ReferralReceived C-CP03 2026-05-11']],
      why: 'the re-referrals of 9 Mar and 11 May were logged on 16 Mar and 1 Jun: on 13 Mar only one referral was known',
    },
    {
      rule: 'STRATEGY_WITHOUT_SAFETY_PLAN',
      direction: 'forward',
      asOf: '2026-05-15',
      knownAt: '2026-03-16',
      flag: ['STRATEGY_WITHOUT_SAFETY_PLAN', 'child:C-CP03', '2026-03-10', 66, 'amber', ['StrategyDiscussionHeld C-CP03 2026-03-10']],
      why: "C-CP03's 10 Mar strategy discussion was logged on 17 Mar",
    },
  ],
};
