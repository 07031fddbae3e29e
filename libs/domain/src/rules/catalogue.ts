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
];

export const RULE_IDS = RULES.map((r) => r.rule);

export const RULE_FINDINGS = Object.fromEntries(RULES.map((r) => [r.rule, r.finding])) as Record<RuleId, string>;
