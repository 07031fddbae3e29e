import type { Policy } from '../policy.js';
import type { RuleId } from './flag.js';

/** What each rule answers, where its default comes from, and the thresholds in force under a policy. */
export interface RuleDefinition {
  rule: RuleId;
  subject: 'worker' | 'child' | 'team';
  description: string;
  finding: string;
  source: string;
  severity: string;
  thresholds: (policy: Policy) => Record<string, unknown>;
}

export const RULES: readonly RuleDefinition[] = [
  {
    rule: 'SUPERVISION_OVERDUE',
    subject: 'worker',
    description: "A case-holding worker's last supervision (or, with none yet, their joining) is older than the interval",
    finding: 'Social workers not regularly supervised (2014 inspection; 2022 inspection ¶46)',
    source: 'LGA Standards for Employers of Social Workers, Standard 5; newly qualified schedule per the ASYE framework',
    severity: 'red when overdue by more than the interval again',
    thresholds: (p) => p.supervision,
  },
  {
    rule: 'SUPERVISION_NOT_REFLECTIVE',
    subject: 'worker',
    description: 'In the trailing window, at least the minimum number of sessions and fewer than half of them reflective and at least the minimum length',
    finding: 'Supervision not reflective and not used well (2014 inspection; 2022 inspection ¶46)',
    source: 'LGA Standards for Employers of Social Workers, Standard 5 (1.5 hours)',
    severity: 'red when no session in the window was reflective and long enough',
    thresholds: (p) => p.reflectiveSupervision,
  },
  {
    rule: 'CASELOAD_HIGH',
    subject: 'worker',
    description: 'Open allocated cases per FTE above the limit (newly qualified: lower limit)',
    finding: 'Social workers have too much work (2018 inspection; 2022 inspection ¶36, ¶45)',
    source: 'Typical LA policy; DfE children’s social work workforce 2023: 16.0 cases per FTE on average',
    severity: 'red above twice the limit',
    thresholds: (p) => p.caseload,
  },
  {
    rule: 'TEAM_CASELOAD_HIGH',
    subject: 'team',
    description: "A team's open cases per case-holding FTE above the limit",
    finding: 'Higher caseloads in some teams, staff working extra hours (2022 inspection ¶45)',
    source: 'Typical LA policy',
    severity: 'red above twice the limit, or cases with no case-holding staff',
    thresholds: (p) => p.teamCaseload,
  },
  {
    rule: 'SOCIAL_WORKER_CHANGES',
    subject: 'child',
    description: 'A child with an open case had this many or more changes of allocated worker in the trailing window',
    finding: 'Too many changes of social worker (2018 inspection)',
    source: 'Typical LA policy',
    severity: 'red at twice the number of changes',
    thresholds: (p) => p.socialWorkerChanges,
  },
  {
    rule: 'PRE_PROCEEDINGS_OVERDUE',
    subject: 'child',
    description: 'In PLO pre-proceedings for longer than the limit',
    finding: 'A significant proportion of children in pre-proceedings for a lengthy period (2022 inspection ¶8)',
    source: 'Public Law Outline guidance (16 weeks)',
    severity: 'red when over by more than the limit again',
    thresholds: (p) => p.preProceedings,
  },
  {
    rule: 'CARE_PROCEEDINGS_OVERDUE',
    subject: 'child',
    description: 'In care proceedings for longer than the limit',
    finding: 'Care proceedings beyond the statutory 26 weeks',
    source: 'Children and Families Act 2014 s14 (26 weeks)',
    severity: 'red when over by more than the limit again',
    thresholds: (p) => p.careProceedings,
  },
  {
    rule: 'NEGLECT_ESCALATION_DELAY',
    subject: 'child',
    description: 'On a child protection plan for neglect continuously for longer than the limit, never entering the PLO during it',
    finding: 'Long-term neglect: decisions too adult-focused, children left too long (2022 inspection ¶8, ¶35)',
    source: 'Typical LA policy (12 months)',
    severity: 'red when over by as long again',
    thresholds: (p) => p.neglectEscalation,
  },
  {
    rule: 'CP_VISIT_OVERDUE',
    subject: 'child',
    description: 'On a child protection plan and not visited for more than the limit in working days (from the plan start when never visited)',
    finding: 'Children on child protection plans not visited often enough (2022 inspection ¶9)',
    source: 'Pan-Lancashire child protection procedures: 15 working days (some LAs use 10)',
    severity: 'red after twice the limit',
    thresholds: (p) => p.cpVisits,
  },
  {
    rule: 'CP_REVIEW_OVERDUE',
    subject: 'child',
    description: 'First review conference more than the first limit after the initial conference, later reviews further apart than the review limit',
    finding: 'Child protection reviews not timely',
    source: 'Working Together to Safeguard Children 2023 (3 months, then 6 months)',
    severity: 'red when over by as long again',
    thresholds: (p) => p.cpReviews,
  },
  {
    rule: 'ASSESSMENT_OVERDUE',
    subject: 'child',
    description: 'An assessment open for longer than the limit in working days; the flag carries its kind (disabled_children reported separately)',
    finding: 'Delays in assessments, particularly for disabled children (2022 inspection ¶10)',
    source: 'Working Together to Safeguard Children 2023 (45 working days)',
    severity: 'red after twice the limit',
    thresholds: (p) => p.assessments,
  },
  {
    rule: 'UNREGISTERED_PLACEMENT',
    subject: 'child',
    description: "The child's current placement is not registered",
    finding: 'Oversight of children in unregistered placements not robust (2022 inspection ¶29, ¶42)',
    source: 'Care Standards Act 2000; Ofsted registration',
    severity: 'always red',
    thresholds: () => ({}),
  },
  {
    rule: 'PLACEMENT_NOT_MEETING_NEEDS',
    subject: 'child',
    description: "The child's current placement does not meet their assessed needs",
    finding: 'Children in placements that do not meet their needs (2022 inspection ¶26, ¶35, ¶43)',
    source: 'Care Planning Regulations 2010',
    severity: 'amber',
    thresholds: () => ({}),
  },
  {
    rule: 'PLACEMENT_INSTABILITY',
    subject: 'child',
    description: 'A looked-after child with this many or more placements started in the trailing window',
    finding: 'Placement instability (2022 inspection ¶27)',
    source: 'DfE placement stability indicator (3 or more placements in a year)',
    severity: 'red at twice the number of placements',
    thresholds: (p) => p.placementInstability,
  },
  {
    rule: 'PLAN_WITHOUT_CONTINGENCY',
    subject: 'child',
    description: 'The latest review of an open plan recorded no contingency plan (a plan never reviewed is not flagged)',
    finding: 'Contingency planning largely absent (2022 inspection ¶6)',
    source: 'Care Planning Regulations 2010; Working Together 2023',
    severity: 'amber',
    thresholds: () => ({}),
  },
  {
    rule: 'STRATEGY_WITHOUT_SAFETY_PLAN',
    subject: 'child',
    description: 'A strategy discussion in the trailing window agreed no initial safety plan',
    finding: 'Strategy discussions without initial safety planning (2022 inspection ¶4)',
    source: 'Working Together to Safeguard Children 2023',
    severity: 'amber',
    thresholds: (p) => p.strategyDiscussions,
  },
  {
    rule: 'REPEAT_REFERRAL',
    subject: 'child',
    description: 'A referral within the window of a previous one',
    finding: 'Repeated referrals after further domestic abuse (2022 inspection ¶3)',
    source: 'DfE re-referral measure (12 months)',
    severity: 'red at the given number of referrals in the window',
    thresholds: (p) => p.repeatReferrals,
  },
];

export const RULE_IDS = RULES.map((r) => r.rule);

export const RULE_FINDINGS = Object.fromEntries(RULES.map((r) => [r.rule, r.finding])) as Record<RuleId, string>;
