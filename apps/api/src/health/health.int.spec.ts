import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, postgresAvailable } from '../../../../libs/event-store/src/testing/index.js';
import { post, startTestApp, tempDataDir, type TestApp } from '../../../../test/support/test-app.js';

const available = await postgresAvailable();

/**
 * GET /health shows an operator when a transaction open anywhere on the database
 * server (here in another database) holds the event reader, and so the projections,
 * back: how old it is, and how many events wait behind it.
 */
(available ? describe : describe.skip)('health: the event reader held back', () => {
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let other: { url: string; drop(): Promise<void> };
  let elsewhere: pg.Client;
  const dataDir = tempDataDir('health-holdback-');

  beforeAll(async () => {
    db = await createTestDatabase('health');
    other = await createTestDatabase('health_other');
    t = await startTestApp(dataDir, { DATABASE_URL: db.url });
    elsewhere = new pg.Client({ connectionString: other.url });
    await elsewhere.connect();
  });

  afterAll(async () => {
    await elsewhere?.end();
    await t?.close();
    await db?.drop();
    await other?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports the oldest open transaction, in another database, and the events waiting behind it', async () => {
    await elsewhere.query('CREATE TABLE IF NOT EXISTS unrelated (n int)');
    await elsewhere.query('BEGIN');
    await elsewhere.query('INSERT INTO unrelated VALUES (1)');
    const joined = await post(`${t.url}/events`, {
      type: 'WorkerJoined',
      occurredAt: '2026-01-05',
      data: { workerId: 'W-1', teamId: 'T-1', role: 'social_worker', caseHolding: true, agency: false, fte: 1 },
    });
    expect(joined.status).toBe(201);

    const health = (await (await fetch(`${t.url}/health`)).json()) as { details: { eventReader: Record<string, any> } };
    const reader = health.details.eventReader;
    expect(reader).toMatchObject({ status: 'up', heldBack: true, oldestTransaction: { holdsReaders: true } });
    expect(reader.eventsWaiting).toBeGreaterThanOrEqual(1);
    expect(reader.oldestTransaction.ageSeconds).toBeGreaterThan(0);

    await elsewhere.query('COMMIT');
  });
});
