import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { START, type NewEvent } from '../event-store.port.js';
import { createTestDatabase, postgresAvailable, runEventStoreContract, waitFor } from '../testing/index.js';
import { EVENT_STORE_MIGRATIONS } from '../migrations/event-store.migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

const available = await postgresAvailable();
const onPostgres = available ? describe : describe.skip;

let database: { url: string; drop(): Promise<void> } | undefined;

if (available) {
  // One database for the contract suite (it never needs an empty store), dropped at the end.
  beforeAll(async () => {
    database = await createTestDatabase('contract', EVENT_STORE_MIGRATIONS);
  });
  afterAll(async () => {
    await database?.drop();
  });
  runEventStoreContract('PostgresEventStore', {
    create: () => PostgresEventStore.open(database!.url, { pollIntervalMs: 50 }),
    createSecondConnection: () => PostgresEventStore.open(database!.url, { pollIntervalMs: 50 }),
  });
}

const event = (eventId: string, index: number): NewEvent => ({
  eventId,
  type: 'Tested',
  occurredAt: '2026-01-01',
  data: { index },
  metadata: { recordedAt: new Date().toISOString(), recordedBy: 'test', correlationId: 'c', source: 'test', schemaVersion: 1 },
});

onPostgres('PostgresEventStore: transactions that commit out of order', () => {
  let store: PostgresEventStore;
  let raw: pg.Client;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase('gaps', EVENT_STORE_MIGRATIONS);
    store = await PostgresEventStore.open(db.url, { pollIntervalMs: 20 });
    raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.end();
    await store?.close();
    await db?.drop();
  });

  it('never lets a reader pass an event whose transaction commits after a later one', async () => {
    await store.append('before', [event(crypto.randomUUID(), 0)], 'no_stream');
    const start = await store.headPosition();

    // A slow writer takes its position first and holds its transaction open…
    await raw.query('BEGIN');
    await raw.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, occurred_at, data, metadata)
       VALUES ($1, 'slow', 0, 'Tested', '2026-01-01', '{"index":1}', '{}')`,
      [crypto.randomUUID()],
    );
    // …while a fast writer, with a later position, commits.
    const fastId = crypto.randomUUID();
    await store.append('fast', [event(fastId, 2)], 'no_stream');

    const delivered: string[] = [];
    const subscription = store.subscribe({ after: start, batchSize: 10, handler: async (events) => void delivered.push(...events.map((e) => e.streamId)) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.readAll({ after: start, limit: 10 })).toEqual([]);
    expect(delivered).toEqual([]);

    await raw.query('COMMIT');
    // Bounded generously: a long transaction elsewhere on the shared server also holds the reader back.
    await waitFor(() => delivered.length === 2, 'both events delivered', 30_000);
    expect(delivered).toEqual(['slow', 'fast']);
    const all = await store.readAll({ after: start, limit: 10 });
    expect(all.map((e) => e.streamId)).toEqual(['slow', 'fast']);
    expect(all[0].position < all[1].position).toBe(true);
    await subscription.stop();
  });

  it('keeps positions exact beyond 2^64 (transaction id in the high bits)', async () => {
    const head = await store.headPosition();
    expect(head > 2n ** 64n).toBe(true);
    const [last] = (await store.readAll({ after: START, limit: 100_000 })).slice(-1);
    expect(last.position).toBe(head);
  });
});

onPostgres('PostgresEventStore: what holds the reader back', () => {
  let store: PostgresEventStore;
  let other: { url: string; drop(): Promise<void> };
  let db: { url: string; drop(): Promise<void> };
  let elsewhere: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('holdback', EVENT_STORE_MIGRATIONS);
    other = await createTestDatabase('holdback_other');
    store = await PostgresEventStore.open(db.url, { pollIntervalMs: 20 });
    elsewhere = new pg.Client({ connectionString: other.url });
    await elsewhere.connect();
  });

  afterAll(async () => {
    await elsewhere?.end();
    await store?.close();
    await db?.drop();
    await other?.drop();
  });

  it('reports a transaction open in another database of the server, its age, and the events waiting behind it', async () => {
    const start = await store.headPosition();
    // Another database, another application: it writes one row and then keeps its transaction open.
    await elsewhere.query('CREATE TABLE IF NOT EXISTS unrelated (n int)');
    await elsewhere.query('BEGIN');
    await elsewhere.query('INSERT INTO unrelated VALUES (1)');
    const [{ opened }] = (await elsewhere.query<{ opened: Date }>('SELECT now() AS opened')).rows;
    await store.append(`held-${crypto.randomUUID()}`, [event(crypto.randomUUID(), 1)], 'no_stream');
    expect(await store.readAll({ after: start, limit: 10 })).toEqual([]);

    const report = await store.readerHoldBack();
    expect(report.heldBack).toBe(true);
    expect(report.eventsWaiting).toBeGreaterThanOrEqual(1);
    expect(report.oldestTransaction?.holdsReaders).toBe(true);
    // The oldest is ours or, on a shared server, an even older one: at least as old as ours.
    expect(report.oldestTransaction!.ageSeconds).toBeGreaterThan(0);
    expect(report.oldestTransaction!.ageSeconds * 1000).toBeGreaterThanOrEqual(Date.now() - opened.getTime() - 1000);

    await elsewhere.query('COMMIT');
    await waitFor(async () => (await store.readAll({ after: start, limit: 10 })).length === 1, 'the event to be readable once the other transaction ended', 30_000);
  });
});
