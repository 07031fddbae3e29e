import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { ACCESS_LOG_MIGRATIONS, ManualClock } from '@app/composition';
import { migratePostgres, migrateSqlite } from '@app/event-store';
import { createTestDatabase, postgresAvailable } from '../../../../libs/event-store/src/testing/index.js';
import { PostgresAccessLog, SqliteAccessLog, type AccessEntry, type AccessLog, type LoggedRead } from './access-log.js';
import { ChildReads } from './access-log.module.js';
import { GroupCommit } from './group-commit.js';

const entry = (childIds: string[], at: string, actor = 'api-key:abc', correlationId = 'c-1'): AccessEntry => ({ at, actor, role: 'manager', correlationId, endpoint: 'GET /flags', childIds });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** A few turns of the event loop: callers that reach the log at different moments, as requests do. */
const turns = (n: number) => Array.from({ length: n }).reduce<Promise<void>>((p) => p.then(() => new Promise((resolve) => setImmediate(resolve))), Promise.resolve());

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rethrowHere(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- a fresh Error of this realm on purpose: the native one may come from another test file's realm.
    throw new Error((error as Error).message);
  }
}

interface Opened {
  /** Another connection, as someone with the database would have. */
  tamper(sql: string): Promise<unknown>;
  /** The log on this database (another process's, or after a restart, when called again). */
  openLog(): Promise<AccessLog>;
  /** Applies the migrations not yet applied. */
  migrate(): Promise<void>;
  count(table: string): Promise<number>;
}

interface Target {
  name: string;
  /** A database of its own with the migrations up to `upTo` (all by default), then `before` run in it. */
  database(options?: { upTo?: number; before?: string }): Promise<Opened>;
  /** SQL that makes inserting an entry of `endpoint` fail inside the transaction. */
  failingInsert(endpoint: string): string;
}

const sqlite: Target = {
  name: 'SQLite',
  database: async ({ upTo, before } = {}) => {
    const file = path.join(dir, `log-${Math.random()}.sqlite`);
    migrateSqlite(file, ACCESS_LOG_MIGRATIONS.slice(0, upTo));
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(file);
    cleanups.push(async () => void raw.close());
    if (before) raw.exec(before);
    return {
      // Rethrown as this test's own Error: the native module may have been loaded by another test file's realm.
      tamper: async (sql) => rethrowHere(() => raw.exec(sql)),
      openLog: async () => {
        const log = SqliteAccessLog.open(file);
        cleanups.push(() => log.close());
        return log;
      },
      migrate: async () => void migrateSqlite(file, ACCESS_LOG_MIGRATIONS),
      count: async (table) => raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    };
  },
  failingInsert: (endpoint) => `CREATE TRIGGER failing BEFORE INSERT ON access_entries WHEN NEW.endpoint = '${endpoint}' BEGIN SELECT RAISE(ABORT, 'refused'); END;`,
};

