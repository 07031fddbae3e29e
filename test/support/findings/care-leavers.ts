import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Care leavers, team T-CL (manager W-KM oversees every decision). Personal advisers
 * W-PA1 and W-PA2; W-PA2 leaves on 29 May 2026 (HR tells the auditors on 15 Jun).
 * C-CL01 turns 16 in April 2026 in care with no adviser until 11 May (logged 26 May).
 * C-CL02 left care at 18 in October 2025; her pathway plan review is a month late
 * (logged three weeks late). C-CL03's adviser is W-PA2, so from 30 May she has none
 * until 22 Jun. C-CL04 went home at 15: not a care leaver. C-CL05 left care at 17 in
 * November 2025 (logged in December) and her pathway plan goes unreviewed until June.
 * Contact: C-CL02 is in bed and breakfast from 2 Feb (logged 2 Mar) until supported
 * lodgings on 13 Apr (logged 4 May); C-CL05 is out of touch from 4 May (logged 20 May)
 * until 26 Jun (logged 1 Jul).
 */
const h = new History('W-KM');

h.join('W-KM', 'T-CL', '2021-09-06', 'team_manager');
h.join('W-K1', 'T-CL', '2021-09-06');
h.join('W-PA1', 'T-CL', '2021-09-06', 'personal_adviser');
h.join('W-PA2', 'T-CL', '2021-09-06', 'personal_adviser');
h.leave('W-PA2', '2026-05-29', { recordedOn: '2026-06-15' });

const adviser = (c: string, workerId: string, on: string, recordedOn?: string) =>
  h.record('PersonalAdviserAllocated', on, { childId: c, workerId }, { recordedOn, label: `adviser ${workerId} for ${c} ${on}` });
const pathway = (c: string, on: string, recordedOn?: string) =>
  h.record('PlanReviewed', on, { childId: c, plan: 'pathway', contingencyPlanRecorded: true }, { recordedOn, label: `pathway review ${c} ${on}` });
const leaveCare = (c: string, placementId: string, on: string, reason: string, recordedOn?: string) => {
  h.endPlacement(c, placementId, on, { recordedOn });
  return h.record('CeasedLookedAfter', on, { childId: c, reason }, { recordedOn });
};
const intoCare = (c: string, born: string, on: string, kind = 'foster') => {
  h.register(c, on, born);
  h.allocate(c, 'W-K1', 'T-CL', on);
  h.lookedAfter(c, on);
  h.place(c, `P-${c.slice(2)}-1`, on, { kind, intendedUntil18: kind === 'foster' });
};

const contact = (c: string, on: string, about: Record<string, unknown>, recordedOn?: string) =>
  h.record('CareLeaverContactRecorded', on, { childId: c, ...about }, { recordedOn, label: `contact ${c} ${on}` });
const inTouch = (accommodation: string, accommodationSuitable = true) => ({ inTouch: 'yes', accommodation, accommodationSuitable, activity: 'training_or_employment' });

intoCare('C-CL01', '2010-04', '2024-09-02');
adviser('C-CL01', 'W-PA1', '2026-05-11', '2026-05-26');

intoCare('C-CL02', '2007-10', '2022-03-07');
adviser('C-CL02', 'W-PA1', '2023-09-04');
pathway('C-CL02', '2025-03-17');
pathway('C-CL02', '2025-09-15');
leaveCare('C-CL02', 'P-CL02-1', '2025-10-01', 'age_18');
pathway('C-CL02', '2026-04-13', '2026-05-04');
contact('C-CL02', '2026-02-02', inTouch('bed_and_breakfast', false), '2026-03-02');
contact('C-CL02', '2026-04-13', inTouch('supported_lodgings'), '2026-05-04');

intoCare('C-CL03', '2009-06', '2025-02-03');
adviser('C-CL03', 'W-PA2', '2025-05-19');
adviser('C-CL03', 'W-PA1', '2026-06-22');

