import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Plans and oversight, team T-PO, 2026. No automatic oversight here: the manager
 * W-OM's oversight is recorded event by event, sometimes late, once of the wrong kind,
 * once not at all for weeks.
 * C-PO01: a child-in-need plan reviewed without a contingency (16 Feb), then with one
 * (13 Apr). C-PO08: a child-in-need plan reviewed without one (2 Mar), and a change of
 * social worker on 27 Apr, which does not start a new plan. C-PO02: a CP plan reviewed without one (9 Mar, logged 23 Mar), ended
 * 11 May. C-PO03: a care plan reviewed with one (2 Mar), then without (20 Apr).
 * C-PO04: a CP plan never reviewed. C-PO05: allocated 2 Mar, overseen 16 Mar (logged
 * 27 Mar). C-PO06: closed 1 Apr (logged 8 Apr), the closure overseen only on 18 May.
 * C-PO07: entered pre-proceedings 16 Mar; the manager recorded an *allocation*
 * oversight the next day, the PLO oversight only on 15 Apr. C-PO08: reallocated
 * 27 Apr with no new oversight. C-PO09: placed 20 Apr, overseen 24 Apr (in time).
 */
const h = new History();

h.join('W-OM', 'T-PO', '2025-01-06', 'team_manager');
h.join('W-O1', 'T-PO', '2025-01-06');
h.join('W-O2', 'T-PO', '2025-01-06');

const oversee = (c: string, decisionPoint: string, on: string, recordedOn?: string) =>
  h.record('ManagementOversightRecorded', on, { childId: c, managerId: 'W-OM', decisionPoint }, { recordedOn, label: `oversight ${decisionPoint} ${c} ${on}` });
const reviewed = (c: string, plan: string, contingencyPlanRecorded: boolean, on: string, recordedOn?: string) =>
  h.record('PlanReviewed', on, { childId: c, plan, contingencyPlanRecorded }, { recordedOn, label: `${plan} review ${c} ${on}` });
const open = (c: string, born: string, workerId: string, on: string) => {
  h.register(c, on, born);
  h.allocate(c, workerId, 'T-PO', on);
  oversee(c, 'allocation', on);
};

open('C-PO01', '2016-04', 'W-O1', '2026-01-12');
reviewed('C-PO01', 'child_in_need', false, '2026-02-16');
reviewed('C-PO01', 'child_in_need', true, '2026-04-13');

open('C-PO02', '2019-02', 'W-O1', '2026-01-12');
h.record('ChildProtectionConferenceHeld', '2026-02-02', { childId: 'C-PO02', kind: 'initial' });
h.record('ChildProtectionPlanStarted', '2026-02-02', { childId: 'C-PO02', category: 'sexual_abuse' });
reviewed('C-PO02', 'child_protection', false, '2026-03-09', '2026-03-23');
h.record('ChildProtectionPlanEnded', '2026-05-11', { childId: 'C-PO02' });

open('C-PO03', '2014-08', 'W-O2', '2025-09-01');
h.lookedAfter('C-PO03', '2025-09-01');
h.place('C-PO03', 'P-PO03-1', '2025-09-01');
oversee('C-PO03', 'placement', '2025-09-01');
reviewed('C-PO03', 'care', true, '2026-03-02');
reviewed('C-PO03', 'care', false, '2026-04-20');

open('C-PO04', '2017-03', 'W-O1', '2026-01-12');
h.record('ChildProtectionPlanStarted', '2026-03-02', { childId: 'C-PO04', category: 'emotional_abuse' });

h.register('C-PO05', '2026-03-02', '2015-10');
h.allocate('C-PO05', 'W-O2', 'T-PO', '2026-03-02');
oversee('C-PO05', 'allocation', '2026-03-16', '2026-03-27');

open('C-PO06', '2012-12', 'W-O1', '2026-01-12');
h.record('AssessmentStarted', '2026-01-19', { childId: 'C-PO06', assessmentId: 'A-PO06', kind: 'child_and_family' });
h.record('AssessmentCompleted', '2026-02-20', { childId: 'C-PO06', assessmentId: 'A-PO06' });
oversee('C-PO06', 'assessment_outcome', '2026-02-23');
h.close('C-PO06', '2026-04-01', 'no_further_action', { recordedOn: '2026-04-08' });
oversee('C-PO06', 'closure', '2026-05-18');

open('C-PO07', '2018-05', 'W-O2', '2026-01-12');
h.record('PloStageEntered', '2026-03-16', { childId: 'C-PO07', stage: 'pre_proceedings' });
oversee('C-PO07', 'allocation', '2026-03-17');
oversee('C-PO07', 'plo', '2026-04-15');

open('C-PO08', '2013-01', 'W-O1', '2026-01-12');
reviewed('C-PO08', 'child_in_need', false, '2026-03-02');
h.allocate('C-PO08', 'W-O2', 'T-PO', '2026-04-27');

