import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Children's journeys, 2025–2026, team T-J (manager W-JM oversees every decision).
 * C-J01 has four social workers in nine months; C-J02 goes back to the same worker
 * after a closure, which is not a change. C-J03 waits almost a year in pre-proceedings
 * before proceedings are issued; C-J04's care proceedings run past 26 weeks; C-J05's
 * pre-proceedings run past 16 weeks. C-J06 is on a neglect plan for over a year with
 * no escalation; C-J07's neglect plan is escalated to the PLO (logged late); C-J08's
 * long plan is for physical abuse, not neglect.
 */
const h = new History('W-JM');

h.join('W-JM', 'T-J', '2024-01-08', 'team_manager');
for (const w of ['W-J1', 'W-J2', 'W-J3', 'W-J4', 'W-J5']) h.join(w, 'T-J', '2024-01-08');

const children: [string, string][] = [
  ['C-J01', '2014-03'],
  ['C-J02', '2015-08'],
  ['C-J03', '2019-01'],
  ['C-J04', '2020-06'],
  ['C-J05', '2018-11'],
  ['C-J06', '2016-02'],
  ['C-J07', '2017-07'],
  ['C-J08', '2013-09'],
];
for (const [c, born] of children) h.register(c, '2024-02-05', born);

// C-J01: a first allocation, then three changes; the third (2 Mar 2026) is logged on 20 Mar.
h.allocate('C-J01', 'W-J1', 'T-J', '2025-06-02');
h.allocate('C-J01', 'W-J2', 'T-J', '2025-09-01');
h.allocate('C-J01', 'W-J3', 'T-J', '2025-12-01');
h.allocate('C-J01', 'W-J4', 'T-J', '2026-03-02', { recordedOn: '2026-03-20' });

// C-J02: W-J1, closed, reopened with W-J1 again (not a change), then two changes.
h.allocate('C-J02', 'W-J1', 'T-J', '2025-10-01');
h.close('C-J02', '2025-12-01');
h.allocate('C-J02', 'W-J1', 'T-J', '2026-01-05');
h.allocate('C-J02', 'W-J2', 'T-J', '2026-02-02');
h.allocate('C-J02', 'W-J3', 'T-J', '2026-03-02');

const plo = (c: string, stage: string, on: string, recordedOn?: string) => h.record('PloStageEntered', on, { childId: c, stage }, { recordedOn });
const ploExit = (c: string, stage: string, outcome: string, on: string, recordedOn?: string) => h.record('PloStageExited', on, { childId: c, stage, outcome }, { recordedOn });
const cpPlan = (c: string, category: string, on: string, recordedOn?: string) => h.record('ChildProtectionPlanStarted', on, { childId: c, category }, { recordedOn });

h.allocate('C-J03', 'W-J5', 'T-J', '2025-05-06');
plo('C-J03', 'pre_proceedings', '2025-06-02');
ploExit('C-J03', 'pre_proceedings', 'proceedings_issued', '2026-05-11');
plo('C-J03', 'care_proceedings', '2026-05-11');

// C-J04's entry into care proceedings is logged five weeks late.
h.allocate('C-J04', 'W-J5', 'T-J', '2025-08-04');
plo('C-J04', 'care_proceedings', '2025-09-01', '2025-10-06');
ploExit('C-J04', 'care_proceedings', 'order_made', '2026-07-20');

// C-J05: entry logged six weeks late; the step-down three weeks late.
h.allocate('C-J05', 'W-J5', 'T-J', '2025-12-01');
plo('C-J05', 'pre_proceedings', '2026-01-05', '2026-02-16');
ploExit('C-J05', 'pre_proceedings', 'stepped_down', '2026-07-13', '2026-08-03');

// C-J06: a neglect plan since 3 Mar 2025 (logged 14 Apr 2025), never escalated.
h.allocate('C-J06', 'W-J5', 'T-J', '2025-02-03');
cpPlan('C-J06', 'neglect', '2025-03-03', '2025-04-14');

// C-J07: a neglect plan since 3 Feb 2025, escalated to pre-proceedings on 16 Feb 2026 (logged 16 Mar), stepped down 18 May.
h.allocate('C-J07', 'W-J5', 'T-J', '2025-01-13');
cpPlan('C-J07', 'neglect', '2025-02-03');
plo('C-J07', 'pre_proceedings', '2026-02-16', '2026-03-16');
ploExit('C-J07', 'pre_proceedings', 'stepped_down', '2026-05-18');

h.allocate('C-J08', 'W-J5', 'T-J', '2024-12-02');
cpPlan('C-J08', 'physical_abuse', '2025-01-06');

const J01_CHANGES = ['CaseAllocated C-J01 2025-09-01', 'CaseAllocated C-J01 2025-12-01', 'CaseAllocated C-J01 2026-03-02'];

