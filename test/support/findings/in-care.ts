import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Children in care, team T-LA (manager W-LM oversees every decision).
 * C-LA01, born May 2023 (under 5), comes into care on 12 Jan 2026 (logged a week
 * late): a gap in visits in April (the 22 Apr visit logged on 6 May), a second review
 * a week late (logged a fortnight late), no six-monthly health review in July.
 * C-LA02, 13, in care since June 2025, moves four times: foster, residential, an
 * unregistered placement that does not meet her needs (2 Feb, logged 16 Feb, with the
 * first visit a day late), then a long-term foster placement; her annual health
 * assessment is two weeks late (logged late), her dental check lapses in July.
 * C-LA03, in care since 2024 in a long-term placement (back-filled on 5 Jan 2026 when
 * the LA began recording), is visited three-monthly; her dental check lapsed in
 * February and was done in March (logged in April).
 */
const h = new History('W-LM');

h.join('W-LM', 'T-LA', '2023-09-04', 'team_manager');
h.join('W-L1', 'T-LA', '2023-09-04');
h.join('W-L2', 'T-LA', '2023-09-04');

const review = (c: string, on: string, recordedOn?: string) => h.record('LookedAfterReviewHeld', on, { childId: c }, { recordedOn });
const health = (c: string, kind: string, on: string, recordedOn?: string) => h.record('HealthAssessmentCompleted', on, { childId: c, kind }, { recordedOn });
const dental = (c: string, on: string, recordedOn?: string) => h.record('DentalCheckCompleted', on, { childId: c }, { recordedOn });

// C-LA01
h.register('C-LA01', '2026-01-05', '2023-05');
h.allocate('C-LA01', 'W-L1', 'T-LA', '2026-01-05');
h.lookedAfter('C-LA01', '2026-01-12', 'C2', { recordedOn: '2026-01-19' });
h.place('C-LA01', 'P-LA01-1', '2026-01-12', { recordedOn: '2026-01-19' });
h.visit('C-LA01', 'W-L1', '2026-01-16', { recordedOn: '2026-01-19' });
h.visit('C-LA01', 'W-L1', '2026-02-25');
h.visit('C-LA01', 'W-L1', '2026-04-22', { recordedOn: '2026-05-06' });
h.visit('C-LA01', 'W-L1', '2026-06-01');
h.visit('C-LA01', 'W-L1', '2026-07-10');
review('C-LA01', '2026-02-05');
review('C-LA01', '2026-05-12', '2026-05-26');
health('C-LA01', 'initial', '2026-01-29');

// C-LA02
h.register('C-LA02', '2025-05-01', '2012-09');
h.allocate('C-LA02', 'W-L2', 'T-LA', '2025-05-01');
h.lookedAfter('C-LA02', '2025-06-02', 'V2');
h.place('C-LA02', 'P-LA02-1', '2025-06-02');
h.endPlacement('C-LA02', 'P-LA02-1', '2025-11-03');
h.place('C-LA02', 'P-LA02-2', '2025-11-03', { kind: 'residential' });
h.endPlacement('C-LA02', 'P-LA02-2', '2026-02-02', { recordedOn: '2026-02-16' });
h.place('C-LA02', 'P-LA02-3', '2026-02-02', { kind: 'other', registered: false, meetsAssessedNeeds: false, recordedOn: '2026-02-16' });
h.endPlacement('C-LA02', 'P-LA02-3', '2026-04-13');
h.place('C-LA02', 'P-LA02-4', '2026-04-13', { intendedUntil18: true });
for (const on of ['2025-06-06', '2025-07-14', '2025-08-22', '2025-10-01', '2025-11-07', '2025-12-17', '2026-01-26']) h.visit('C-LA02', 'W-L2', on);
h.visit('C-LA02', 'W-L2', '2026-02-11', { recordedOn: '2026-02-16' });
for (const on of ['2026-03-23', '2026-04-17', '2026-05-27', '2026-07-06']) h.visit('C-LA02', 'W-L2', on);
for (const on of ['2025-06-26', '2025-09-22', '2026-03-19']) review('C-LA02', on);
health('C-LA02', 'initial', '2025-06-20');
health('C-LA02', 'review', '2026-07-06', '2026-07-20');
dental('C-LA02', '2025-07-10');

// C-LA03: everything before 2026 back-filled on 5 Jan 2026.
const BACKFILL = '2026-01-05';
h.register('C-LA03', '2023-12-04', '2014-02', { recordedOn: BACKFILL });
h.allocate('C-LA03', 'W-L1', 'T-LA', '2023-12-04', { recordedOn: BACKFILL });
h.lookedAfter('C-LA03', '2024-01-08', 'C2', { recordedOn: BACKFILL });
h.place('C-LA03', 'P-LA03-1', '2024-01-08', { intendedUntil18: true, recordedOn: BACKFILL });
for (const on of ['2025-08-18', '2025-11-10']) h.visit('C-LA03', 'W-L1', on, { recordedOn: BACKFILL });
for (const on of ['2026-01-12', '2026-04-20', '2026-07-13']) h.visit('C-LA03', 'W-L1', on);
for (const on of ['2024-02-05', '2024-05-01', '2024-10-28', '2025-04-14', '2025-10-06']) review('C-LA03', on, BACKFILL);
review('C-LA03', '2026-03-30');
health('C-LA03', 'initial', '2024-01-25', BACKFILL);
health('C-LA03', 'review', '2025-01-20', BACKFILL);
health('C-LA03', 'review', '2025-09-15', BACKFILL);
dental('C-LA03', '2024-03-11', BACKFILL);
dental('C-LA03', '2025-02-10', BACKFILL);
dental('C-LA03', '2026-03-16', '2026-04-06');

