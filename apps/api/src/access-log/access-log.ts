import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** One request's look at child-level data: who, when, through which endpoint, in which request, and the children it showed. */
export interface AccessEntry {
  at: string;
  actor: string;
  role: string;
  teamId?: string;
  correlationId: string;
  endpoint: string;
  /** Each child once, in the order shown. */
  childIds: string[];
}

/** One child of one entry, as the log is queried: each read has an id of its own, in the order written. */
export type LoggedRead = Omit<AccessEntry, 'childIds'> & { id: number; childId: string };

export interface AccessLogFilter {
  childId?: string;
  actor?: string;
  /** Inclusive bounds on `at`, ISO date-times or dates. */
  from?: string;
  to?: string;
  /** Reads with an id above this one. */
  after?: number;
  limit: number;
}

/**
 * The append-only log of who read which child's data: one entry per request, listing
 * its children. An entry's `first_id` is the id of its first child's read and the
 * others follow on (the next entry starts after its last), so each read has its own id,
 * dense and in commit order, and the query answers one read per child as the old row
 * per read did. The database refuses to update or delete entries (triggers), so not
 * even the service can rewrite them. Kept apart from the read models, which may be
 * deleted and rebuilt. Its tables, index and triggers are migrations
 * (libs/composition/src/migrations/access-log.migrations.ts).
 */
export interface AccessLog {
  /** Writes the entries in one transaction: all of them, or none and an error. Resolves once committed. */
  append(entries: AccessEntry[]): Promise<void>;
  query(filter: AccessLogFilter): Promise<LoggedRead[]>;
  close(): Promise<void>;
}

/** Entries read at a time while expanding them into reads (each has one read at least, so a page never needs more than its length). */
const ENTRIES_PER_FETCH = 200;

interface EntryRow {
  first_id: number | string;
  at: string | Date;
  actor: string;
  role: string;
  team_id: string | null;
  correlation_id: string;
  endpoint: string;
}

const readOf = (r: EntryRow, id: number, childId: string): LoggedRead => ({
  id,
  at: r.at instanceof Date ? r.at.toISOString() : r.at,
  actor: r.actor,
  role: r.role,
  ...(r.team_id ? { teamId: r.team_id } : {}),
  correlationId: r.correlation_id,
  endpoint: r.endpoint,
  childId,
});

/** The reads of some entries in id order, those after the cursor only. */
function expand(entries: (EntryRow & { childIds: string[] })[], after: number): LoggedRead[] {
  return entries.flatMap((e) => e.childIds.map((childId, i) => readOf(e, Number(e.first_id) + i, childId))).filter((r) => r.id > after);
}

/**
 * Every read the filter asks for with no child named: entries fetched a batch at a
 * time in id order, expanded, until the page is full or none is left.
 */
async function pageOfReads(filter: AccessLogFilter, fetch: (fromFirstId: number, limit: number) => Promise<(EntryRow & { childIds: string[] })[]>): Promise<LoggedRead[]> {
  const reads: LoggedRead[] = [];
  // One more than the page: the entry at the cursor may have no read after it.
  const perFetch = Math.min(ENTRIES_PER_FETCH, filter.limit + 1);
  let from = 0;
  while (reads.length < filter.limit) {
    const entries = await fetch(from, perFetch);
    reads.push(...expand(entries, filter.after ?? 0));
    if (entries.length < perFetch) break;
    from = Number(entries.at(-1)!.first_id) + 1;
  }
  return reads.slice(0, filter.limit);
}

/** The filter's conditions on an entry, as SQL with numbered parameters ($1… for PostgreSQL, ? for SQLite). */
function where(filter: AccessLogFilter, placeholder: (n: number) => string, params: unknown[] = [], firstId = 'e.first_id'): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', placeholder(params.length)));
  };
  // The entry holding the read after the cursor starts at or before it: entries from there on.
  add(`${firstId} >= coalesce((SELECT max(first_id) FROM access_entries WHERE first_id <= ?), 0)`, filter.after ?? 0);
  if (filter.actor) add('e.actor = ?', filter.actor);
  if (filter.from) add('e.at >= ?', filter.from);
  if (filter.to) add('e.at <= ?', filter.to.length === 10 ? `${filter.to}T23:59:59.999Z` : filter.to);
  return { sql: conditions.join(' AND '), params };
}

