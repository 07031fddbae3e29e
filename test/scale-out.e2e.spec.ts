import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import { openReadModels, rebuildProjection } from '@app/projections';
import { DEFAULT_POLICY } from '@app/domain';
import pg from 'pg';
import { loadHistory } from '../apps/cli/src/load-history.js';
import { EventRecorder } from '@app/recording';
import { EVENT_STORE, registeredProjection } from '@app/composition';
import { createTestDatabase, postgresAvailable } from '../libs/event-store/src/testing/index.js';
import { API_MAIN, freePort, PROJECTOR_MAIN, ServiceProcess } from './support/processes.js';
import { EXPECTED, SCENARIO, TODAY } from './support/scenario.js';
import { post, startTestApp, tempDataDir, TEST_API_KEYS, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * The scaled deployment on PostgreSQL, as separate processes: two API instances with
 * PROJECTIONS=off and a projector. The same history gives the same flags as one
 * embedded process; a projector killed mid-rebuild loses and double-counts nothing;
 * a second projector beside the first changes nothing.
 */
const available = await postgresAvailable();
const describeOnPostgres = available ? describe : describe.skip;

async function startApi(databaseUrl: string): Promise<ServiceProcess> {
  const port = await freePort();
  const env = { PORT: String(port), DATABASE_URL: databaseUrl, PROJECTIONS: 'off', API_KEYS: TEST_API_KEYS, RATE_LIMIT: '1000000', DATA_DIR: tempDataDir('scale-out-api-') };
  return ServiceProcess.start(API_MAIN, env, port, '/api/v1/health');
}

async function startProjector(databaseUrl: string): Promise<ServiceProcess> {
  const port = await freePort();
  return ServiceProcess.start(PROJECTOR_MAIN, { PROJECTOR_PORT: String(port), DATABASE_URL: databaseUrl, DATA_DIR: tempDataDir('scale-out-projector-') }, port, '/health');
}

type Flags = { flags: { evidence: string[] }[] };

/**
 * The flags for a query. Evidence is compared as a set: for a team's caseload, the
 * order of its members' evidence events differs between SQLite and PostgreSQL
 * (the same events; ties in date are broken differently).
 */
const flagsOf = async (s: ServiceProcess | string, query: string): Promise<Flags> => {
  const answer =
    typeof s === 'string'
      ? ((await fetch(`${s}/flags?${query}`, { headers: { authorization: `Bearer ${TEST_KEYS.admin}` } }).then((r) => r.json())) as Flags)
      : await s.json<Flags>(`/api/v1/flags?${query}`, TEST_KEYS.admin);
  return { flags: answer.flags.map((f) => ({ ...f, evidence: [...f.evidence].sort() })) };
};

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The read model's content: every subject's timeline (not the batch numbers, which keep counting). */
/** The read models' rows: every subject timeline and every flag period (as believed when), in one order. */
async function readModelRows(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const timelines = await client.query<{ subject_key: string; facts: string }>('SELECT subject_key, facts FROM subject_timelines ORDER BY subject_key');
    const periods = await client.query<Record<string, string>>(
      `SELECT rule, subject_type, subject_id, valid_from, valid_to, known_from, known_to, state FROM flag_periods
       ORDER BY subject_type, subject_id, rule, known_from, valid_from`,
    );
    return [...timelines.rows.map((r) => `${r.subject_key} ${r.facts}`), ...periods.rows.map((r) => Object.values(r).join(' '))];
  } finally {
    await client.end();
  }
}

async function checkpointIn(databaseUrl: string): Promise<bigint> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const res = await client.query<{ position: string }>("SELECT position FROM projection_checkpoints WHERE projection = 'subject-timelines'");
    return BigInt(res.rows[0]?.position ?? '0');
  } finally {
    await client.end();
  }
}

