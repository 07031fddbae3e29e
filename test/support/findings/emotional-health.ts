import { History } from './history.js';
import type { Story } from './story.js';

/**
 * Children in care's emotional health, team T-EH (manager W-EM oversees every decision).
 * C-EH01, in care since January 2025, had a questionnaire on 3 Mar 2025 and the next
 * on 20 Mar 2026, logged on 6 Apr. C-EH02, aged 7, in care since 3 Feb 2025, has had
 * none; her record reached the system only on 20 Feb 2026. C-EH03 is 17: past the age.
 */
const h = new History('W-EM');

h.join('W-EM', 'T-EH', '2024-01-08', 'team_manager');
h.join('W-E1', 'T-EH', '2024-01-08');

const inCare = (c: string, born: string, on: string, recordedOn?: string) => {
  h.register(c, on, born, { recordedOn });
  h.allocate(c, 'W-E1', 'T-EH', on, { recordedOn });
  h.lookedAfter(c, on, 'C2', { recordedOn });
  h.place(c, `P-${c.slice(2)}`, on, { recordedOn });
};
const sdq = (c: string, on: string, recordedOn?: string) => h.record('StrengthsAndDifficultiesRecorded', on, { childId: c, score: 15 }, { recordedOn, label: `SDQ ${c} ${on}` });

inCare('C-EH01', '2014-05', '2025-01-06');
sdq('C-EH01', '2025-03-03');
sdq('C-EH01', '2026-03-20', '2026-04-06');

inCare('C-EH02', '2019-01', '2025-02-03', '2026-02-20');

inCare('C-EH03', '2008-11', '2024-09-02');

export const emotionalHealth: Story = {
  name: "children in care's emotional health: strengths and difficulties questionnaires",
  today: '2026-05-01',
  rules: ['SDQ_OVERDUE', 'OVERSIGHT_MISSING'],
  history: h,
  expected: {
    '2026-03-04': [
      // Last questionnaire 3 Mar 2025: due 3 Mar 2026, one day over.
      ['SDQ_OVERDUE', 'child:C-EH01', '2026-03-03', 1, 'amber', ['SDQ C-EH01 2025-03-03']],
      // 12 months in care on 3 Feb 2026 with none: due then, 29 days over. C-EH03 is 17.
      ['SDQ_OVERDUE', 'child:C-EH02', '2026-02-03', 29, 'amber', ['BecameLookedAfter C-EH02 2025-02-03']],
    ],
    '2026-05-01': [
      // C-EH01 had one on 20 Mar.
      ['SDQ_OVERDUE', 'child:C-EH02', '2026-02-03', 87, 'amber', ['BecameLookedAfter C-EH02 2025-02-03']],
    ],
  },
  knownAt: [
    {
      rule: 'SDQ_OVERDUE',
      direction: 'forward',
      asOf: '2026-03-04',
      knownAt: '2026-02-10',
      flag: ['SDQ_OVERDUE', 'child:C-EH02', '2026-02-03', 29, 'amber', ['BecameLookedAfter C-EH02 2025-02-03']],
      why: "C-EH02's record (in care since 3 Feb 2025) was logged on 20 Feb 2026",
    },
    {
      rule: 'SDQ_OVERDUE',
      direction: 'reverse',
      asOf: '2026-03-31',
      knownAt: '2026-03-31',
      flag: ['SDQ_OVERDUE', 'child:C-EH01', '2026-03-03', 28, 'amber', ['SDQ C-EH01 2025-03-03']],
      why: "C-EH01's questionnaire of 20 Mar was logged on 6 Apr",
    },
  ],
};
