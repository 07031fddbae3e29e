import { setImmediate } from 'node:timers/promises';
import { DEFAULT_POLICY, flagReason, longDate, RULES, ruleTitle, type Flag, type Policy } from '@app/domain';
import { stringify } from 'csv-stringify/sync';

const SUBJECT_WORDS: Record<Flag['subject']['type'], string> = { child: 'Child', worker: 'Worker', team: 'Team' };
const SEVERITY_WORDS: Record<Flag['severity'], string> = { red: 'Red', amber: 'Amber' };
const CONDITIONS = new Set<string>(RULES.filter((r) => r.kind === 'condition').map((r) => r.rule));

/**
 * The columns, in the words of the flags page, then the references and codes a
 * program reading the file needs (after the readable ones, so a person reads from
 * the left). A duty has a due date and days overdue; a condition has the date it was
 * first flagged and no days overdue (it is not late: it holds).
 */
const COLUMNS: { header: string; cell: (f: Flag, policy: Policy) => string | number }[] = [
  { header: 'Rule', cell: (f) => ruleTitle(f.rule) },
  { header: 'Reason', cell: (f, policy) => flagReason(f, policy) },
  { header: 'Child, worker or team', cell: (f) => `${SUBJECT_WORDS[f.subject.type]} ${f.subject.id}` },
  { header: 'Team', cell: (f) => f.teamId ?? '' },
  // As on the flags page: a child's allocated worker, or the worker a worker's flag is about.
  { header: 'Worker', cell: (f) => f.workerId ?? (f.subject.type === 'worker' ? f.subject.id : '') },
  { header: 'Due since', cell: (f) => (isCondition(f) ? '' : longDate(f.dueSince)) },
  { header: 'Flagged since', cell: (f) => (isCondition(f) ? longDate(f.dueSince) : '') },
  { header: 'Days overdue', cell: (f) => (isCondition(f) ? '' : f.daysOverdue) },
  { header: 'Severity', cell: (f) => SEVERITY_WORDS[f.severity] },
  { header: 'Inspection finding', cell: (f) => f.finding },
  { header: 'Evidence', cell: (f) => evidenceInWords(f.evidence) },
  { header: 'Rule code', cell: (f) => f.rule },
  { header: 'Subject type', cell: (f) => f.subject.type },
  { header: 'Subject reference', cell: (f) => f.subject.id },
  { header: 'Since (YYYY-MM-DD)', cell: (f) => f.dueSince },
  { header: 'Days since', cell: (f) => f.daysOverdue },
  { header: 'Evidence event ids', cell: (f) => f.evidence.join(' ') },
];

export const CSV_HEADERS = COLUMNS.map((c) => c.header);

function isCondition(flag: Flag): boolean {
  return CONDITIONS.has(flag.rule);
}

/** "2 recorded events: a, b": the ids are all a flag holds of its evidence. */
function evidenceInWords(ids: string[]): string {
  if (ids.length === 0) return '';
  return `${ids.length} recorded event${ids.length === 1 ? '' : 's'}: ${ids.join(', ')}`;
}

/**
 * The flags as CSV, for a spreadsheet: UTF-8 with a byte-order mark (without it Excel
 * on Windows reads the file as ANSI and the findings' ¶ turn into Â¶), reasons worded
 * under `policy`'s thresholds. Cells that a spreadsheet would run as formulas are
 * escaped (CSV injection).
 */
export async function flagsAsCsv(flags: Flag[], policy: Policy = DEFAULT_POLICY): Promise<string> {
  const parts = [stringify([CSV_HEADERS], { bom: true })];
  // A far date's export is thousands of flags, each reason worded: the event loop gets a turn between slices.
  for (let i = 0; i < flags.length; i += SLICE) {
    if (i > 0) await setImmediate();
    parts.push(
      stringify(
        flags.slice(i, i + SLICE).map((f) => COLUMNS.map((c) => c.cell(f, policy))),
        { escape_formulas: true },
      ),
    );
  }
  return parts.join('');
}

/** Flags written between two turns of the event loop. */
const SLICE = 500;