describeOnPostgres('two API processes and a projector on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  const processes: ServiceProcess[] = [];
  let reference: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('scale_out');
    reference = await startTestApp(tempDataDir('scale-out-reference-'));
    reference.clock.set(new Date());
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await reference?.close();
    await database?.drop();
  });

  it('gives the same flags through either API as one embedded process', async () => {
    const [api1, api2, projector] = await Promise.all([startApi(database.url), startApi(database.url), startProjector(database.url)]);
    processes.push(api1, api2, projector);
    const days = [...new Set(SCENARIO.map((e) => e.recordedOn))];
    for (const [i, day] of days.entries()) {
      const events = SCENARIO.filter((e) => e.recordedOn === day).map((e) => e.request);
      const target = i % 2 === 0 ? api1 : api2;
      const res = await post(`${target.url}/api/v1/events/batch`, { events });
      expect(res.body.results.filter((r: { status: number }) => r.status !== 201)).toEqual([]);
      expect((await post(`${reference.url}/events/batch`, { events })).status).toBe(200);
    }
    for (const query of Object.keys(EXPECTED)) {
      const expected = await flagsOf(reference.url, query);
      for (const api of [api1, api2]) {
        const answer = await eventually(
          () => flagsOf(api, query),
          (a) => JSON.stringify(a.flags) === JSON.stringify(expected.flags),
        );
        expect({ query, flags: answer.flags }).toEqual({ query, flags: expected.flags });
      }
    }
    expect((await projector.json('/health')).active).toBe(true);

    // An erasure through one instance is gone from the other's very next answer: no process holds a copy.
    const query = `asOf=${TODAY}&childId=C-E01`;
    expect((await flagsOf(api2, query)).flags.length).toBeGreaterThan(0);
    expect((await post(`${api1.url}/api/v1/children/C-E01/erasure`, { reason: 'court order 2026/118' })).status).toBe(200);
    expect((await flagsOf(api2, query)).flags).toEqual([]);
    const timeline = await fetch(`${api2.url}/api/v1/children/C-E01/timeline`, { headers: { authorization: `Bearer ${TEST_KEYS.admin}` } });
    expect(timeline.status).toBe(410);
    await Promise.all([api1, api2, projector].map((p) => p.stop()));
  }, 240_000);
});

describeOnPostgres('a projector killed mid-rebuild, and a second projector beside the first', () => {
  let database: { url: string; drop(): Promise<void> };
  const processes: ServiceProcess[] = [];
  let head: bigint;
  let loader: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('projector_kill');
    // The history goes straight into the store, with nothing projecting it yet.
    loader = await startTestApp(tempDataDir('projector-kill-'), { DATABASE_URL: database.url, PROJECTIONS: 'off' });
    const loaded = await loadHistory(loader.app.get(EventRecorder), loader.clock, generateHistory({ seed: 5, scale: 0.06, start: '2025-07-01', end: '2026-06-30' }));
    expect(loaded.refused).toEqual([]);
    head = await loader.app.get<EventStore>(EVENT_STORE).headPosition();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await loader?.close();
    await database?.drop();
  });

  it('loses nothing and double-counts nothing: the read model equals a clean rebuild', async () => {
    const first = await startProjector(database.url);
    processes.push(first);
    await eventually(
      () => checkpointIn(database.url),
      (position) => position > 0n,
      30_000,
    );
    await first.stop('SIGKILL');
    const killedAt = await checkpointIn(database.url);
    expect(killedAt > 0n && killedAt < head).toBe(true); // it really died part-way

    const [again, second] = await Promise.all([startProjector(database.url), startProjector(database.url)]);
    processes.push(again, second);
    await eventually(
      () => checkpointIn(database.url),
      (position) => position === head,
      120_000,
    );
    expect(await checkpointIn(database.url)).toBe(head);
    const health = await Promise.all([again.json('/health'), second.json('/health')]);
    expect(health.map((h) => h.active).sort()).toEqual([false, true]); // exactly one projects
    await Promise.all([again.stop(), second.stop()]);
    const projected = await readModelRows(database.url);

    const db = await openReadModels({ databaseUrl: database.url, sqliteFile: '' });
    try {
      await rebuildProjection(loader.app.get<EventStore>(EVENT_STORE), db, registeredProjection(DEFAULT_POLICY));
    } finally {
      await db.destroy();
    }
    expect(projected.length).toBeGreaterThan(100);
    expect(projected.some((row) => row.startsWith('SUPERVISION_OVERDUE worker'))).toBe(true); // the flag periods are compared too
    expect(projected).toEqual(await readModelRows(database.url));
  }, 300_000);
});
