import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** One look at one child's data: who, when, through which endpoint, in which request. */
export interface ChildRead {
  at: string;
  actor: string;
  role: string;
  teamId?: string;
  correlationId: string;
  endpoint: string;
  childId: string;
}

export interface LoggedRead extends ChildRead {
  id: number;
}

export interface AccessLogFilter {
  childId?: string;
  actor?: string;
  /** Inclusive bounds on `at`, ISO date-times or dates. */
  from?: string;
  to?: string;
  /** Entries with an id above this one. */
  after?: number;
  limit: number;
}

/**
 * The append-only log of who read which child's data. The database refuses to
 * update or delete its rows (triggers), so not even the service can rewrite it.
 * Kept apart from the read models, which may be deleted and rebuilt. Its table and
 * triggers are migrations (libs/composition/src/migrations/access-log.migrations.ts).
 */
export interface AccessLog {
  record(reads: ChildRead[]): Promise<void>;
  query(filter: AccessLogFilter): Promise<LoggedRead[]>;
  close(): Promise<void>;
}

const COLUMNS = 'id, at, actor, role, team_id, correlation_id, endpoint, child_id';

interface Row {
  id: number | string;
  at: string | Date;
  actor: string;
  role: string;
  team_id: string | null;
  correlation_id: string;
  endpoint: string;
  child_id: string;
}

const fromRow = (r: Row): LoggedRead => ({
  id: Number(r.id),
  at: r.at instanceof Date ? r.at.toISOString() : r.at,
  actor: r.actor,
  role: r.role,
  ...(r.team_id ? { teamId: r.team_id } : {}),
  correlationId: r.correlation_id,
  endpoint: r.endpoint,
  childId: r.child_id,
});

/** The filter as SQL conditions with numbered parameters ($1… for PostgreSQL, ? for SQLite). */
function where(filter: AccessLogFilter, placeholder: (n: number) => string): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', placeholder(params.length)));
  };
  if (filter.childId) add('child_id = ?', filter.childId);
  if (filter.actor) add('actor = ?', filter.actor);
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at <= ?', filter.to.length === 10 ? `${filter.to}T23:59:59.999Z` : filter.to);
  if (filter.after !== undefined) add('id > ?', filter.after);
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export class SqliteAccessLog implements AccessLog {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): SqliteAccessLog {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    return new SqliteAccessLog(db);
  }

  async record(reads: ChildRead[]): Promise<void> {
    const insert = this.db.prepare('INSERT INTO child_reads (at, actor, role, team_id, correlation_id, endpoint, child_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const r of reads) insert.run(r.at, r.actor, r.role, r.teamId ?? null, r.correlationId, r.endpoint, r.childId);
    })();
  }

  async query(filter: AccessLogFilter): Promise<LoggedRead[]> {
    const { sql, params } = where(filter, () => '?');
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM child_reads ${sql} ORDER BY id LIMIT ?`).all(...params, filter.limit) as Row[];
    return rows.map(fromRow);
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
    await pool.query('SELECT 1 FROM child_reads LIMIT 0').catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return new PostgresAccessLog(pool);
  }

  async record(reads: ChildRead[]): Promise<void> {
    if (reads.length === 0) return;
    await this.pool.query(
      `INSERT INTO child_reads (at, actor, role, team_id, correlation_id, endpoint, child_id)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        reads.map((r) => r.at),
        reads.map((r) => r.actor),
        reads.map((r) => r.role),
        reads.map((r) => r.teamId ?? null),
        reads.map((r) => r.correlationId),
        reads.map((r) => r.endpoint),
        reads.map((r) => r.childId),
      ],
    );
  }

  async query(filter: AccessLogFilter): Promise<LoggedRead[]> {
    const { sql, params } = where(filter, (n) => `$${n}`);
    const res = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM child_reads ${sql} ORDER BY id LIMIT $${params.length + 1}`, [...params, filter.limit]);
    return res.rows.map(fromRow);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
