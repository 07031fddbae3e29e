import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { DEFAULT_POLICY, type Flag } from '@app/domain';
import { CSV_HEADERS, flagsAsCsv } from './flags-csv.js';

const FINDING = 'Social workers have too much work (2018 inspection; 2022 inspection ¶36, ¶45)';

/** A condition: it holds since a date, it is not overdue. */
const caseload = (over: Partial<Flag> = {}): Flag => ({
  rule: 'CASELOAD_HIGH',
  subject: { type: 'worker', id: 'W-1' },
  teamId: 'T-1',
  dueSince: '2026-06-01',
  daysOverdue: 29,
  severity: 'amber',
  evidence: ['e-1', 'e-2'],
  finding: FINDING,
  measures: { openCases: 24, fte: 1, casesPerFte: 24, limit: 20 },
  ...over,
});

/** A duty: due by a date, and overdue by days. */
const supervision = (over: Partial<Flag> = {}): Flag => ({
  rule: 'SUPERVISION_OVERDUE',
  subject: { type: 'worker', id: 'W-2' },
  teamId: 'T-1',
  dueSince: '2026-05-03',
  daysOverdue: 58,
  severity: 'red',
  evidence: ['e-3'],
  finding: 'Social workers not regularly supervised (2014 inspection)',
  measures: { lastSupervision: '2026-04-05', intervalDays: 28 },
  ...over,
});

const rowsOf = (csv: string): Record<string, string>[] => parse(csv, { columns: true, bom: true });

describe('flagsAsCsv', () => {
  it('starts with a byte-order mark, so Excel on Windows reads it as UTF-8 and the findings’ ¶ survive', async () => {
    const csv = await flagsAsCsv([caseload()]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(rowsOf(csv)[0]['Inspection finding']).toBe(FINDING);
  });

  it('has readable headings first, then the references and codes for programs', async () => {
    expect(CSV_HEADERS).toEqual([
      'Rule',
      'Reason',
      'Child, worker or team',
      'Team',
      'Worker',
      'Due since',
      'Flagged since',
      'Days overdue',
      'Severity',
      'Inspection finding',
      'Evidence',
      'Rule code',
      'Subject type',
      'Subject reference',
      'Since (YYYY-MM-DD)',
      'Days since',
      'Evidence event ids',
    ]);
    const [header] = parse(await flagsAsCsv([]), { bom: true }) as string[][];
    expect(header).toEqual(CSV_HEADERS);
  });

  it('writes a duty in words: its title, reason, subject, due date in full, days overdue and severity', async () => {
    const [row] = rowsOf(await flagsAsCsv([supervision()], DEFAULT_POLICY, new Map([['e-3', 'Supervision, 5 April 2026']])));
    expect(row).toEqual({
      Rule: 'Supervision overdue',
      Reason: 'Last supervised on 5 April 2026; due every 28 days',
      'Child, worker or team': 'Worker W-2',
      Team: 'T-1',
      Worker: 'W-2',
      'Due since': '3 May 2026',
      'Flagged since': '',
      'Days overdue': '58',
      Severity: 'Red',
      'Inspection finding': 'Social workers not regularly supervised (2014 inspection)',
      Evidence: 'Supervision, 5 April 2026',
      'Rule code': 'SUPERVISION_OVERDUE',
      'Subject type': 'worker',
      'Subject reference': 'W-2',
      'Since (YYYY-MM-DD)': '2026-05-03',
      'Days since': '58',
      'Evidence event ids': 'e-3',
    });
  });

  it('writes a condition with the date it was first flagged and no days overdue (it holds, it is not late)', async () => {
    const [row] = rowsOf(await flagsAsCsv([caseload()], DEFAULT_POLICY, new Map([['e-1', 'Case allocated, 1 June 2026']])));
    expect(row).toMatchObject({
      Rule: 'Caseload too high',
      Reason: '24 open cases at 1 FTE: 24 per FTE, above the limit of 20',
      'Due since': '',
      'Flagged since': '1 June 2026',
      'Days overdue': '',
      Severity: 'Amber',
      // An event not found (it cannot be, while its flag stands) keeps its id rather than vanish.
      Evidence: 'Case allocated, 1 June 2026; event e-2',
      'Since (YYYY-MM-DD)': '2026-06-01',
      'Days since': '29',
      'Evidence event ids': 'e-1 e-2',
    });
  });

  it('names a child by its reference, with its allocated worker', async () => {
    const child = supervision({ rule: 'CP_VISIT_OVERDUE', subject: { type: 'child', id: 'C-0001' }, workerId: 'W-9', measures: { workingDays: 20, limit: 15 } });
    const [row] = rowsOf(await flagsAsCsv([child]));
    expect([row.Rule, row.Reason, row['Child, worker or team'], row.Worker, row['Subject type'], row['Subject reference']]).toEqual([
      'Child protection visit overdue',
      'Not visited for 20 working days; visits due every 15 working days',
      'Child C-0001',
      'W-9',
      'child',
      'C-0001',
    ]);
  });

  it('words the reasons under the policy it is given (the thresholds in force), the built-in one by default', async () => {
    const flag = caseload({ rule: 'SUPERVISION_NOT_REFLECTIVE', measures: { sessions: 3, goodSessions: 1 } });
    expect(rowsOf(await flagsAsCsv([flag]))[0].Reason).toBe('1 of 3 sessions in the last 90 days reflective and at least 90 minutes long');
    const local = { ...DEFAULT_POLICY, reflectiveSupervision: { ...DEFAULT_POLICY.reflectiveSupervision, windowDays: 60 } };
    expect(rowsOf(await flagsAsCsv([flag], local))[0].Reason).toBe('1 of 3 sessions in the last 60 days reflective and at least 90 minutes long');
  });

  it('quotes cells with commas and quotes, so each flag stays one row', async () => {
    const rows = parse(await flagsAsCsv([caseload(), supervision()]), { bom: true }) as string[][];
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.length === CSV_HEADERS.length)).toBe(true);
  });

  it('escapes cells a spreadsheet would run as formulas (CSV injection)', async () => {
    const [row] = rowsOf(await flagsAsCsv([caseload({ finding: '=HYPERLINK("http://x")', teamId: '@T', workerId: '-W', subject: { type: 'worker', id: '+1' } })]));
    expect(row['Inspection finding']).toBe('\'=HYPERLINK("http://x")');
    expect(row.Team).toBe("'@T");
    expect(row.Worker).toBe("'-W");
    expect(row['Subject reference']).toBe("'+1");
    expect(row['Child, worker or team']).toBe('Worker +1'); // not at the start of the cell: inert
  });
});
