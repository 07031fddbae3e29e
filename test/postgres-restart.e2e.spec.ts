import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInLondon } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { PrivatePostgres } from './support/private-postgres.js';
import { post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

const CLIENTS = 8;
const canRun = PrivatePostgres.binaries() !== undefined && process.getuid?.() === 0;
if (!canRun && process.env.CI) throw new Error('the PostgreSQL restart test needs the PostgreSQL server binaries and root (to run them as postgres); CI is set, so it fails rather than skips');
if (!canRun) console.warn('Skipping the PostgreSQL restart test: no server binaries or not root');

/**
 * Clients keep writing while the database is stopped and started again (cleanly,
 * then as a crash). A client that gets no answer, or a 503, sends the same event
 * again with the same eventId. Afterwards every event that was ever answered 201
 * must be in the store, once.
 */
(canRun ? describe : describe.skip)('a PostgreSQL restart under load', () => {
  let cluster: PrivatePostgres;
  let t: TestApp;
  const dataDir = tempDataDir();
  const today = todayInLondon();

  beforeAll(async () => {
    cluster = PrivatePostgres.create();
    t = await startTestApp(dataDir, { DATABASE_URL: cluster.url });
    const seed = Array.from({ length: CLIENTS }, (_, c) => ({
      type: 'WorkerJoined',
      occurredAt: addDays(today, -90),
      data: { workerId: `W-R${c}`, teamId: 'T-R', role: 'social_worker', caseHolding: true, agency: false, fte: 1 },
    }));
    expect((await post(`${t.url}/events/batch`, { events: seed })).status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    cluster?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no event that was answered 201', async () => {
    const answered201 = new Set<string>();
    const unavailable: number[] = [];
    let writing = true;

    const client = async (c: number) => {
      for (let i = 0; writing; i++) {
        const event = {
          eventId: randomUUID(),
          type: 'SupervisionHeld',
          occurredAt: addDays(today, -(i % 80)),
          data: { workerId: `W-R${c}`, supervisorId: 'W-LEAD', durationMinutes: 90, reflective: true },
        };
        for (let tries = 0; tries < 200; tries++) {
          const status = await post(`${t.url}/events`, event).then(
            (r) => r.status,
            () => 0,
          );
          if (status === 201) answered201.add(event.eventId);
          if (status === 200 || status === 201) break;
          expect([0, 503]).toContain(status); // never 500: a lost server is unavailable, whatever path noticed it
          unavailable.push(status);
          await sleep(50);
        }
      }
    };
    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    await sleep(700);
    cluster.stop('fast');
    await sleep(500);
    cluster.start();
    await sleep(700);
    cluster.stop('immediate');
    await sleep(500);
    cluster.start();
    await sleep(700);
    writing = false;
    await clients;

    expect(unavailable.length).toBeGreaterThan(0); // the outage was real
    const store = await PostgresEventStore.open(cluster.url);
    try {
      const stored = await store.findByEventIds([...answered201]);
      expect(stored.length).toBe(answered201.size);
      expect(new Set(stored.map((e) => e.eventId)).size).toBe(answered201.size);
      for (let c = 0; c < CLIENTS; c++) {
        const stream = await store.readStream(`worker-W-R${c}`);
        expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i));
      }
    } finally {
      await store.close();
    }
    const flags = await fetch(`${t.url}/flags`, { headers: { authorization: `Bearer ${TEST_KEYS.admin}` } });
    expect(flags.status).toBe(200);
  });
});
