import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Workforce: two teams, early 2026. T-WA: W-A1 (social worker) whose supervision
 * stops in March; W-A2, newly qualified at 0.5 FTE, supervised weekly, then a
 * fortnight's gap, with ten cases (20 per FTE: over the newly qualified limit of 18,
 * not the usual 20); W-A3 at 0.5 FTE, supervised on time but rarely well, with
 * eleven cases from mid-February. T-WB: W-B1 and W-B2 (0.5 FTE) hold twenty cases;
 * W-B2 leaves at the end of April and the team is over 18 per FTE from 1 May.
 * W-AM, the team manager (not case-holding), supervises everyone and oversees every
 * decision on the day.
 */
const h = new History('W-AM');

h.join('W-AM', 'T-WA', '2025-12-01', 'team_manager');
h.join('W-A1', 'T-WA', '2026-01-05');
// W-A2's joining is logged a week late, with her first supervision.
h.join('W-A2', 'T-WA', '2026-03-02', 'newly_qualified', { fte: 0.5, recordedOn: '2026-03-09' });
h.join('W-A3', 'T-WA', '2026-01-05', 'social_worker', { fte: 0.5, agency: true });
h.join('W-B1', 'T-WB', '2026-01-05');
h.join('W-B2', 'T-WB', '2026-01-05', 'senior_practitioner', { fte: 0.5 });

// W-A1: two good sessions, then none.
h.supervise('W-A1', '2026-02-02', 'W-AM', 90, true);
h.supervise('W-A1', '2026-03-02', 'W-AM', 95, true);

// W-A2 (newly qualified, joined 2 March): weekly while in her first six weeks (to 13 April), then a gap;
// the 24 April session is logged on 6 May.
h.supervise('W-A2', '2026-03-06', 'W-AM', 90, true, { recordedOn: '2026-03-09' });
for (const on of ['2026-03-13', '2026-03-20', '2026-03-27', '2026-04-02', '2026-04-09']) h.supervise('W-A2', on, 'W-AM', 90, true);
h.supervise('W-A2', '2026-04-24', 'W-AM', 90, true, { recordedOn: '2026-05-06' });
h.supervise('W-A2', '2026-05-07', 'W-AM', 90, true);

// W-A3: on time (never more than 28 days apart) but only s1 and s5 are good (reflective and ≥ 90 minutes).
h.supervise('W-A3', '2026-01-09', 'W-AM', 90, true, { label: 'A3 s1' });
h.supervise('W-A3', '2026-02-06', 'W-AM', 60, true, { label: 'A3 s2' });
h.supervise('W-A3', '2026-03-06', 'W-AM', 120, false, { label: 'A3 s3', recordedOn: '2026-03-20' });
h.supervise('W-A3', '2026-04-02', 'W-AM', 60, true, { label: 'A3 s4' });
h.supervise('W-A3', '2026-04-30', 'W-AM', 90, true, { label: 'A3 s5' });

for (const on of ['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24', '2026-05-08']) h.supervise('W-B1', on, 'W-AM', 90, true);
for (const on of ['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24']) h.supervise('W-B2', on, 'W-AM', 90, true);
// W-B2 leaves on 30 April; HR tells the auditors on 12 May.
h.leave('W-B2', '2026-04-30', { recordedOn: '2026-05-12' });

const ids = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);
const WA3 = ids('C-WA', 1, 11);
const WA1 = ids('C-WA', 21, 23);
const WA2 = ids('C-WA', 31, 40);
const WB1 = ids('C-WB', 1, 12);
const WB2 = ids('C-WB', 13, 20);
for (const c of [...WA3, ...WA1, ...WA2, ...WB1, ...WB2]) h.register(c, '2025-12-01', '2016-05');

for (const c of WA3.slice(0, 10)) h.allocate(c, 'W-A3', 'T-WA', '2026-01-12');
// The eleventh case, allocated on 16 February, is found in a case audit on 9 March.
h.allocate('C-WA11', 'W-A3', 'T-WA', '2026-02-16', { recordedOn: '2026-03-09' });
h.close('C-WA01', '2026-04-27');
for (const c of WA1) h.allocate(c, 'W-A1', 'T-WA', '2026-01-12');
for (const c of WA2) h.allocate(c, 'W-A2', 'T-WA', '2026-03-16');
for (const c of [...WB1, ...WB2]) h.allocate(c, c <= 'C-WB12' ? 'W-B1' : 'W-B2', 'T-WB', '2026-01-12');
// W-B2's cases move to W-B1 after she leaves: W-B1 then holds exactly 20, not above the limit.
for (const c of WB2) h.allocate(c, 'W-B1', 'T-WB', '2026-05-05');

const alloc = (cs: string[], on: string) => cs.map((c) => `CaseAllocated ${c} ${on}`);
const WA3_OPEN = [...alloc(WA3.slice(0, 10), '2026-01-12'), 'CaseAllocated C-WA11 2026-02-16'];
const WA2_OPEN = alloc(WA2, '2026-03-16');
const WB_OPEN = [...alloc(WB1, '2026-01-12'), ...alloc(WB2, '2026-05-05')];

