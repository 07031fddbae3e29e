import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createTestDatabase, postgresAvailable, waitFor } from '../libs/event-store/src/testing/index.js';
import { get, post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

const TODAY = '2026-06-01';
const CHILDREN = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6'];

interface Target {
  name: string;
  database?: () => Promise<{ url: string; drop(): Promise<void> }>;
}

const targets: Target[] = [{ name: 'the embedded default (SQLite)' }];
if (await postgresAvailable()) targets.push({ name: 'PostgreSQL', database: () => createTestDatabase('access_log_e2e') });

interface Read {
  status: number;
  retryAfter: string | null;
  /** The children the answer showed: what its entry must list. */
  shown: string[];
}

/** A read of child data with a correlation id of its own, and the children its answer showed. */
async function read(app: TestApp, what: string, correlationId: string): Promise<Read> {
  const res = await fetch(`${app.url}/${what}`, { headers: { authorization: `Bearer ${TEST_KEYS.auditor}`, 'x-correlation-id': correlationId } });
  const body = (await res.json()) as { flags?: { subject: { type: string; id: string } }[]; childId?: string };
  const shown = what.startsWith('flags') ? (body.flags ?? []).filter((f) => f.subject.type === 'child').map((f) => f.subject.id) : res.status === 200 ? [what.split('/')[1]] : [];
  return { status: res.status, retryAfter: res.headers.get('retry-after'), shown: [...new Set(shown)] };
}

/** Every logged read, oldest first, as the admin pages through it. */
async function logged(app: TestApp): Promise<{ id: number; correlationId: string; childId: string }[]> {
  return (await get(`${app.url}/access-log?limit=10000`)).body.reads;
}

/**
 * The log through the API, with two instances sharing it (two writers, as two
 * processes are): reads at once each logged exactly once, and a read whose entry
 * cannot be committed answered 503 and not logged at all.
 */
describe.each(targets)('the access log through the API, on $name', ({ database }) => {
  const dataDir = tempDataDir('practice-audit-access-log-');
  let db: { url: string; drop(): Promise<void> } | undefined;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await database?.();
    const env: Record<string, string> = db ? { DATABASE_URL: db.url } : {};
    a = await startTestApp(dataDir, env);
    b = await startTestApp(dataDir, { ...env, PROJECTIONS: 'off' });
    for (const app of [a, b]) app.clock.set(`${TODAY}T12:00:00Z`);
    const events = [
      { type: 'WorkerJoined', occurredAt: '2026-01-05', data: { workerId: 'W-1', teamId: 'T-1', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } },
      ...CHILDREN.map((childId) => ({ type: 'ChildRegistered', occurredAt: '2026-01-05', data: { childId, birthMonth: '2016-07', disabled: false } })),
      ...CHILDREN.map((childId) => ({ type: 'CaseAllocated', occurredAt: '2026-01-06', data: { childId, workerId: 'W-1', teamId: 'T-1' } })),
    ];
    const res = await post(`${a.url}/events/batch`, { events });
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual(events.map(() => 201));
    await waitFor(async () => (await read(b, 'children/C-6/timeline', 'warm-up')).status === 200, 'the read models to hold the children');
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs each of many reads at once exactly once, with the children each showed, ids neither repeated nor missing', async () => {
    const before = (await logged(a)).length;
    const asked = Array.from({ length: 48 }, (_, i) => ({
      app: i % 2 ? a : b,
      what: i % 4 === 0 ? `flags?asOf=${TODAY}` : `children/${CHILDREN[i % CHILDREN.length]}/timeline`,
      correlationId: `at-once-${i}`,
    }));
    const answers = await Promise.all(asked.map((r) => read(r.app, r.what, r.correlationId)));
    expect(answers.map((r) => r.status)).toEqual(asked.map(() => 200));
    expect(Math.max(...answers.map((r) => r.shown.length))).toBeGreaterThan(1);

    const reads = (await logged(a)).slice(before);
    const expected = asked.flatMap((r, i) => answers[i].shown.map((childId) => `${r.correlationId} ${childId}`));
    expect(reads.map((r) => `${r.correlationId} ${r.childId}`).sort()).toEqual(expected.sort());
    const ids = reads.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => ids[0] + i));
  });

  it('answers 503 when the entry of a read cannot be committed, and logs nothing of it', async () => {
    const held = await holdTheLog(dataDir, db?.url);
    try {
      const refused = await held.whileRefusing(() => read(b, 'children/C-1/timeline', 'not-committed'));
      expect([refused.status, refused.retryAfter]).toEqual([503, '5']);
    } finally {
      await held.release();
    }
    expect((await logged(a)).filter((r) => r.correlationId === 'not-committed')).toEqual([]);
    expect((await read(b, 'children/C-1/timeline', 'committed')).status).toBe(200);
    expect((await logged(a)).filter((r) => r.correlationId === 'committed').map((r) => r.childId)).toEqual(['C-1']);
  });
});

/**
 * Another connection holding the log's write lock, so that the API's commit fails
 * as it does when the database is unavailable. SQLite: the API's wait for the lock
 * runs out (SQLITE_BUSY). PostgreSQL: the API's connection, waiting for the lock, is
 * ended by the server (as in a restart).
 */
async function holdTheLog(dataDir: string, url: string | undefined) {
  if (!url) {
    const raw = new Database(path.join(dataDir, 'access-log.sqlite'));
    raw.exec('BEGIN IMMEDIATE');
    return {
      whileRefusing: <T>(request: () => Promise<T>) => request(),
      release: async () => {
        raw.exec('ROLLBACK');
        raw.close();
      },
    };
  }
  const holder = new pg.Client({ connectionString: url });
  // Another connection watches: inside the holder's transaction, pg_stat_activity would not change.
  const watcher = new pg.Client({ connectionString: url });
  for (const client of [holder, watcher]) await client.connect();
  await holder.query('BEGIN; LOCK TABLE access_entries IN EXCLUSIVE MODE');
  const waiting = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> ${await backendPid(holder)}
    AND wait_event_type = 'Lock' AND query LIKE '%LOCK TABLE access_entries%'`;
  return {
    whileRefusing: async <T>(request: () => Promise<T>) => {
      const answer = request();
      await waitFor(async () => ((await watcher.query(waiting)).rowCount ?? 0) > 0, "the API's commit to wait for the lock");
      await watcher.query(`SELECT pg_terminate_backend(pid) FROM (${waiting}) AS w`);
      return answer;
    },
    release: async () => {
      await holder.query('ROLLBACK');
      for (const client of [holder, watcher]) await client.end();
    },
  };
}

const backendPid = async (client: pg.Client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