export const journeys: Story = {
  name: "children's journeys: changes of social worker, the PLO, neglect escalation",
  today: '2026-09-01',
  rules: ['SOCIAL_WORKER_CHANGES', 'PRE_PROCEEDINGS_OVERDUE', 'CARE_PROCEEDINGS_OVERDUE', 'NEGLECT_ESCALATION_DELAY', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    '2026-04-01': [
      // 1 Sep 2025 + 26 weeks (182 days) = 2 Mar 2026; 30 days, amber (red after 182 more).
      ['CARE_PROCEEDINGS_OVERDUE', 'child:C-J04', '2026-03-02', 30, 'amber', ['PloStageEntered C-J04 2025-09-01']],
      // 3 Mar 2025 + 12 months = 3 Mar 2026; 29 days. C-J07 entered the PLO during its plan; C-J08's is not neglect.
      ['NEGLECT_ESCALATION_DELAY', 'child:C-J06', '2026-03-03', 29, 'amber', ['ChildProtectionPlanStarted C-J06 2025-03-03']],
      // 2 Jun 2025 + 16 weeks (112 days) = 22 Sep 2025; 191 days, more than 112 over: red.
      // C-J05 (due 27 Apr) and C-J07 (due 8 Jun) are not yet over.
      ['PRE_PROCEEDINGS_OVERDUE', 'child:C-J03', '2025-09-22', 191, 'red', ['PloStageEntered C-J03 2025-06-02']],
      // Changes on 1 Sep, 1 Dec, 2 Mar in the trailing 365 days: 3 since 2 Mar; 30 days. C-J02 has two.
      ['SOCIAL_WORKER_CHANGES', 'child:C-J01', '2026-03-02', 30, 'amber', J01_CHANGES],
    ],
    '2026-06-30': [
      ['CARE_PROCEEDINGS_OVERDUE', 'child:C-J04', '2026-03-02', 120, 'amber', ['PloStageEntered C-J04 2025-09-01']],
      // C-J03 is in care proceedings since 11 May: due 9 Nov.
      ['NEGLECT_ESCALATION_DELAY', 'child:C-J06', '2026-03-03', 119, 'amber', ['ChildProtectionPlanStarted C-J06 2025-03-03']],
      // 5 Jan + 112 days = 27 Apr; 64 days. C-J03 and C-J07 have left pre-proceedings.
      ['PRE_PROCEEDINGS_OVERDUE', 'child:C-J05', '2026-04-27', 64, 'amber', ['PloStageEntered C-J05 2026-01-05']],
      ['SOCIAL_WORKER_CHANGES', 'child:C-J01', '2026-03-02', 120, 'amber', J01_CHANGES],
    ],
    '2026-09-01': [
      // C-J04's order was made 20 Jul; C-J05 stepped down 13 Jul; the 1 Sep 2025 change is now 365 days old,
      // outside the trailing window, so C-J01 has two changes.
      ['NEGLECT_ESCALATION_DELAY', 'child:C-J06', '2026-03-03', 182, 'amber', ['ChildProtectionPlanStarted C-J06 2025-03-03']],
    ],
  },
  knownAt: [
    {
      rule: 'SOCIAL_WORKER_CHANGES',
      direction: 'forward',
      asOf: '2026-04-01',
      knownAt: '2026-03-19',
      flag: ['SOCIAL_WORKER_CHANGES', 'child:C-J01', '2026-03-02', 30, 'amber', J01_CHANGES],
      why: "C-J01's third change (2 Mar) was logged on 20 Mar",
    },
    {
      rule: 'PRE_PROCEEDINGS_OVERDUE',
      direction: 'forward',
      asOf: '2026-06-30',
      knownAt: '2026-02-15',
      flag: ['PRE_PROCEEDINGS_OVERDUE', 'child:C-J05', '2026-04-27', 64, 'amber', ['PloStageEntered C-J05 2026-01-05']],
      why: "C-J05's entry (5 Jan) was logged on 16 Feb",
    },
    {
      rule: 'PRE_PROCEEDINGS_OVERDUE',
      direction: 'reverse',
      asOf: '2026-07-20',
      knownAt: '2026-07-20',
      // Not knowing the step-down: still in pre-proceedings, 27 Apr to 20 Jul = 84 days.
      flag: ['PRE_PROCEEDINGS_OVERDUE', 'child:C-J05', '2026-04-27', 84, 'amber', ['PloStageEntered C-J05 2026-01-05']],
      why: "C-J05's step-down (13 Jul) was logged on 3 Aug",
    },
    {
      rule: 'CARE_PROCEEDINGS_OVERDUE',
      direction: 'forward',
      asOf: '2026-04-01',
      knownAt: '2025-10-01',
      flag: ['CARE_PROCEEDINGS_OVERDUE', 'child:C-J04', '2026-03-02', 30, 'amber', ['PloStageEntered C-J04 2025-09-01']],
      why: "C-J04's entry into care proceedings (1 Sep 2025) was logged on 6 Oct 2025",
    },
    {
      rule: 'NEGLECT_ESCALATION_DELAY',
      direction: 'forward',
      asOf: '2026-04-01',
      knownAt: '2025-04-01',
      flag: ['NEGLECT_ESCALATION_DELAY', 'child:C-J06', '2026-03-03', 29, 'amber', ['ChildProtectionPlanStarted C-J06 2025-03-03']],
      why: "C-J06's neglect plan (3 Mar 2025) was logged on 14 Apr 2025",
    },
    {
      rule: 'NEGLECT_ESCALATION_DELAY',
      direction: 'reverse',
      asOf: '2026-04-01',
      knownAt: '2026-03-13',
      // Not knowing the escalation: 3 Feb 2025 + 12 months = 3 Feb 2026; 57 days.
      flag: ['NEGLECT_ESCALATION_DELAY', 'child:C-J07', '2026-02-03', 57, 'amber', ['ChildProtectionPlanStarted C-J07 2025-02-03']],
      why: "C-J07's entry into pre-proceedings (16 Feb) was logged on 16 Mar",
    },
  ],
};