open('C-PO09', '2011-11', 'W-O2', '2026-04-20');
h.lookedAfter('C-PO09', '2026-04-20');
h.place('C-PO09', 'P-PO09-1', '2026-04-20');
oversee('C-PO09', 'placement', '2026-04-24');

export const plansOversight: Story = {
  name: 'plans and oversight: contingency planning, oversight at decision points',
  today: '2026-05-29',
  rules: ['PLAN_WITHOUT_CONTINGENCY', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    '2026-03-13': [
      // C-PO05 allocated 2 Mar: oversight due by the 5th working day, 9 Mar; 9 working days on 13 Mar (≤ 10): 4 days.
      // C-PO06's assessment outcome was overseen 1 working day after it.
      ['OVERSIGHT_MISSING', 'child:C-PO05', '2026-03-09', 4, 'amber', ['CaseAllocated C-PO05 2026-03-02']],
      ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO01', '2026-02-16', 25, 'amber', ['child_in_need review C-PO01 2026-02-16']],
      ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO02', '2026-03-09', 4, 'amber', ['child_protection review C-PO02 2026-03-09']],
      ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO08', '2026-03-02', 11, 'amber', ['child_in_need review C-PO08 2026-03-02']],
      // C-PO03's latest care review (2 Mar) recorded one; C-PO04's plan was never reviewed.
    ],
    '2026-04-13': [
      // C-PO06 closed 1 Apr: due 10 Apr (Good Friday and Easter Monday are not working days); 6 working days: 3 days.
      ['OVERSIGHT_MISSING', 'child:C-PO06', '2026-04-10', 3, 'amber', ['CaseClosed C-PO06 2026-04-01']],
      // C-PO07's PLO entry (16 Mar), due 23 Mar: the 17 Mar allocation oversight does not answer it; 18 working days,
      // over 10: red, 21 days. C-PO05 was overseen on 16 Mar.
      ['OVERSIGHT_MISSING', 'child:C-PO07', '2026-03-23', 21, 'red', ['PloStageEntered C-PO07 2026-03-16']],
      // C-PO01's latest review (13 Apr) records one.
      ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO02', '2026-03-09', 35, 'amber', ['child_protection review C-PO02 2026-03-09']],
      ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO08', '2026-03-02', 42, 'amber', ['child_in_need review C-PO08 2026-03-02']],
    ],
    '2026-05-11': [
      // The closed case stays flagged: 25 working days, red, 31 days.
      ['OVERSIGHT_MISSING', 'child:C-PO06', '2026-04-10', 31, 'red', ['CaseClosed C-PO06 2026-04-01']],
      // C-PO08 reallocated 27 Apr; the January allocation oversight came before it. Due 5 May (4 May is a bank holiday);
      // 9 working days: amber, 6 days. C-PO09's placement was overseen 4 working days after it.
      ['OVERSIGHT_MISSING', 'child:C-PO08', '2026-05-05', 6, 'amber', ['CaseAllocated C-PO08 2026-04-27']],
      // C-PO02's plan ended today: no longer open. C-PO03's latest care review (20 Apr) has none: 21 days.
      ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO03', '2026-04-20', 21, 'amber', ['care review C-PO03 2026-04-20']],
      // C-PO08's new social worker (27 Apr) works to the same open plan: still since 2 Mar, 70 days.
      ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO08', '2026-03-02', 70, 'amber', ['child_in_need review C-PO08 2026-03-02']],
    ],
  },
  knownAt: [
    {
      rule: 'PLAN_WITHOUT_CONTINGENCY',
      direction: 'forward',
      asOf: '2026-03-13',
      knownAt: '2026-03-20',
      flag: ['PLAN_WITHOUT_CONTINGENCY', 'child:C-PO02', '2026-03-09', 4, 'amber', ['child_protection review C-PO02 2026-03-09']],
      why: "C-PO02's 9 Mar review was logged on 23 Mar",
    },
    {
      rule: 'OVERSIGHT_MISSING',
      direction: 'forward',
      asOf: '2026-04-13',
      knownAt: '2026-04-07',
      flag: ['OVERSIGHT_MISSING', 'child:C-PO06', '2026-04-10', 3, 'amber', ['CaseClosed C-PO06 2026-04-01']],
      why: "C-PO06's closure (1 Apr) was logged on 8 Apr",
    },
    {
      rule: 'OVERSIGHT_MISSING',
      direction: 'reverse',
      asOf: '2026-03-20',
      knownAt: '2026-03-20',
      // Not knowing the 16 Mar oversight: 14 working days since 2 Mar, over 10: red; 11 days.
      flag: ['OVERSIGHT_MISSING', 'child:C-PO05', '2026-03-09', 11, 'red', ['CaseAllocated C-PO05 2026-03-02']],
      why: "C-PO05's allocation oversight (16 Mar) was logged on 27 Mar",
    },
  ],
};