export const workforce: Story = {
  name: 'workforce: supervision, reflective supervision, caseloads, team caseloads',
  today: '2026-05-15',
  rules: ['SUPERVISION_OVERDUE', 'SUPERVISION_NOT_REFLECTIVE', 'CASELOAD_HIGH', 'TEAM_CASELOAD_HIGH', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    '2026-03-02': [
      // 11 cases / 0.5 FTE = 22 > 20 since the 11th on 16 Feb (10 made exactly 20): 14 days; red only above 40.
      ['CASELOAD_HIGH', 'worker:W-A3', '2026-02-16', 14, 'amber', WA3_OPEN],
      // Not W-A3's reflective supervision: s1, s2 in the window, one good of two is exactly half.
      // Nobody's supervision is overdue: W-A1 seen 2 Mar; W-A2 joined 2 Mar (due 9 Mar); W-A3 last 6 Feb (due 6 Mar).
    ],
    '2026-04-20': [
      // W-A2: 10 cases / 0.5 = 20 > 18 (newly qualified) since 16 Mar: 35 days.
      ['CASELOAD_HIGH', 'worker:W-A2', '2026-03-16', 35, 'amber', WA2_OPEN],
      ['CASELOAD_HIGH', 'worker:W-A3', '2026-02-16', 63, 'amber', WA3_OPEN],
      // Window (20 Jan, 20 Apr]: s2, s3, s4, none good: red. The run began on 6 Mar (s1, s2, s3: one good of three);
      // on 6 Feb (s1, s2) it was exactly half. 6 Mar to 20 Apr: 45 days.
      ['SUPERVISION_NOT_REFLECTIVE', 'worker:W-A3', '2026-03-06', 45, 'red', ['A3 s2', 'A3 s3', 'A3 s4']],
      // W-A1: last 2 Mar + 28 = 30 Mar; 21 days, amber (red from 29 days over).
      ['SUPERVISION_OVERDUE', 'worker:W-A1', '2026-03-30', 21, 'amber', ['SupervisionHeld W-A1 2026-03-02']],
      // W-A2: last 9 Apr, still in her first six weeks (to 13 Apr): 7-day interval, due 16 Apr; 4 days.
      ['SUPERVISION_OVERDUE', 'worker:W-A2', '2026-04-16', 4, 'amber', ['SupervisionHeld W-A2 2026-04-09']],
      // T-WB: 20 cases / 1.5 FTE; T-WA: 24 / 2.
    ],
    '2026-05-08': [
      ['CASELOAD_HIGH', 'worker:W-A2', '2026-03-16', 53, 'amber', WA2_OPEN],
      // W-A3 is back to 10 cases (C-WA01 closed 27 Apr): no flag. W-B1 holds 20 / 1.0 = 20: not above 20.
      // Window (7 Feb, 8 May]: s3, s4, s5, one good of three: amber, the run unbroken since 6 Mar: 63 days.
      ['SUPERVISION_NOT_REFLECTIVE', 'worker:W-A3', '2026-03-06', 63, 'amber', ['A3 s3', 'A3 s4', 'A3 s5']],
      // W-A1: 39 days over the 28-day interval: red. W-A2 last 7 May (14-day interval now); W-B2 has left.
      ['SUPERVISION_OVERDUE', 'worker:W-A1', '2026-03-30', 39, 'red', ['SupervisionHeld W-A1 2026-03-02']],
      // T-WB: W-B2 worked through 30 Apr; from 1 May 20 cases / 1.0 FTE = 20 > 18: 7 days.
      ['TEAM_CASELOAD_HIGH', 'team:T-WB', '2026-05-01', 7, 'amber', WB_OPEN],
    ],
  },
  knownAt: [
    {
      rule: 'SUPERVISION_OVERDUE',
      direction: 'forward',
      asOf: '2026-04-20',
      knownAt: '2026-03-06',
      flag: ['SUPERVISION_OVERDUE', 'worker:W-A2', '2026-04-16', 4, 'amber', ['SupervisionHeld W-A2 2026-04-09']],
      why: "W-A2's joining (2 Mar) was logged on 9 Mar: on 6 Mar nobody knew she worked here",
    },
    {
      rule: 'SUPERVISION_OVERDUE',
      direction: 'reverse',
      asOf: '2026-05-01',
      knownAt: '2026-05-01',
      // Known on 1 May: last session 9 Apr (7-day interval), due 16 Apr: 15 days, over by more than 7: red.
      // Knowing the 24 Apr session (logged 6 May): 14-day interval, due 8 May: none.
      flag: ['SUPERVISION_OVERDUE', 'worker:W-A2', '2026-04-16', 15, 'red', ['SupervisionHeld W-A2 2026-04-09']],
      why: "W-A2's 24 Apr session was logged on 6 May",
    },
    {
      rule: 'SUPERVISION_NOT_REFLECTIVE',
      direction: 'forward',
      asOf: '2026-03-10',
      knownAt: '2026-03-10',
      // s1, s2, s3 in the window, one good: since 6 Mar, 4 days, amber. Without s3: one good of two, exactly half.
      flag: ['SUPERVISION_NOT_REFLECTIVE', 'worker:W-A3', '2026-03-06', 4, 'amber', ['A3 s1', 'A3 s2', 'A3 s3']],
      why: "W-A3's 6 Mar session (not reflective) was logged on 20 Mar",
    },
    {
      rule: 'CASELOAD_HIGH',
      direction: 'forward',
      asOf: '2026-03-02',
      knownAt: '2026-03-02',
      flag: ['CASELOAD_HIGH', 'worker:W-A3', '2026-02-16', 14, 'amber', WA3_OPEN],
      why: "W-A3's eleventh case (16 Feb) was logged on 9 Mar; ten are exactly 20 per FTE",
    },
    {
      rule: 'TEAM_CASELOAD_HIGH',
      direction: 'forward',
      asOf: '2026-05-08',
      knownAt: '2026-05-08',
      flag: ['TEAM_CASELOAD_HIGH', 'team:T-WB', '2026-05-01', 7, 'amber', WB_OPEN],
      why: "W-B2's leaving (30 Apr) was logged on 12 May: known on 8 May, T-WB still had 1.5 FTE (13.3 per FTE)",
    },
  ],
};