const postgres: Target = {
  name: 'PostgreSQL',
  database: async ({ upTo, before } = {}) => {
    const db = await createTestDatabase('access_log', ACCESS_LOG_MIGRATIONS.slice(0, upTo));
    const { default: pg } = await import('pg');
    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    if (before) await raw.query(before);
    const logs: AccessLog[] = [];
    cleanups.push(async () => {
      await raw.end();
      // A test may have closed one already (as the service does at shutdown).
      for (const log of logs) await log.close().catch(() => undefined);
      await db.drop();
    });
    return {
      tamper: (sql) => raw.query(sql),
      openLog: async () => {
        const log = await PostgresAccessLog.open(db.url);
        logs.push(log);
        return log;
      },
      migrate: async () => void (await migratePostgres(db.url, ACCESS_LOG_MIGRATIONS)),
      count: async (table) => (await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n,
    };
  },
  failingInsert: (endpoint) => `
    CREATE FUNCTION failing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
    CREATE TRIGGER failing BEFORE INSERT ON access_entries FOR EACH ROW WHEN (NEW.endpoint = '${endpoint}') EXECUTE FUNCTION failing();`,
};

/** A fully migrated database and the log on it. */
async function opened(target: Target): Promise<Opened & { log: AccessLog }> {
  const database = await target.database();
  return { ...database, log: await database.openLog() };
}

const targets = (await postgresAvailable()) ? [sqlite, postgres] : [sqlite];

describe.each(targets)('the access log on $name', (target) => {
  it('keeps every read in order and finds them by child, actor and time', async () => {
    const { log } = await opened(target);
    await log.append([entry(['C-1'], '2026-06-01T09:00:00.000Z'), entry(['C-2'], '2026-06-01T10:00:00.000Z', 'oidc:jo')]);
    await log.append([entry(['C-1'], '2026-06-02T09:00:00.000Z', 'oidc:jo')]);
    expect((await log.query({ limit: 10 })).map((r) => `${r.id} ${r.childId}`)).toEqual(['1 C-1', '2 C-2', '3 C-1']);
    expect((await log.query({ childId: 'C-1', limit: 10 })).map((r) => r.at)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-02T09:00:00.000Z']);
    expect((await log.query({ actor: 'oidc:jo', from: '2026-06-02', limit: 10 })).map((r) => r.id)).toEqual([3]);
    expect((await log.query({ to: '2026-06-01', after: 1, limit: 10 })).map((r) => r.id)).toEqual([2]);
  });

  it('keeps one entry per request, and answers one read per child of it, each with its own id', async () => {
    const { log } = await opened(target);
    await log.append([entry(['C-1', 'C-2', 'C-3'], '2026-06-01T09:00:00.000Z', 'api-key:abc', 'first'), entry(['C-2'], '2026-06-01T10:00:00.000Z', 'oidc:jo', 'second')]);
    await log.append([entry(['C-3', 'C-1'], '2026-06-02T09:00:00.000Z', 'oidc:jo', 'third')]);
    const all = await log.query({ limit: 100 });
    expect(all.map((r) => `${r.id} ${r.correlationId} ${r.childId}`)).toEqual(['1 first C-1', '2 first C-2', '3 first C-3', '4 second C-2', '5 third C-3', '6 third C-1']);
    expect(all[0]).toEqual({ id: 1, at: '2026-06-01T09:00:00.000Z', actor: 'api-key:abc', role: 'manager', correlationId: 'first', endpoint: 'GET /flags', childId: 'C-1' });
    expect((await log.query({ childId: 'C-1', limit: 100 })).map((r) => `${r.id} ${r.correlationId}`)).toEqual(['1 first', '6 third']);
    expect((await log.query({ childId: 'C-3', after: 3, limit: 100 })).map((r) => r.id)).toEqual([5]);
    expect((await log.query({ childId: 'C-2', actor: 'oidc:jo', limit: 100 })).map((r) => r.id)).toEqual([4]);
    // A cursor inside an entry: the rest of that entry, then on.
    expect((await log.query({ after: 1, limit: 3 })).map((r) => r.id)).toEqual([2, 3, 4]);
    expect(await pageByPage(log, {}, 1)).toEqual(all);
    expect(await pageByPage(log, { childId: 'C-1' }, 1)).toEqual(all.filter((r) => r.childId === 'C-1'));
  });

  it('finds a child by its exact reference: not another that differs in case, nor one it is part of', async () => {
    const { log } = await opened(target);
    const children = ['C-1', 'c-1', 'C-1.2', 'C_1', 'X-C-1', 'C-10'];
    await log.append(children.map((c) => entry([c, 'C-0'], '2026-06-01T09:00:00.000Z', 'api-key:abc', `of-${c}`)));
    for (const c of children) expect((await log.query({ childId: c, limit: 10 })).map((r) => `${r.correlationId} ${r.childId}`)).toEqual([`of-${c} ${c}`]);
    for (const other of ['C', 'C:1', 'C 1', '"C-1"']) expect(await log.query({ childId: other, limit: 10 })).toEqual([]);
    expect((await log.query({ childId: 'C-0', limit: 10 })).map((r) => r.id)).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it('refuses to change or delete what it holds, even to someone with the database', async () => {
    const { log, tamper } = await opened(target);
    await log.append([entry(['C-1', 'C-2'], '2026-06-01T09:00:00.000Z')]);
    await expect(tamper('UPDATE access_entries SET first_id = 7')).rejects.toThrow(/append-only/);
    await expect(tamper(`UPDATE access_entries SET child_ids = ${target === sqlite ? `'["C-1"]'` : `'{C-1}'`}`)).rejects.toThrow(/append-only/);
    await expect(tamper('DELETE FROM access_entries')).rejects.toThrow(/append-only/);
    if (target === postgres) await expect(tamper('TRUNCATE access_entries')).rejects.toThrow(/append-only/);
    expect((await log.query({ limit: 10 })).map((r) => `${r.actor} ${r.childId}`)).toEqual(['api-key:abc C-1', 'api-key:abc C-2']);
  });

  it('commits requests that log at once in shared transactions, each entry exactly once, ids in commit order', async () => {
    const { log } = await opened(target);
    const transactions: number[] = [];
    const commits = new GroupCommit<AccessEntry>(async (entries) => {
      transactions.push(entries.length);
      await log.append(entries);
    }, 50);
    const entries = range(0, 299).map((i) => entry([`C-${i % 7}`, `C-${(i + 3) % 7}`], '2026-06-01T09:00:00.000Z', 'api-key:abc', `r-${i}`));
    await Promise.all(entries.map(async (e, i) => turns(i % 4).then(() => commits.add(e))));
    expect(transactions.reduce((a, b) => a + b)).toBe(300);
    expect(transactions.length).toBeLessThan(300 / 4);
    expect(Math.max(...transactions)).toBeLessThanOrEqual(50);
    const reads = await log.query({ limit: 10_000 });
    expect(reads.map((r) => r.id)).toEqual(range(1, 600));
    expect(reads.map((r) => `${r.correlationId} ${r.childId}`).sort()).toEqual(entries.flatMap((e) => e.childIds.map((c) => `${e.correlationId} ${c}`)).sort());
  });

  it('gives two processes writing at once ids that neither repeat nor leave gaps', async () => {
    const { log, openLog } = await opened(target);
    const other = await openLog();
    const batch = (prefix: string, n: number) => range(1, n).map((i) => entry([`C-${i}`, `C-${i + 1}`, `C-${i + 2}`], '2026-06-01T09:00:00.000Z', 'api-key:abc', `${prefix}-${i}`));
    await Promise.all(range(1, 20).flatMap((i) => [log.append(batch(`a${i}`, 5)), other.append(batch(`b${i}`, 5))]));
    const reads = await log.query({ limit: 10_000 });
    expect(reads.map((r) => r.id)).toEqual(range(1, 600));
    // Each entry's reads are consecutive: no other write came between.
    const byEntry = new Map<string, number[]>();
    for (const r of reads) byEntry.set(r.correlationId, [...(byEntry.get(r.correlationId) ?? []), r.id]);
    expect(byEntry.size).toBe(200);
    for (const ids of byEntry.values()) expect(ids.map((id) => id - ids[0])).toEqual([0, 1, 2]);
  });

  it('fails every request of a transaction that fails, and keeps none of its entries; the next transaction commits', async () => {
    const { log, tamper } = await opened(target);
    await tamper(target.failingInsert('GET /refused'));
    const commits = new GroupCommit<AccessEntry>((entries) => log.append(entries), 50);
    const refused = { ...entry(['C-9'], '2026-06-01T09:00:00.000Z', 'api-key:abc', 'refused'), endpoint: 'GET /refused' };
    const together = [entry(['C-1', 'C-2'], '2026-06-01T09:00:00.000Z', 'api-key:abc', 'before'), refused, entry(['C-3'], '2026-06-01T09:00:00.000Z', 'api-key:abc', 'after')];
    const answers = await Promise.allSettled(together.map((e) => commits.add(e)));
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await log.query({ limit: 10 })).toEqual([]);
    await commits.add(entry(['C-4'], '2026-06-01T10:00:00.000Z', 'api-key:abc', 'later'));
    expect((await log.query({ limit: 10 })).map((r) => `${r.id} ${r.correlationId} ${r.childId}`)).toEqual(['1 later C-4']);
  });

  it('commits the entries still waiting when the service shuts down, then closes', async () => {
    const { log, openLog } = await opened(target);
    const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
    const childReads = new ChildReads(log, clock);
    const principal = { id: 'api-key:abc', role: 'manager' as const, via: 'api-key' as const };
    const requests = range(1, 30).map((i) => ({ headers: { 'x-correlation-id': `shutdown-${i}` } }) as unknown as Request);
    const recording = requests.map((req, i) => childReads.record(principal, req, 'GET /flags', [`C-${i}`, `C-${i}`, `C-${i + 1}`]));
    await childReads.onApplicationShutdown();
    await Promise.all(recording);
    await expect(log.query({ limit: 1 })).rejects.toThrow();
    const reads = await (await openLog()).query({ limit: 1000 });
    expect(reads).toHaveLength(60);
    expect(new Set(reads.map((r) => r.correlationId)).size).toBe(30);
    await expect(childReads.record(principal, requests[0], 'GET /flags', ['C-1'])).rejects.toMatchObject({ name: 'StoreUnavailableError' });
  });

  it('moves the old rows into entries: every read answers as it did, same id, and the next follows on', async () => {
    const old = (id: number, child: string, correlationId: string, at = '2025-11-01T09:00:00.000Z', actor = 'api-key:old', teamId: string | null = null) =>
      `(${id}, '${at}', '${actor}', 'manager', ${teamId ? `'${teamId}'` : 'NULL'}, '${correlationId}', 'GET /flags', '${child}')`;
    const rows = [
      // One request of three children; one of one child with a team; two requests interleaved, in runs; a child twice in one request.
      old(1, 'C-1', 'r1'),
      old(2, 'C-2', 'r1'),
      old(3, 'C-3', 'r1'),
      old(4, 'C-1', 'r2', '2025-11-02T09:00:00.000Z', 'oidc:jo', 'T-NORTH'),
      old(5, 'C-1', 'r3'),
      old(6, 'C-2', 'r4'),
      old(7, 'C-3', 'r3'),
      old(8, 'C-4', 'r5'),
      old(9, 'C-4', 'r5'),
      old(11, 'C-5', 'r6'),
      old(12, 'C-1', 'r7'),
      old(13, 'C-2', 'r7'),
      old(14, 'C-1', 'r8'),
      old(15, 'C-3', 'r7'),
      old(16, 'C-4', 'r7'),
    ];
    const database = await target.database({ upTo: 1, before: `INSERT INTO child_reads (id, at, actor, role, team_id, correlation_id, endpoint, child_id) VALUES ${rows.join(', ')}` });
    await database.migrate();
    const log = await database.openLog();
    const reads = await log.query({ limit: 100 });
    expect(reads.map((r) => `${r.id} ${r.correlationId} ${r.childId}`)).toEqual([
      '1 r1 C-1',
      '2 r1 C-2',
      '3 r1 C-3',
      '4 r2 C-1',
      '5 r3 C-1',
      '6 r4 C-2',
      '7 r3 C-3',
      '8 r5 C-4',
      '9 r5 C-4',
      '11 r6 C-5',
      '12 r7 C-1',
      '13 r7 C-2',
      '14 r8 C-1',
      '15 r7 C-3',
      '16 r7 C-4',
    ]);
    // One entry per run of consecutive ids in a request: r3 and r7 in two each, r5's child twice in one.
    expect(await database.count('access_entries')).toBe(10);
    expect(reads[3]).toEqual({ id: 4, at: '2025-11-02T09:00:00.000Z', actor: 'oidc:jo', role: 'manager', teamId: 'T-NORTH', correlationId: 'r2', endpoint: 'GET /flags', childId: 'C-1' });
    expect((await log.query({ childId: 'C-1', limit: 100 })).map((r) => r.id)).toEqual([1, 4, 5, 12, 14]);
    expect((await log.query({ childId: 'C-4', limit: 100 })).map((r) => r.id)).toEqual([8, 9, 16]);
    expect((await log.query({ childId: 'C-4', after: 8, limit: 1 })).map((r) => r.id)).toEqual([9]);
    expect((await log.query({ after: 5, limit: 2 })).map((r) => r.id)).toEqual([6, 7]);
    await log.append([entry(['C-6', 'C-7'], '2026-06-01T09:00:00.000Z')]);
    expect((await log.query({ after: 16, limit: 100 })).map((r) => `${r.id} ${r.childId}`)).toEqual(['17 C-6', '18 C-7']);
    await expect(database.tamper('SELECT 1 FROM child_reads')).rejects.toThrow();
  });
});

/** Every read the filter finds, a page of `size` at a time, following the cursor as a client does (bounded: a cursor that does not move on fails). */
async function pageByPage(log: AccessLog, filter: { childId?: string }, size: number): Promise<LoggedRead[]> {
  const reads: LoggedRead[] = [];
  for (let page = 0; page < 100; page++) {
    const found = await log.query({ ...filter, after: reads.at(-1)?.id, limit: size });
    if (found.length === 0) return reads;
    reads.push(...found);
  }
  throw new Error('the cursor did not move on');
}