const P123 = ['placement P-LA02-1', 'placement P-LA02-2', 'placement P-LA02-3'];

export const inCare: Story = {
  name: 'children in care: visits, reviews, health and dental checks, placements',
  today: '2026-08-14',
  rules: [
    'LOOKED_AFTER_VISIT_OVERDUE',
    'LOOKED_AFTER_REVIEW_OVERDUE',
    'HEALTH_ASSESSMENT_OVERDUE',
    'DENTAL_CHECK_OVERDUE',
    'UNREGISTERED_PLACEMENT',
    'PLACEMENT_NOT_MEETING_NEEDS',
    'PLACEMENT_INSTABILITY',
    'OVERSIGHT_MISSING',
  ],
  history: h,
  expected: {
    '2026-03-02': [
      // C-LA03, in care over 12 months, last check 10 Feb 2025 + 12 months = 10 Feb 2026: 20 days.
      ['DENTAL_CHECK_OVERDUE', 'child:C-LA03', '2026-02-10', 20, 'amber', ['DentalCheckCompleted C-LA03 2025-02-10']],
      // No review or health assessment is due (C-LA01: first review 5 Feb, initial health 29 Jan).
      // Visits: C-LA01 25 Feb (due 8 Apr); C-LA02 11 Feb in P-LA02-3 (due 25 Mar); C-LA03's long-term placement is past
      // its first year, so 3 months from 12 Jan (due 12 Apr), where 6 weeks would have been due 23 Feb.
      // Placements started 2 Jun 2025, 3 Nov 2025, 2 Feb 2026: three in 365 days since 2 Feb; 28 days.
      ['PLACEMENT_INSTABILITY', 'child:C-LA02', '2026-02-02', 28, 'amber', P123],
      ['PLACEMENT_NOT_MEETING_NEEDS', 'child:C-LA02', '2026-02-02', 28, 'amber', ['placement P-LA02-3']],
      // An unregistered placement is always red (rule comment: the home is operating unlawfully).
      ['UNREGISTERED_PLACEMENT', 'child:C-LA02', '2026-02-02', 28, 'red', ['placement P-LA02-3']],
    ],
    '2026-05-08': [
      // C-LA01: first review 5 Feb, the second due 3 months later, 5 May (held 12 May): 3 days.
      ['LOOKED_AFTER_REVIEW_OVERDUE', 'child:C-LA01', '2026-05-05', 3, 'amber', ['LookedAfterReviewHeld C-LA01 2026-02-05']],
      // Four placements in 365 days, the run unbroken since 2 Feb: 95 days. P-LA02-4 is registered and meets needs.
      ['PLACEMENT_INSTABILITY', 'child:C-LA02', '2026-02-02', 95, 'amber', [...P123, 'placement P-LA02-4']],
      // C-LA03's check on 16 Mar resets the clock; C-LA02 is not yet 12 months in care (2 Jun).
    ],
    '2026-08-10': [
      // C-LA02: in care 12 months since 2 Jun; last check 10 Jul 2025 + 12 months = 10 Jul 2026: 31 days.
      ['DENTAL_CHECK_OVERDUE', 'child:C-LA02', '2026-07-10', 31, 'amber', ['DentalCheckCompleted C-LA02 2025-07-10']],
      // C-LA01 was 2 at her initial assessment (29 Jan): the next within 6 months, 29 Jul: 12 days.
      ['HEALTH_ASSESSMENT_OVERDUE', 'child:C-LA01', '2026-07-29', 12, 'amber', ['HealthAssessmentCompleted C-LA01 2026-01-29']],
      // P-LA02-1 (held until 2 Nov 2025) is still in the 365-day window, with the three after it: four held, unbroken since 2 Feb, 189 days.
      ['PLACEMENT_INSTABILITY', 'child:C-LA02', '2026-02-02', 189, 'amber', [...P123, 'placement P-LA02-4']],
    ],
  },
  knownAt: [
    {
      rule: 'LOOKED_AFTER_VISIT_OVERDUE',
      direction: 'forward',
      asOf: '2026-02-10',
      knownAt: '2026-02-13',
      // P-LA02-3 from 2 Feb, no visit by 10 Feb: due within 7 days, 9 Feb; 1 day. Known on 13 Feb, C-LA02 was still in
      // P-LA02-2, last visited 26 Jan (due 9 Mar).
      flag: ['LOOKED_AFTER_VISIT_OVERDUE', 'child:C-LA02', '2026-02-09', 1, 'amber', ['placement P-LA02-3']],
      why: "C-LA02's move to P-LA02-3 (2 Feb) was logged on 16 Feb",
    },
    {
      rule: 'LOOKED_AFTER_VISIT_OVERDUE',
      direction: 'reverse',
      asOf: '2026-05-01',
      knownAt: '2026-05-01',
      // Not knowing the 22 Apr visit: 25 Feb + 6 weeks = 8 Apr; 23 days.
      flag: ['LOOKED_AFTER_VISIT_OVERDUE', 'child:C-LA01', '2026-04-08', 23, 'amber', ['ChildVisited C-LA01 2026-02-25']],
      why: "C-LA01's 22 Apr visit was logged on 6 May",
    },
    {
      rule: 'LOOKED_AFTER_REVIEW_OVERDUE',
      direction: 'forward',
      asOf: '2026-05-08',
      knownAt: '2026-01-16',
      flag: ['LOOKED_AFTER_REVIEW_OVERDUE', 'child:C-LA01', '2026-05-05', 3, 'amber', ['LookedAfterReviewHeld C-LA01 2026-02-05']],
      why: 'C-LA01 coming into care (12 Jan) was logged on 19 Jan',
    },
    {
      rule: 'LOOKED_AFTER_REVIEW_OVERDUE',
      direction: 'reverse',
      asOf: '2026-05-20',
      knownAt: '2026-05-20',
      flag: ['LOOKED_AFTER_REVIEW_OVERDUE', 'child:C-LA01', '2026-05-05', 15, 'amber', ['LookedAfterReviewHeld C-LA01 2026-02-05']],
      why: "C-LA01's second review (12 May) was logged on 26 May",
    },
    {
      rule: 'HEALTH_ASSESSMENT_OVERDUE',
      direction: 'forward',
      asOf: '2026-08-10',
      knownAt: '2026-01-16',
      flag: ['HEALTH_ASSESSMENT_OVERDUE', 'child:C-LA01', '2026-07-29', 12, 'amber', ['HealthAssessmentCompleted C-LA01 2026-01-29']],
      why: 'C-LA01 coming into care (12 Jan) was logged on 19 Jan',
    },
    {
      rule: 'HEALTH_ASSESSMENT_OVERDUE',
      direction: 'reverse',
      asOf: '2026-07-10',
      knownAt: '2026-07-10',
      // C-LA02 was 12 at her initial assessment (20 Jun 2025): annual, due 20 Jun 2026; 20 days.
      flag: ['HEALTH_ASSESSMENT_OVERDUE', 'child:C-LA02', '2026-06-20', 20, 'amber', ['HealthAssessmentCompleted C-LA02 2025-06-20']],
      why: "C-LA02's review health assessment (6 Jul) was logged on 20 Jul",
    },
    {
      rule: 'DENTAL_CHECK_OVERDUE',
      direction: 'forward',
      asOf: '2026-03-02',
      knownAt: '2026-01-02',
      flag: ['DENTAL_CHECK_OVERDUE', 'child:C-LA03', '2026-02-10', 20, 'amber', ['DentalCheckCompleted C-LA03 2025-02-10']],
      why: "C-LA03's history was back-filled on 5 Jan 2026",
    },
    {
      rule: 'DENTAL_CHECK_OVERDUE',
      direction: 'reverse',
      asOf: '2026-03-20',
      knownAt: '2026-03-20',
      flag: ['DENTAL_CHECK_OVERDUE', 'child:C-LA03', '2026-02-10', 38, 'amber', ['DentalCheckCompleted C-LA03 2025-02-10']],
      why: "C-LA03's 16 Mar dental check was logged on 6 Apr",
    },
    {
      rule: 'UNREGISTERED_PLACEMENT',
      direction: 'forward',
      asOf: '2026-03-02',
      knownAt: '2026-02-13',
      flag: ['UNREGISTERED_PLACEMENT', 'child:C-LA02', '2026-02-02', 28, 'red', ['placement P-LA02-3']],
      why: 'P-LA02-3 (2 Feb) was logged on 16 Feb; known on 13 Feb, C-LA02 was in the registered P-LA02-2',
    },
    {
      rule: 'PLACEMENT_NOT_MEETING_NEEDS',
      direction: 'forward',
      asOf: '2026-03-02',
      knownAt: '2026-02-13',
      flag: ['PLACEMENT_NOT_MEETING_NEEDS', 'child:C-LA02', '2026-02-02', 28, 'amber', ['placement P-LA02-3']],
      why: 'P-LA02-3 (2 Feb) was logged on 16 Feb; P-LA02-2 met her needs',
    },
    {
      rule: 'PLACEMENT_INSTABILITY',
      direction: 'forward',
      asOf: '2026-03-02',
      knownAt: '2026-02-13',
      flag: ['PLACEMENT_INSTABILITY', 'child:C-LA02', '2026-02-02', 28, 'amber', P123],
      why: 'the third placement (2 Feb) was logged on 16 Feb',
    },
  ],
};
