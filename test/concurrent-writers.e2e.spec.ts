import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInLondon } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { rebuildProjection, SubjectTimelineProjection, ProjectionRunner } from '@app/projections';
import type { DataSource } from 'typeorm';
import { EVENT_STORE, openMigratedReadModels, READ_MODEL_WRITER } from '@app/composition';
import { createTestDatabase, postgresAvailable } from '../libs/event-store/src/testing/index.js';
import { post, startTestApp, tempDataDir, type TestApp } from './support/test-app.js';

const CLIENTS = 16;
const EVENTS_PER_CLIENT = 40;
const HOT_WORKERS = ['W-H1', 'W-H2', 'W-H3', 'W-H4'];
const HOT_CHILDREN = ['C-H1', 'C-H2', 'C-H3'];

const targets: { name: string; url?: () => Promise<{ url: string; drop(): Promise<void> }> }[] = [{ name: 'the embedded default (SQLite)' }];
if (await postgresAvailable()) targets.push({ name: 'PostgreSQL', url: () => createTestDatabase('concurrency') });

/**
 * Sixteen clients write through two API instances (the first runs the projections,
 * the second does not) to a handful of hot streams. Two instances means two sets
 * of in-process stream locks: the writes really do race in the store.
 */
describe.each(targets)('concurrent writers through the API, on $name', ({ url }) => {
  const dataDir = tempDataDir();
  let database: { url: string; drop(): Promise<void> } | undefined;
  let a: TestApp;
  let b: TestApp;
  const today = todayInLondon();

  beforeAll(async () => {
    database = await url?.();
    const env: Record<string, string> = database ? { DATABASE_URL: database.url } : {};
    a = await startTestApp(dataDir, env);
    b = await startTestApp(dataDir, { ...env, PROJECTIONS: 'off' });
    const seed = [
      ...HOT_WORKERS.map((workerId) => ({
        type: 'WorkerJoined',
        occurredAt: addDays(today, -60),
        data: { workerId, teamId: 'T-HOT', role: 'social_worker', caseHolding: true, agency: false, fte: 1 },
      })),
      ...HOT_CHILDREN.map((childId) => ({ type: 'ChildRegistered', occurredAt: addDays(today, -60), data: { childId, birthMonth: '2019-02', disabled: false } })),
    ];
    const res = await post(`${a.url}/events/batch`, { events: seed });
    expect(res.body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every event answered 201 exactly once, and the read models equal a rebuild', async () => {
    const answers = new Map<string, number[]>();
    const client = async (c: number) => {
      for (let i = 0; i < EVENTS_PER_CLIENT; i++) {
        const event = hotEvent(c, i, today);
        const target = (c + i) % 2 === 0 ? a : b;
        const res = await post(`${target.url}/events`, event);
        answers.set(event.eventId, [...(answers.get(event.eventId) ?? []), res.status]);
        if (i % 10 === 9) {
          const again = await post(`${(target === a ? b : a).url}/events`, event); // a client retrying after a lost answer
          answers.get(event.eventId)!.push(again.status);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    const statuses = [...answers.values()].flat();
    expect(statuses.every((s) => [200, 201, 409, 422].includes(s))).toBe(true);
    const created = [...answers.entries()].filter(([, s]) => s.includes(201)).map(([id]) => id);
    expect(created.length).toBeGreaterThan(CLIENTS * EVENTS_PER_CLIENT * 0.9);
    for (const s of answers.values()) expect(s.filter((x) => x === 201).length).toBeLessThanOrEqual(1);

    const store = a.app.get<EventStore>(EVENT_STORE);
    const stored = await store.findByEventIds([...answers.keys()]);
    expect(stored.map((e) => e.eventId).sort()).toEqual(created.sort());
    for (const stream of [...HOT_WORKERS.map((w) => `worker-${w}`), ...HOT_CHILDREN.map((c) => `child-${c}`)]) {
      const events = await store.readStream(stream);
      expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i));
    }

    const runner = a.app.get(ProjectionRunner);
    expect(await runner.waitFor(await store.headPosition(), 30_000)).toBe(true);
    const rebuiltDatabase = database && (await createTestDatabase('rebuilt'));
    const rebuilt = await openMigratedReadModels({ databaseUrl: rebuiltDatabase?.url, dataDir: path.join(dataDir, 'rebuilt') });
    try {
      await rebuildProjection(store, rebuilt, new SubjectTimelineProjection());
      expect(await rows(rebuilt)).toEqual(await rows(a.app.get<DataSource>(READ_MODEL_WRITER)));
    } finally {
      await rebuilt.destroy();
      await rebuiltDatabase?.drop();
    }
  });
});

/** Mostly supervisions of the hot workers; some allocations of the hot children, which read a worker's stream too. */
function hotEvent(client: number, index: number, today: string) {
  const eventId = randomUUID();
  if (index % 5 === 4) {
    const workerId = HOT_WORKERS[(client + index) % HOT_WORKERS.length];
    return { eventId, type: 'CaseAllocated', occurredAt: addDays(today, -30 + (index % 20)), data: { childId: HOT_CHILDREN[client % HOT_CHILDREN.length], workerId, teamId: 'T-HOT' } };
  }
  const workerId = HOT_WORKERS[(client * 7 + index) % HOT_WORKERS.length];
  return { eventId, type: 'SupervisionHeld', occurredAt: addDays(today, -(index % 50)), data: { workerId, supervisorId: 'W-LEAD', durationMinutes: 90, reflective: index % 3 !== 0 } };
}

function rows(db: DataSource) {
  return db.query('SELECT subject_key, facts FROM subject_timelines ORDER BY subject_key');
}
