import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Children who go missing, team T-MS (manager W-MM oversees every decision), 2026.
 * C-MS01: back on Tuesday 3 Mar and offered an interview on the 5th; back again on
 * Monday 11 May, offered one only on the 19th. C-MS02: away from placement in April
 * (no interview owed); missing on 29 Jun, back on the 30th, offered an interview on
 * 2 Jul that is logged on 20 Jul. C-MS03: missing 6–7 Jul, both logged on 21 Jul,
 * never offered an interview.
 */
const h = new History('W-MM');

h.join('W-MM', 'T-MS', '2025-01-06', 'team_manager');
h.join('W-M1', 'T-MS', '2025-01-06');

const episode = (c: string, id: string, kind: 'missing' | 'away', from: string, back: string, recordedOn?: string) => {
  h.record('ChildWentMissing', from, { childId: c, episodeId: id, kind }, { recordedOn });
  h.record('ChildReturned', back, { childId: c, episodeId: id }, { recordedOn });
};
const interview = (c: string, id: string, on: string, recordedOn?: string) => h.record('ReturnInterviewOffered', on, { childId: c, episodeId: id, accepted: true }, { recordedOn });

for (const [c, born] of [
  ['C-MS01', '2011-03'],
  ['C-MS02', '2010-07'],
  ['C-MS03', '2012-11'],
]) {
  h.register(c, '2026-01-05', born);
  h.allocate(c, 'W-M1', 'T-MS', '2026-01-05');
}

episode('C-MS01', 'M-MS01-1', 'missing', '2026-03-02', '2026-03-03');
interview('C-MS01', 'M-MS01-1', '2026-03-05');
episode('C-MS01', 'M-MS01-2', 'missing', '2026-05-08', '2026-05-11');
interview('C-MS01', 'M-MS01-2', '2026-05-19');

episode('C-MS02', 'M-MS02-1', 'away', '2026-04-06', '2026-04-07');
episode('C-MS02', 'M-MS02-2', 'missing', '2026-06-29', '2026-06-30');
interview('C-MS02', 'M-MS02-2', '2026-07-02', '2026-07-20');

episode('C-MS03', 'M-MS03-1', 'missing', '2026-07-06', '2026-07-07', '2026-07-21');

export const missing: Story = {
  name: 'children who go missing: return interviews',
  today: '2026-07-31',
  rules: ['RETURN_INTERVIEW_OVERDUE', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    // C-MS01 was offered an interview two days after coming back.
    '2026-03-10': [],
    '2026-05-15': [
      // Back on 11 May: 72 hours end on 14 May; one day over, amber (red after 3).
      ['RETURN_INTERVIEW_OVERDUE', 'child:C-MS01', '2026-05-14', 1, 'amber', ['ChildWentMissing C-MS01 2026-05-08', 'ChildReturned C-MS01 2026-05-11']],
    ],
    '2026-07-22': [
      // Back on 7 Jul, due 10 Jul, never offered: 12 days, red. C-MS01 and C-MS02 were offered theirs.
      ['RETURN_INTERVIEW_OVERDUE', 'child:C-MS03', '2026-07-10', 12, 'red', ['ChildWentMissing C-MS03 2026-07-06', 'ChildReturned C-MS03 2026-07-07']],
    ],
  },
  knownAt: [
    {
      rule: 'RETURN_INTERVIEW_OVERDUE',
      direction: 'forward',
      asOf: '2026-07-22',
      knownAt: '2026-07-15',
      flag: ['RETURN_INTERVIEW_OVERDUE', 'child:C-MS03', '2026-07-10', 12, 'red', ['ChildWentMissing C-MS03 2026-07-06', 'ChildReturned C-MS03 2026-07-07']],
      why: "C-MS03's episode (6–7 Jul) was logged on 21 Jul",
    },
    {
      rule: 'RETURN_INTERVIEW_OVERDUE',
      direction: 'reverse',
      asOf: '2026-07-10',
      knownAt: '2026-07-10',
      // Back on 30 Jun, due 3 Jul: 7 days, more than 3 over: red.
      flag: ['RETURN_INTERVIEW_OVERDUE', 'child:C-MS02', '2026-07-03', 7, 'red', ['ChildWentMissing C-MS02 2026-06-29', 'ChildReturned C-MS02 2026-06-30']],
      why: "C-MS02's return interview (2 Jul) was logged on 20 Jul",
    },
  ],
};
