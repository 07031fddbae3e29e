import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Private fostering, team T-PF (manager W-FM oversees every decision), 2025–2026.
 * C-PF01, notified 2 Mar 2026: first visit in time, checks and the second visit
 * late (the 28 Apr visit logged on 11 May). C-PF02, notified 20 Apr (logged 5 May),
 * first visited 6 May. C-PF03, notified March 2025, visited every 6 weeks in the first
 * year and on a 12-week cycle after. C-PF04, notified 12 Jan 2026, never visited nor
 * checked, until the case is closed on 16 Mar.
 */
const h = new History('W-FM');

h.join('W-FM', 'T-PF', '2024-01-08', 'team_manager');
h.join('W-F1', 'T-PF', '2024-01-08');

const notified = (c: string, on: string, recordedOn?: string) => h.record('PrivateFosteringNotified', on, { childId: c }, { recordedOn, label: `notified ${c}` });
const checks = (c: string, on: string, recordedOn?: string) => h.record('PrivateFosteringChecksCompleted', on, { childId: c }, { recordedOn });
const arrangement = (c: string, born: string, on: string, recordedOn?: string) => {
  h.register(c, on, born, { recordedOn });
  h.allocate(c, 'W-F1', 'T-PF', on, { recordedOn });
  notified(c, on, recordedOn);
};

arrangement('C-PF01', '2011-04', '2026-03-02');
h.visit('C-PF01', 'W-F1', '2026-03-10');
checks('C-PF01', '2026-04-23');
h.visit('C-PF01', 'W-F1', '2026-04-28', { recordedOn: '2026-05-11' });

arrangement('C-PF02', '2010-09', '2026-04-20', '2026-05-05');
h.visit('C-PF02', 'W-F1', '2026-05-06');
checks('C-PF02', '2026-05-29');

arrangement('C-PF03', '2012-01', '2025-03-03');
checks('C-PF03', '2025-04-07');
for (const on of ['2025-03-10', '2025-04-21', '2025-06-02', '2025-07-14', '2025-08-25', '2025-10-06', '2025-11-17', '2025-12-29', '2026-02-09', '2026-03-09', '2026-05-26']) {
  h.visit('C-PF03', 'W-F1', on);
}

arrangement('C-PF04', '2013-06', '2026-01-12');
h.close('C-PF04', '2026-03-16', 'moved_out_of_area');

export const privateFostering: Story = {
  name: 'private fostering: visits and statutory checks',
  today: '2026-05-29',
  rules: ['PRIVATE_FOSTERING_OVERDUE', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    '2026-03-13': [
      // C-PF04: first visit due within 7 working days of 12 Jan, 21 Jan; 44 working days on 13 Mar, over 14: red.
      // Checks due 12 Jan + 42 days = 23 Feb (18 days, amber). One flag, from the earlier: 21 Jan, 51 days, red.
      // C-PF01 visited 10 Mar (due 11 Mar); C-PF03's last visit (9 Mar) is after the first year (3 Mar): 12 weeks.
      ['PRIVATE_FOSTERING_OVERDUE', 'child:C-PF04', '2026-01-21', 51, 'red', ['notified C-PF04']],
    ],
    '2026-04-22': [
      // C-PF01: checks due 13 Apr (9 days), next visit due 10 Mar + 6 weeks = 21 Apr (1 day): from 13 Apr, both evidence.
      // C-PF04's case closed on 16 Mar, ending the arrangement; C-PF03's next visit is due 1 Jun (6 weeks would be 20 Apr).
      ['PRIVATE_FOSTERING_OVERDUE', 'child:C-PF01', '2026-04-13', 9, 'amber', ['ChildVisited C-PF01 2026-03-10', 'notified C-PF01']],
    ],
    '2026-05-05': [
      // C-PF02: notified 20 Apr, first visit due 29 Apr (7 working days); 10 working days on 5 May (≤ 14): 6 days.
      // C-PF01 visited 28 Apr and checked 23 Apr.
      ['PRIVATE_FOSTERING_OVERDUE', 'child:C-PF02', '2026-04-29', 6, 'amber', ['notified C-PF02']],
    ],
  },
  knownAt: [
    {
      rule: 'PRIVATE_FOSTERING_OVERDUE',
      direction: 'forward',
      asOf: '2026-05-05',
      knownAt: '2026-05-04',
      flag: ['PRIVATE_FOSTERING_OVERDUE', 'child:C-PF02', '2026-04-29', 6, 'amber', ['notified C-PF02']],
      why: "C-PF02's notification (20 Apr) was logged on 5 May",
    },
    {
      rule: 'PRIVATE_FOSTERING_OVERDUE',
      direction: 'reverse',
      asOf: '2026-05-05',
      knownAt: '2026-05-05',
      // Not knowing the 28 Apr visit: due 21 Apr; 14 days. The checks (23 Apr) were logged on time.
      flag: ['PRIVATE_FOSTERING_OVERDUE', 'child:C-PF01', '2026-04-21', 14, 'amber', ['ChildVisited C-PF01 2026-03-10']],
      why: "C-PF01's 28 Apr visit was logged on 11 May",
    },
  ],
};
