import { sortKey, subjectKey, type AssessmentPeriod, type IsoDate, type Subject } from '@app/domain';
import type { EntityManager } from 'typeorm';
import { FlagPeriodEntity, type FlagPeriodRow } from './flag-period.entities.js';

/** Rows per statement: 13 parameters each (2,600 in all) stays far below SQLite's and PostgreSQL's limits. */
const CHUNK = 200;

/**
 * The rows of these subjects that a recompute from `from` as known on `knownOn` can
 * change: those believed now, and those whose belief ended on `knownOn` (believed again
 * when derived again the same day), of days running to `from` or later (a period over
 * by then is neither cut nor believed again: a team's flagged periods each hold every
 * open case as evidence, and there are hundreds). One query per kind of subject, by subject.
 */
export async function believedRows(tx: EntityManager, work: { subject: Subject; from: IsoDate }[], knownOn: IsoDate): Promise<Map<string, FlagPeriodRow[]>> {
  const bySubject = new Map<string, FlagPeriodRow[]>(work.map((w) => [subjectKey(w.subject), []]));
  const mark = placeholders(tx);
  for (const type of ['worker', 'child', 'team'] as const) {
    const ofType = work.filter((w) => w.subject.type === type).sort((a, b) => (a.from < b.from ? -1 : 1));
    await chunked(ofType, CHUNK * 4, async (chunk) => {
      const sql = `SELECT ${SELECTED} FROM flag_periods WHERE subject_type = ${mark(1)} AND (known_to IS NULL OR known_to = ${mark(2)})
        AND (valid_to IS NULL OR valid_to >= ${mark(3)}) AND subject_id IN (${chunk.map((_, i) => mark(i + 4)).join(', ')})`;
      const rows = (await tx.query(sql, [type, knownOn, chunk[0].from, ...chunk.map((w) => w.subject.id)])) as FlagPeriodRow[];
      for (const row of rows) bySubject.get(`${row.subjectType}:${row.subjectId}`)!.push({ ...row, id: String(row.id) });
    });
  }
  return bySubject;
}

/**
 * The changes of one recording day's recompute, gathered subject by subject and written
 * in a few statements: rows whose belief ends, rows believed again, rows added.
 */
export class PeriodWrites {
  private readonly deleted: string[] = [];
  private readonly ended: string[] = [];
  private readonly reopened: string[] = [];
  private readonly added: FlagPeriodRow[] = [];

  constructor(private readonly knownOn: IsoDate) {}

  /**
   * Makes the subject's believed periods from `from` on those derived, as known on
   * `knownOn`: a period that began before `from` is cut there (or carried on, when the
   * first new period continues it in the same state); rows no longer believed end their
   * belief on `knownOn` (or go, when believed only since `knownOn`); an identical row
   * whose belief ended on `knownOn` is believed again rather than written twice.
   * `believed`: the subject's rows (believedRows) of the rules the periods were derived for.
   */
  replace(subject: Subject, from: IsoDate, periods: AssessmentPeriod[], believed: FlagPeriodRow[]): void {
    // A period ending on `from` is included: the first new period may continue it (a batch boundary can fall between them).
    const current = believed.filter((r) => r.knownTo === null && (r.validTo === null || r.validTo >= from));
    const endedToday = new Map(believed.filter((r) => r.knownTo === this.knownOn).map((r) => [identity(r), r]));
    const wanted = new Map(desiredRows(subject, from, periods, current).map((r) => [identity(r), r]));
    for (const stale of current.filter((r) => !wanted.delete(identity(r)))) (stale.knownFrom === this.knownOn ? this.deleted : this.ended).push(stale.id!);
    for (const row of wanted.values()) {
      const before = endedToday.get(identity(row));
      if (before) this.reopened.push(before.id!);
      else this.added.push({ ...row, knownFrom: this.knownOn, knownTo: null });
    }
  }

