import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Flag } from '@app/domain';
import { flagsAsCsv } from './flags-csv.js';

const flag = (over: Partial<Flag> = {}): Flag => ({
  rule: 'CASELOAD_HIGH',
  subject: { type: 'worker', id: 'W-1' },
  teamId: 'T-1',
  dueSince: '2026-06-01',
  daysOverdue: 29,
  severity: 'amber',
  evidence: ['e-1', 'e-2'],
  finding: 'Social workers have too much work (2018 inspection; 2022 inspection ¶36, ¶45)',
  measures: { casesPerFte: 24, limit: 20 },
  ...over,
});

describe('flagsAsCsv', () => {
  it('writes a header and one row per flag, quoting commas and joining measures and evidence', () => {
    const rows = parse(flagsAsCsv([flag(), flag({ subject: { type: 'child', id: 'C-9' }, workerId: 'W-1', severity: 'red', measures: undefined, evidence: ['e-3'] })])) as string[][];
    expect(rows).toEqual([
      ['rule', 'subjectType', 'subjectId', 'teamId', 'workerId', 'dueSince', 'daysOverdue', 'severity', 'finding', 'measures', 'evidence'],
      [
        'CASELOAD_HIGH',
        'worker',
        'W-1',
        'T-1',
        '',
        '2026-06-01',
        '29',
        'amber',
        'Social workers have too much work (2018 inspection; 2022 inspection ¶36, ¶45)',
        'casesPerFte=24; limit=20',
        'e-1 e-2',
      ],
      ['CASELOAD_HIGH', 'child', 'C-9', 'T-1', 'W-1', '2026-06-01', '29', 'red', 'Social workers have too much work (2018 inspection; 2022 inspection ¶36, ¶45)', '', 'e-3'],
    ]);
  });

  it('escapes cells a spreadsheet would run as formulas (CSV injection)', () => {
    const rows = parse(flagsAsCsv([flag({ measures: { note: '=HYPERLINK("http://x")' }, finding: '+1', teamId: '@T', workerId: '-W' })])) as string[][];
    expect(rows[1][3]).toBe("'@T");
    expect(rows[1][4]).toBe("'-W");
    expect(rows[1][8]).toBe("'+1");
    expect(rows[1][9]).toBe('note==HYPERLINK("http://x")'); // not at the start of the cell: inert
  });
});
