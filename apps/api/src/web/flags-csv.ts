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
const COLUMNS: { header: string; cell: (f: Flag, policy: Policy, words: EvidenceWords) => string | number }[] = [
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
  { header: 'Evidence', cell: (f, _, words) => evidenceInWords(f.evidence, words) },
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

/** Each evidence event's words by its id ("Visit, 3 March 2026"). */
export type EvidenceWords = ReadonlyMap<string, string>;

/** "Visit, 3 March 2026; Plan started, 1 March 2026": each event in words (by its id only when it has none: not found). */
function evidenceInWords(ids: string[], words: EvidenceWords): string {
  return ids.map((id) => words.get(id) ?? `event ${id}`).join('; ');
}

/**
 * The flags as CSV, for a spreadsheet: UTF-8 with a byte-order mark (without it Excel
 * on Windows reads the file as ANSI and the findings' ¶ turn into Â¶), reasons worded
 * under `policy`'s thresholds. Cells that a spreadsheet would run as formulas are
 * escaped (CSV injection).
 */
export async function flagsAsCsv(flags: Flag[], policy: Policy = DEFAULT_POLICY, words: EvidenceWords = new Map()): Promise<string> {
  const parts = [stringify([CSV_HEADERS], { bom: true })];
  // A far date's export is thousands of flags, each reason worded: the event loop gets a turn between slices.
  for (let i = 0; i < flags.length; i += SLICE) {
    if (i > 0) await setImmediate();
    parts.push(
      stringify(
        flags.slice(i, i + SLICE).map((f) => COLUMNS.map((c) => c.cell(f, policy, words))),
        { escape_formulas: true },
      ),
    );
  }
  return parts.join('');
}

/** Flags written between two turns of the event loop. */
const SLICE = 500;