  async write(tx: EntityManager): Promise<void> {
    const update = () => tx.createQueryBuilder().update(FlagPeriodEntity);
    await chunked(this.deleted, CHUNK * 4, (ids) => tx.createQueryBuilder().delete().from(FlagPeriodEntity).where('id IN (:...ids)', { ids }).execute());
    await chunked(this.ended, CHUNK * 4, (ids) => update().set({ knownTo: this.knownOn }).where('id IN (:...ids)', { ids }).execute());
    await chunked(this.reopened, CHUNK * 4, (ids) => update().set({ knownTo: null }).where('id IN (:...ids)', { ids }).execute());
    await chunked(this.added, CHUNK, (rows) => insertRows(tx, rows));
  }
}

/**
 * Inserts new rows in one statement, written out rather than built by the ORM's insert
 * builder: a rebuild inserts hundreds of thousands, and building each statement cost
 * more than SQLite took to run it.
 */
function insertRows(tx: EntityManager, rows: FlagPeriodRow[]): Promise<unknown> {
  const mark = placeholders(tx);
  const values = rows.map((_, r) => `(${COLUMNS.map((_, c) => mark(r * COLUMNS.length + c + 1)).join(', ')})`);
  const sql = `INSERT INTO flag_periods (${COLUMNS.map(([column]) => column).join(', ')}) VALUES ${values.join(', ')}`;
  return tx.query(
    sql,
    rows.flatMap((row) => COLUMNS.map(([, field]) => row[field])),
  );
}

/** The columns a row is written to and read from, beside its fields (the id is the database's). */
const COLUMNS: [string, Exclude<keyof FlagPeriodRow, 'id'>][] = [
  ['rule', 'rule'],
  ['subject_type', 'subjectType'],
  ['subject_id', 'subjectId'],
  ['sort_key', 'sortKey'],
  ['valid_from', 'validFrom'],
  ['valid_to', 'validTo'],
  ['known_from', 'knownFrom'],
  ['known_to', 'knownTo'],
  ['team_id', 'teamId'],
  ['worker_id', 'workerId'],
  ['severity', 'severity'],
  ['due_since', 'dueSince'],
  ['state', 'state'],
];

const SELECTED = ['id AS "id"', ...COLUMNS.map(([column, field]) => `${column} AS "${field}"`)].join(', ');

/** The n-th (from 1) parameter marker of the store's SQL: PostgreSQL numbers them. */
const placeholders = (tx: EntityManager) => (tx.connection.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?');

async function chunked<T>(items: T[], size: number, run: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await run(items.slice(i, i + size));
}

/** A period's identity: the same rule, days and state are the same belief, whichever row holds it. */
const identity = (r: FlagPeriodRow) => `${r.rule}|${r.validFrom}|${r.validTo ?? ''}|${r.state}`;

/** The rows the subject should have from `from` on: the periods derived, joined to the ones running into `from` when they continue them. */
function desiredRows(subject: Subject, from: IsoDate, periods: AssessmentPeriod[], current: FlagPeriodRow[]): FlagPeriodRow[] {
  const rows = periods.map((p) => rowOf(subject, p));
  for (const before of current.filter((r) => r.validFrom < from)) {
    const next = rows.find((r) => r.rule === before.rule && r.validFrom === from);
    if (next && next.state === before.state) next.validFrom = before.validFrom;
    else rows.push({ ...before, id: undefined, validTo: from });
  }
  return rows;
}

function rowOf(subject: Subject, p: AssessmentPeriod): FlagPeriodRow {
  return {
    rule: p.rule,
    subjectType: subject.type,
    subjectId: subject.id,
    sortKey: sortKey({ rule: p.rule, subject }),
    validFrom: p.from,
    validTo: p.to ?? null,
    knownFrom: '',
    knownTo: null,
    teamId: p.state.teamId ?? null,
    workerId: p.state.workerId ?? null,
    severity: p.state.flag?.severity ?? null,
    dueSince: p.state.flag?.dueSince ?? null,
    state: JSON.stringify(p.state),
  };
}
