import type { Flag } from '@app/domain';
import { stringify } from 'csv-stringify/sync';

const CSV_COLUMNS = ['rule', 'subjectType', 'subjectId', 'teamId', 'workerId', 'dueSince', 'daysOverdue', 'severity', 'finding', 'measures', 'evidence'];

/** The flags as CSV. Cells that a spreadsheet would run as formulas are escaped (CSV injection). */
export function flagsAsCsv(flags: Flag[]): string {
  const rows = flags.map((f) => [
    f.rule,
    f.subject.type,
    f.subject.id,
    f.teamId ?? '',
    f.workerId ?? '',
    f.dueSince,
    f.daysOverdue,
    f.severity,
    f.finding,
    Object.entries(f.measures ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    f.evidence.join(' '),
  ]);
  return stringify([CSV_COLUMNS, ...rows], { escape_formulas: true });
}
