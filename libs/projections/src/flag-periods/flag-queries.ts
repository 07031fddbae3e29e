import { addDays, assessmentOf, summariseCounts, type AssessmentCount, type AssessmentPeriod, type ComplianceSummary, type Flag, type IsoDate, type Subject } from '@app/domain';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { FlagPeriodEntity, type FlagPeriodRow } from './flag-period.entities.js';

/** The as-of date asked about, as known on `knownAt` (today's knowledge without one). */
export interface FlagView {
  asOf: IsoDate;
  knownAt?: IsoDate;
}

/** GET /flags's filters: a worker's flags are its own and those of the children allocated to it. */
export interface FlagFilters {
  rule?: string;
  severity?: string;
  teamId?: string;
  workerId?: string;
  childId?: string;
}

/** A page after a cursor (the last item of the page before), `limit` items long. */
export interface PageRequest {
  after?: string;
  limit: number;
}

export interface FlagsFound {
  /** Every flag matching, on every page. */
  total: number;
  flags: Flag[];
}

/**
 * The flags `flagsOf(evaluate(...))` gives for `view`, filtered as GET /flags filters
 * them, in sortKey order, the page after the flag whose sortKey is `page.after`.
 * Counted and paged in SQL: only the page's rows are read and parsed. The count finds
 * the matches by their days; a page sorts them when they are at most `sortAtMost`, and
 * otherwise walks the sort_key index until it has a page (sorting every open flag for
 * a far date took 845 ms at scale 5; walking, a page comes early).
 */
export async function flagsPage(tx: EntityManager, view: FlagView, filters: FlagFilters, page: PageRequest, sortAtMost = SORT_AT_MOST): Promise<FlagsFound> {
  const query = flaggedOn(tx, view, 'days');
  matching(query, filters);
  const total = await countOf(query);
  const paged = total <= sortAtMost ? query.clone() : flaggedOn(tx, view, 'sortKeys');
  if (paged !== query) matching(paged, filters);
  paged.orderBy('p.sort_key').limit(page.limit);
  if (page.after !== undefined) paged.andWhere('p.sort_key > :after', { after: page.after });
  const rows = await paged.getMany();
  return { total, flags: rows.map((r) => flagOn(r, view.asOf)) };
}

/**
 * The flags that become due in the `within` days after `today` if nothing else is
 * recorded: in today's belief, the flagged periods whose flag is due on a day in
 * (today, today + within], each flag once, from its first period (the state it opens
 * in), as it is on its due date (daysOverdue 0). Ordered by due date then sortKey;
 * `page.after` is an `upcomingCursor`.
 */
export async function upcomingFlags(tx: EntityManager, today: IsoDate, within: number, filters: FlagFilters, page: PageRequest): Promise<FlagsFound> {
  const query = tx
    .createQueryBuilder(FlagPeriodEntity, 'p')
    .where('p.known_to IS NULL AND p.severity IS NOT NULL')
    .andWhere('p.due_since > :today AND p.due_since <= :until', { today, until: addDays(today, within) })
    // A flag's later periods (red after amber, new evidence) keep its due date: only its first counts
    // (severity named so the flagged sort_key index finds them: one subject's rows, not every current one).
    .andWhere(
      'NOT EXISTS (SELECT 1 FROM flag_periods e WHERE e.severity IS NOT NULL AND e.known_to IS NULL AND e.sort_key = p.sort_key AND e.due_since = p.due_since AND e.valid_from < p.valid_from)',
    );
  matching(query, filters);
  const total = await countOf(query);
  const paged = query.clone().orderBy('p.due_since').addOrderBy('p.sort_key').limit(page.limit);
  if (page.after !== undefined) {
    const { dueSince, sortKey } = parseUpcomingCursor(page.after);
    paged.andWhere('(p.due_since > :dueSince OR (p.due_since = :dueSince AND p.sort_key > :sortKey))', { dueSince, sortKey });
  }
  const rows = await paged.getMany();
  return { total, flags: rows.map((r) => flagOn(r, r.dueSince!)) };
}