intoCare('C-CL04', '2011-01', '2025-06-02', 'kinship');
leaveCare('C-CL04', 'P-CL04-1', '2026-02-02', 'returned_home');

intoCare('C-CL05', '2008-07', '2023-05-02', 'residential');
adviser('C-CL05', 'W-PA1', '2024-06-03');
pathway('C-CL05', '2024-12-02');
pathway('C-CL05', '2025-06-02');
leaveCare('C-CL05', 'P-CL05-1', '2025-11-03', 'independent_living', '2025-12-08');
pathway('C-CL05', '2026-06-29');
contact('C-CL05', '2026-01-12', inTouch('independent_living'));
contact('C-CL05', '2026-05-04', { inTouch: 'no' }, '2026-05-20');
contact('C-CL05', '2026-06-26', inTouch('with_former_foster_carers'), '2026-07-01');

export const careLeavers: Story = {
  name: 'care leavers: pathway plan reviews, personal advisers at 16, contact and accommodation',
  today: '2026-07-01',
  rules: ['PATHWAY_PLAN_REVIEW_OVERDUE', 'NO_PERSONAL_ADVISER', 'CARE_LEAVER_NOT_IN_TOUCH', 'CARE_LEAVER_UNSUITABLE_ACCOMMODATION', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    '2026-04-01': [
      // C-CL02 in bed and breakfast since the 2 Feb contact: 14 days allowed, due 16 Feb; 44 days, more than 14 over: red.
      ['CARE_LEAVER_UNSUITABLE_ACCOMMODATION', 'child:C-CL02', '2026-02-16', 44, 'red', ['contact C-CL02 2026-02-02']],
      // C-CL01 counts as 16 from 1 Apr 2026 (born April 2010), in care, no adviser: flagged from that day, 0 days.
      ['NO_PERSONAL_ADVISER', 'child:C-CL01', '2026-04-01', 0, 'amber', ['BecameLookedAfter C-CL01 2024-09-02']],
      // C-CL02 left care at 18; last pathway review 15 Sep 2025 + 6 months = 15 Mar 2026: 17 days.
      ['PATHWAY_PLAN_REVIEW_OVERDUE', 'child:C-CL02', '2026-03-15', 17, 'amber', ['pathway review C-CL02 2025-09-15']],
      // C-CL05 left care at 17; last review 2 Jun 2025 + 6 months = 2 Dec 2025: 120 days (red after 2 Jun 2026).
      // C-CL04 left care at 15: not a care leaver.
      ['PATHWAY_PLAN_REVIEW_OVERDUE', 'child:C-CL05', '2025-12-02', 120, 'amber', ['pathway review C-CL05 2025-06-02']],
    ],
    '2026-06-10': [
      // C-CL05 not in touch since the 4 May contact: 28 days allowed, due 1 Jun; 9 days. C-CL02 moved on 13 Apr.
      ['CARE_LEAVER_NOT_IN_TOUCH', 'child:C-CL05', '2026-06-01', 9, 'amber', ['contact C-CL05 2026-05-04']],
      // C-CL03's adviser W-PA2 worked her last day on 29 May: no adviser in post from 30 May; 11 days.
      // C-CL01 has W-PA1 since 11 May.
      ['NO_PERSONAL_ADVISER', 'child:C-CL03', '2026-05-30', 11, 'amber', ['adviser W-PA2 for C-CL03 2025-05-19']],
      // C-CL02 reviewed 13 Apr (next due 13 Oct). C-CL05: 190 days, past 2 Jun 2026 (12 months after the review): red.
      ['PATHWAY_PLAN_REVIEW_OVERDUE', 'child:C-CL05', '2025-12-02', 190, 'red', ['pathway review C-CL05 2025-06-02']],
    ],
    // C-CL03 has W-PA1 since 22 Jun; C-CL05 was reviewed on 29 Jun, and back in touch on 26 Jun.
    '2026-07-01': [],
  },
  knownAt: [
    {
      rule: 'CARE_LEAVER_NOT_IN_TOUCH',
      direction: 'forward',
      asOf: '2026-06-10',
      knownAt: '2026-05-15',
      flag: ['CARE_LEAVER_NOT_IN_TOUCH', 'child:C-CL05', '2026-06-01', 9, 'amber', ['contact C-CL05 2026-05-04']],
      why: "C-CL05's 4 May contact (not in touch) was logged on 20 May: known on 15 May, she was in touch in January",
    },
    {
      rule: 'CARE_LEAVER_NOT_IN_TOUCH',
      direction: 'reverse',
      asOf: '2026-06-29',
      knownAt: '2026-06-29',
      flag: ['CARE_LEAVER_NOT_IN_TOUCH', 'child:C-CL05', '2026-06-01', 28, 'amber', ['contact C-CL05 2026-05-04']],
      why: "C-CL05's 26 Jun contact (back in touch) was logged on 1 Jul",
    },
    {
      rule: 'CARE_LEAVER_UNSUITABLE_ACCOMMODATION',
      direction: 'forward',
      asOf: '2026-04-01',
      knownAt: '2026-02-20',
      flag: ['CARE_LEAVER_UNSUITABLE_ACCOMMODATION', 'child:C-CL02', '2026-02-16', 44, 'red', ['contact C-CL02 2026-02-02']],
      why: "C-CL02's 2 Feb contact (bed and breakfast) was logged on 2 Mar",
    },
    {
      rule: 'CARE_LEAVER_UNSUITABLE_ACCOMMODATION',
      direction: 'reverse',
      asOf: '2026-04-20',
      knownAt: '2026-04-20',
      flag: ['CARE_LEAVER_UNSUITABLE_ACCOMMODATION', 'child:C-CL02', '2026-02-16', 63, 'red', ['contact C-CL02 2026-02-02']],
      why: "C-CL02's move to supported lodgings (13 Apr) was logged on 4 May",
    },
    {
      rule: 'PATHWAY_PLAN_REVIEW_OVERDUE',
      direction: 'forward',
      asOf: '2026-04-01',
      knownAt: '2025-12-05',
      flag: ['PATHWAY_PLAN_REVIEW_OVERDUE', 'child:C-CL05', '2025-12-02', 120, 'amber', ['pathway review C-CL05 2025-06-02']],
      why: 'C-CL05 leaving care (3 Nov 2025) was logged on 8 Dec 2025: known on 5 Dec she was still in care',
    },
    {
      rule: 'PATHWAY_PLAN_REVIEW_OVERDUE',
      direction: 'reverse',
      asOf: '2026-04-20',
      knownAt: '2026-04-20',
      flag: ['PATHWAY_PLAN_REVIEW_OVERDUE', 'child:C-CL02', '2026-03-15', 36, 'amber', ['pathway review C-CL02 2025-09-15']],
      why: "C-CL02's 13 Apr review was logged on 4 May",
    },
    {
      rule: 'NO_PERSONAL_ADVISER',
      direction: 'forward',
      asOf: '2026-06-10',
      knownAt: '2026-06-12',
      flag: ['NO_PERSONAL_ADVISER', 'child:C-CL03', '2026-05-30', 11, 'amber', ['adviser W-PA2 for C-CL03 2025-05-19']],
      why: "W-PA2's leaving (29 May) was logged on 15 Jun",
    },
    {
      rule: 'NO_PERSONAL_ADVISER',
      direction: 'reverse',
      asOf: '2026-05-15',
      knownAt: '2026-05-15',
      flag: ['NO_PERSONAL_ADVISER', 'child:C-CL01', '2026-04-01', 44, 'amber', ['BecameLookedAfter C-CL01 2024-09-02']],
      why: "C-CL01's adviser (11 May) was logged on 26 May",
    },
  ],
};