const ENTRY_COLUMNS = 'e.first_id, e.at, e.actor, e.role, e.team_id, e.correlation_id, e.endpoint';

/** What the children's index on SQLite holds as one token (its migration's tokenchars, with letters and digits). */
const ONE_TOKEN = /^[A-Za-z0-9._:-]+$/;

export class SqliteAccessLog implements AccessLog {
  private readonly write: (entries: AccessEntry[]) => void;

  private constructor(private readonly db: Database.Database) {
    const nextId = db.prepare<[], number>('SELECT first_id + json_array_length(child_ids) FROM access_entries ORDER BY first_id DESC LIMIT 1').pluck();
    const insertEntry = db.prepare('INSERT INTO access_entries (first_id, at, actor, role, team_id, correlation_id, endpoint, child_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const indexChildren = db.prepare('INSERT INTO access_entry_children (rowid, child_ids) VALUES (?, ?)');
    // BEGIN IMMEDIATE: the next id is read under the write lock it is written with.
    this.write = db.transaction((entries: AccessEntry[]) => {
      let id = nextId.get() ?? 1;
      for (const e of entries) {
        const childIds = JSON.stringify(e.childIds);
        insertEntry.run(id, e.at, e.actor, e.role, e.teamId ?? null, e.correlationId, e.endpoint, childIds);
        indexChildren.run(id, childIds);
        id += e.childIds.length;
      }
    }).immediate;
  }

  static open(file: string): SqliteAccessLog {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    return new SqliteAccessLog(db);
  }

  async append(entries: AccessEntry[]): Promise<void> {
    if (entries.length > 0) this.write(entries);
  }

  async query(filter: AccessLogFilter): Promise<LoggedRead[]> {
    return filter.childId ? this.readsOfChild(filter, filter.childId) : pageOfReads(filter, async (from, limit) => this.entries(filter, from, limit));
  }

  /**
   * Through the children's index (FTS5): the entries whose list holds a token like the
   * child's, then the child matched exactly in each list (the index folds case), which
   * gives its place and so the read's id. Ordered by the index's own order (entries by
   * id), which lets it stop at the page's end; within an entry json_each goes in list order.
   */
  private readsOfChild(filter: AccessLogFilter, childId: string): LoggedRead[] {
    // No reference has another character (the API refuses any other), and the index could not look for it as one token.
    if (!ONE_TOKEN.test(childId)) return [];
    const { sql, params } = where(filter, () => '?', [`"${childId}"`, childId, filter.after ?? 0], 'access_entry_children.rowid');
    const rows = this.db
      .prepare(
        `SELECT ${ENTRY_COLUMNS}, c.key AS position
         FROM access_entry_children JOIN access_entries e ON e.first_id = access_entry_children.rowid JOIN json_each(e.child_ids) c
         WHERE access_entry_children MATCH ? AND c.value = ? AND e.first_id + c.key > ? AND ${sql} ORDER BY access_entry_children.rowid LIMIT ?`,
      )
      .all(...params, filter.limit) as (EntryRow & { position: number })[];
    return rows.map((r) => readOf(r, Number(r.first_id) + r.position, childId));
  }

  private entries(filter: AccessLogFilter, from: number, limit: number): (EntryRow & { childIds: string[] })[] {
    const { sql, params } = where(filter, () => '?');
    const rows = this.db.prepare(`SELECT ${ENTRY_COLUMNS}, e.child_ids FROM access_entries e WHERE ${sql} AND e.first_id >= ? ORDER BY e.first_id LIMIT ?`).all(...params, from, limit) as (EntryRow & {
      child_ids: string;
    })[];
    return rows.map((r) => ({ ...r, childIds: JSON.parse(r.child_ids) as string[] }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

export class PostgresAccessLog implements AccessLog {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PostgresAccessLog> {
    const pool = new pg.Pool({ connectionString: url, max: 3 });
    // An idle connection lost in a server restart must not crash the process: the next query reconnects or fails.
    pool.on('error', () => undefined);
    // Fails now, not at the first read logged, if the server is down or the migrations have not run.
    await pool.query('SELECT 1 FROM access_entries LIMIT 0').catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return new PostgresAccessLog(pool);
  }

  async append(entries: AccessEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const client = await this.pool.connect();
    // Between queries a checked-out client reports a lost server as an 'error' event: the next query fails anyway.
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken = false;
    try {
      // Writers in other processes wait here, so ids are handed out in commit order: a
      // reader paging by cursor never passes an id that a later commit fills in. Reads do not wait.
      await client.query('BEGIN; LOCK TABLE access_entries IN EXCLUSIVE MODE');
      await client.query(INSERT_ENTRIES, [JSON.stringify(asRecords(entries))]);
      await client.query('COMMIT');
    } catch (error) {
      // A connection that cannot even roll back is dead (e.g. the server restarted): dropped from the pool.
      broken = !(await client.query('ROLLBACK').then(
        () => true,
        () => false,
      ));
      throw error;
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  }

  async query(filter: AccessLogFilter): Promise<LoggedRead[]> {
    return filter.childId ? this.readsOfChild(filter, filter.childId) : pageOfReads(filter, (from, limit) => this.entries(filter, from, limit));
  }

  /** Through the GIN index on the children: the entries listing the child, then its place in each list, which gives the read's id. */
  private async readsOfChild(filter: AccessLogFilter, childId: string): Promise<LoggedRead[]> {
    const { sql, params } = where(filter, (n) => `$${n}`, [childId, filter.after ?? 0]);
    const res = await this.pool.query<EntryRow & { position: string }>(
      `SELECT ${ENTRY_COLUMNS}, c.n - 1 AS position FROM access_entries e CROSS JOIN LATERAL unnest(e.child_ids) WITH ORDINALITY AS c(child_id, n)
       WHERE e.child_ids @> ARRAY[$1]::text[] AND c.child_id = $1 AND e.first_id + c.n - 1 > $2 AND ${sql}
       ORDER BY e.first_id, c.n LIMIT $${params.length + 1}`,
      [...params, filter.limit],
    );
    return res.rows.map((r) => readOf(r, Number(r.first_id) + Number(r.position), childId));
  }

  private async entries(filter: AccessLogFilter, from: number, limit: number): Promise<(EntryRow & { childIds: string[] })[]> {
    const { sql, params } = where(filter, (n) => `$${n}`);
    const res = await this.pool.query<EntryRow & { child_ids: string[] }>(
      `SELECT ${ENTRY_COLUMNS}, e.child_ids FROM access_entries e WHERE ${sql} AND e.first_id >= $${params.length + 1} ORDER BY e.first_id LIMIT $${params.length + 2}`,
      [...params, from, limit],
    );
    return res.rows.map((r) => ({ ...r, childIds: r.child_ids }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The entries as the INSERT below reads them from JSON: the columns' names, and where each starts counted from the batch's first id. */
function asRecords(entries: AccessEntry[]) {
  let offset = 0;
  return entries.map((e) => {
    const record = { offset, at: e.at, actor: e.actor, role: e.role, team_id: e.teamId ?? null, correlation_id: e.correlationId, endpoint: e.endpoint, child_ids: e.childIds };
    offset += e.childIds.length;
    return record;
  });
}

/** The batch written from after the last entry: read under the table lock taken before this statement, so no other writer is between. */
const INSERT_ENTRIES = `
  WITH next AS (SELECT coalesce((SELECT first_id + cardinality(child_ids) FROM access_entries ORDER BY first_id DESC LIMIT 1), 1) AS id)
  INSERT INTO access_entries (first_id, at, actor, role, team_id, correlation_id, endpoint, child_ids)
  SELECT next.id + e.offset, e.at, e.actor, e.role, e.team_id, e.correlation_id, e.endpoint, e.child_ids
  FROM next, jsonb_to_recordset($1::jsonb) AS e("offset" bigint, at timestamptz, actor text, role text, team_id text, correlation_id text, endpoint text, child_ids text[])`;