/** One worker's flags on a view: on the worker, on the children allocated to them, and how many of both are red. */
export interface WorkerFlagCounts {
  workerId: string;
  own: number;
  children: number;
  red: number;
}

/**
 * Per worker of one team, the flags of a view (as `flagsPage` finds them for the team):
 * a worker's own, and their allocated children's. Counted in SQL, so a team's overview
 * reads a row per worker, not every flag. Unordered.
 */
export async function flagCountsByWorker(tx: EntityManager, view: FlagView, teamId: string): Promise<WorkerFlagCounts[]> {
  const query = flaggedOn(tx, view, 'days');
  matching(query, { teamId });
  const rows: { worker: string | null; type: string; severity: string; n: string | number }[] = await query
    .select("CASE WHEN p.subject_type = 'worker' THEN p.subject_id ELSE p.worker_id END", 'worker')
    .addSelect('p.subject_type', 'type')
    .addSelect('p.severity', 'severity')
    .addSelect('COUNT(*)', 'n')
    .groupBy("CASE WHEN p.subject_type = 'worker' THEN p.subject_id ELSE p.worker_id END")
    .addGroupBy('p.subject_type')
    .addGroupBy('p.severity')
    .getRawMany();
  const byWorker = new Map<string, WorkerFlagCounts>();
  // A team's own flags name no worker, nor does a child's with no allocated worker.
  for (const { worker, type, severity, n } of rows) {
    if (!worker || type === 'team') continue;
    const counts = byWorker.get(worker) ?? { workerId: worker, own: 0, children: 0, red: 0 };
    if (type === 'worker') counts.own += Number(n);
    else counts.children += Number(n);
    if (severity === 'red') counts.red += Number(n);
    byWorker.set(worker, counts);
  }
  return [...byWorker.values()];
}

/** Where an upcoming flag stands in `upcomingFlags`'s order: its due date, then its sortKey. */
export const upcomingCursor = (flag: Pick<Flag, 'dueSince' | 'rule' | 'subject'>): string => `${flag.dueSince}|${flag.rule}|${flag.subject.type}|${flag.subject.id}`;

function parseUpcomingCursor(cursor: string): { dueSince: IsoDate; sortKey: string } {
  const at = cursor.indexOf('|');
  return { dueSince: cursor.slice(0, at), sortKey: cursor.slice(at + 1) };
}

/**
 * The compliance summary (as `summarise(evaluate(...), { teamId })` gives it) on each
 * of `dates`, as known on `knownAt`: one query reads the believed periods once, counting
 * for each rule, team and severity how many cover each date (a column per date: four
 * times faster than joining the dates to the periods, which reads each period per date).
 */
export async function complianceCounts(tx: EntityManager, dates: IsoDate[], knownAt?: IsoDate, teamId?: string): Promise<Map<IsoDate, ComplianceSummary>> {
  const countsOn = await assessmentCounts(tx, dates, knownAt, teamId);
  return new Map(dates.map((date) => [date, summariseCounts(countsOn(date), { teamId })]));
}

/**
 * Each team's compliance summary on each of `dates` (what `complianceCounts` gives for
 * the team), from the same one query: the teams side by side cost one read, not two per team.
 */
export async function complianceByTeam(tx: EntityManager, dates: IsoDate[], knownAt?: IsoDate): Promise<Map<string, Map<IsoDate, ComplianceSummary>>> {
  const countsOn = await assessmentCounts(tx, dates, knownAt);
  const teamIds = [...new Set(dates.flatMap((d) => countsOn(d).map((c) => c.teamId)))].filter((t): t is string => t !== null).sort();
  return new Map(teamIds.map((teamId) => [teamId, new Map(dates.map((date) => [date, summariseCounts(countsOn(date), { teamId })]))]));
}

/** How many believed periods of each rule, team and severity cover each of `dates` (one team's, or all). */
async function assessmentCounts(tx: EntityManager, dates: IsoDate[], knownAt?: IsoDate, teamId?: string): Promise<(date: IsoDate) => AssessmentCount[]> {
  if (dates.length === 0) return () => [];
  const sorted = [...dates].sort();
  const covers = (i: number) => `SUM(CASE WHEN p.valid_from <= :d${i} AND (p.valid_to IS NULL OR p.valid_to > :d${i}) THEN 1 ELSE 0 END) AS n${i}`;
  const sql = `SELECT p.rule AS rule, p.team_id AS team_id, p.severity AS severity, ${dates.map((_, i) => covers(i)).join(', ')}
    FROM flag_periods p
    WHERE ${believedOn(knownAt)} AND p.valid_from <= :last AND (p.valid_to IS NULL OR p.valid_to > :first) ${teamId === undefined ? '' : 'AND p.team_id = :teamId'}
    GROUP BY p.rule, p.team_id, p.severity`;
  const params = { ...Object.fromEntries(dates.map((d, i) => [`d${i}`, d])), first: sorted[0], last: sorted.at(-1), knownAt, teamId };
  const [text, bound] = tx.connection.driver.escapeQueryWithParameters(sql, params);
  const rows: (Record<string, string | number | null> & { rule: AssessmentCount['rule']; team_id: string | null; severity: AssessmentCount['severity'] })[] = await tx.query(text, bound);
  return (date) => {
    const i = dates.indexOf(date);
    return rows.map((r) => ({ rule: r.rule, teamId: r.team_id, severity: r.severity, count: Number(r[`n${i}`]) }));
  };
}

/** The rows believed on `knownAt` (today's belief, the open rows, without one). */
const believedOn = (knownAt: IsoDate | undefined): string => (knownAt ? 'p.known_from <= :knownAt AND (p.known_to IS NULL OR p.known_to > :knownAt)' : 'p.known_to IS NULL');

/** Matches a page sorts rather than walking the sort_key index for (flagsPage). */
const SORT_AT_MOST = 2000;

/**
 * The flagged periods believed on `view.knownAt` (today's belief without one) that cover
 * `view.asOf`. By `days`: a box lookup in an index of their days, SQLite's R*Tree
 * (flag_period_days) or PostgreSQL's GiST of date ranges (flag_days). By `sortKeys`:
 * conditions a walk of the sort_key index checks as it goes, today's belief written so
 * that no index can seek on it (SQLite would otherwise seek every current flag by date
 * and sort them all).
 */
function flaggedOn(tx: EntityManager, view: FlagView, by: 'days' | 'sortKeys'): SelectQueryBuilder<FlagPeriodRow> {
  const query = tx.createQueryBuilder(FlagPeriodEntity, 'p').where('p.severity IS NOT NULL');
  const sqlite = tx.connection.options.type !== 'postgres';
  if (sqlite && by === 'days') {
    const known = view.knownAt ? 'd.known_from <= :knownDay AND d.known_to > :knownDay' : `d.known_to >= ${OPEN_DAY}`;
    return query
      .innerJoin('flag_period_days', 'd', 'd.id = p.id')
      .andWhere('d.valid_from <= :asOfDay AND d.valid_to > :asOfDay', { asOfDay: dayNumber(view.asOf) })
      .andWhere(known, { knownDay: view.knownAt && dayNumber(view.knownAt) });
  }
  if (!sqlite && by === 'days') {
    // An open range contains infinity: today's belief is the periods whose belief has not ended.
    return query
      .andWhere('flag_days(p.valid_from, p.valid_to) @> CAST(:asOf AS date)', { asOf: view.asOf })
      .andWhere('flag_days(p.known_from, p.known_to) @> CAST(:knownAt AS date)', { knownAt: view.knownAt ?? 'infinity' });
  }
  const belief = sqlite && !view.knownAt ? "COALESCE(p.known_to, '') = ''" : believedOn(view.knownAt);
  return query.andWhere('p.valid_from <= :asOf AND (p.valid_to IS NULL OR p.valid_to > :asOf)', { asOf: view.asOf }).andWhere(belief, { knownAt: view.knownAt });
}

/** A date as SQLite's day number (its Julian day, whole: `CAST(julianday(date) AS INTEGER)`), as flag_period_days holds it. */
const dayNumber = (date: IsoDate): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000 + 2_440_587;

/** An open end (NULL) in flag_period_days. */
const OPEN_DAY = 2_147_483_647;

/** GET /flags's filters (get-flags.handler.ts `matches`) as conditions on the periods. */
function matching(query: SelectQueryBuilder<FlagPeriodRow>, f: FlagFilters): void {
  // sortKey starts with the rule, so its rows are one range of the sort_key index ('}' follows '|').
  if (f.rule) query.andWhere('p.rule = :rule AND p.sort_key > :ruleFrom AND p.sort_key < :ruleTo', { rule: f.rule, ruleFrom: `${f.rule}|`, ruleTo: `${f.rule}}` });
  if (f.severity) query.andWhere('p.severity = :severity', { severity: f.severity });
  if (f.teamId) query.andWhere('p.team_id = :teamId', { teamId: f.teamId });
  if (f.workerId) query.andWhere("((p.subject_type = 'worker' AND p.subject_id = :workerId) OR p.worker_id = :workerId)", { workerId: f.workerId });
  if (f.childId) query.andWhere("p.subject_type = 'child' AND p.subject_id = :childId", { childId: f.childId });
}

async function countOf(query: SelectQueryBuilder<FlagPeriodRow>): Promise<number> {
  const row = await counting(query).getRawOne<{ total: string | number }>();
  return Number(row?.total ?? 0);
}

const counting = (query: SelectQueryBuilder<FlagPeriodRow>) => query.clone().select('COUNT(*)', 'total');

/**
 * How the store plans counting the flags of a view (its EXPLAIN, as text): a test holds
 * it to the index of the periods' days, which an edit of the query or the index could
 * otherwise leave unused without changing any answer.
 */
export async function flagCountPlan(tx: EntityManager, view: FlagView): Promise<string> {
  const [sql, parameters] = counting(flaggedOn(tx, view, 'days')).getQueryAndParameters();
  const explain = tx.connection.options.type === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN';
  return JSON.stringify(await tx.query(`${explain} ${sql}`, parameters));
}

/** The flag a flagged period's row shows on `asOf`, a day the period covers. */
const flagOn = (row: FlagPeriodRow, asOf: IsoDate): Flag => assessmentOf(periodOf(row), asOf).flag!;

/** A row read back as the domain's period (its state parsed). */
export function periodOf(row: FlagPeriodRow): AssessmentPeriod {
  return {
    rule: row.rule as AssessmentPeriod['rule'],
    subject: { type: row.subjectType as Subject['type'], id: row.subjectId },
    from: row.validFrom,
    ...(row.validTo ? { to: row.validTo } : {}),
    state: JSON.parse(row.state),
  };
}

/**
 * Every period believed on `knownAt` (today's belief without one) that covers `asOf`,
 * flagged or not, of one rule, team or worker when `filters` says: unfiltered, the whole
 * read model for one view, to hold it to the evaluator; filtered, who is in a rule's scope.
 */
export async function periodsAt(tx: EntityManager, view: FlagView, filters: Pick<FlagFilters, 'rule' | 'teamId' | 'workerId'> = {}): Promise<AssessmentPeriod[]> {
  const query = tx.createQueryBuilder(FlagPeriodEntity, 'p').where('p.valid_from <= :asOf AND (p.valid_to IS NULL OR p.valid_to > :asOf)', { asOf: view.asOf });
  query.andWhere(believedOn(view.knownAt), { knownAt: view.knownAt });
  matching(query, filters);
  return (await query.getMany()).map(periodOf);
}
