import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { START, type EventStore, type NewEvent, type StoredEvent } from '../event-store.port.js';
import { postgresAvailable, readAllVisible, VISIBLE_WITHIN_MS, waitFor } from '../testing/index.js';
import type { EncryptingEventStore } from './encrypting-event-store.js';
import { SubjectErasedError } from './errors.js';
import { postgresBackend, sqliteBackend, type Backend } from './testing/backends.js';
import { childEvent, distinctive, workerEvent } from './testing/events.js';

const backends: [string, () => Promise<Backend>][] = [['SQLite', async () => sqliteBackend()]];
if (await postgresAvailable()) backends.push(['PostgreSQL', postgresBackend]);

const ERASURE = { reason: 'UK GDPR art. 17 request DPO-2026-014', erasedBy: 'admin-7', erasedAt: '2026-04-01T10:00:00.000Z' };
/**
 * Few other keys leave the key's page part-empty (PostgreSQL does not prune it on its own,
 * so the bytes stay unless the erasure purges them); many fill several pages (SQLite's page
 * splits move key bytes around).
 */
const OTHER_CHILDREN = [5, 300];

/** What an erased child's event reads as: the same event, data emptied. */
const asErased = (event: StoredEvent): StoredEvent => ({ ...event, data: {}, erased: true });

describe.each(backends)('EncryptingEventStore over %s: erasure', (_name, createBackend) => {
  let backend: Backend;
  let store: EncryptingEventStore;
  const opened: EventStore[] = [];
  const open = async () => {
    const connection = await backend.open();
    opened.push(connection);
    return connection;
  };
  /** The child erased in each test, with a distinctive value in its data, and others that must not change. */
  const secret = distinctive('erased-child-secret');
  let erasedEvents: NewEvent[];

  beforeEach(async () => {
    backend = await createBackend();
    store = await open();
    erasedEvents = [childEvent('C-9', { birthMonth: '2015-04' }, 'ChildRegistered'), childEvent('C-9', { concerns: [secret] }, 'ReferralReceived')];
    await store.append('child-C-9', erasedEvents, 'no_stream');
    await store.appendMany([
      { streamId: 'child-C-1', events: [childEvent('C-1', { reason: 'kept' })], expected: 'no_stream' },
      { streamId: 'worker-W-1', events: [workerEvent('W-1', { childIdsDiscussed: ['C-9', 'C-1'] })], expected: 'no_stream' },
    ]);
    await store.append('child-C-9', [childEvent('C-9', { reason: secret })], 1);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await backend.cleanup();
  });

  it("returns the child's events as erased on every read path, and every other event unchanged", async () => {
    const all = await readAllVisible(store, START, 5, 100);
    const expected = all.map((event) => (event.streamId === 'child-C-9' ? asErased(event) : event));
    expect(all.filter((e) => e.streamId === 'child-C-9').map((e) => e.data)).toContainEqual({ childId: 'C-9', concerns: [secret] });

    await store.erase('C-9', ERASURE);

    expect(await store.readAll({ after: START, limit: 100 })).toStrictEqual(expected);
    expect(await store.readStream('child-C-9')).toStrictEqual(expected.filter((e) => e.streamId === 'child-C-9'));
    expect(await store.readStream('child-C-9', { fromVersion: 2 })).toStrictEqual(expected.filter((e) => e.streamId === 'child-C-9').slice(2));
    const found = await store.findByEventIds(all.map((e) => e.eventId));
    expect(sortById(found)).toStrictEqual(sortById(expected));
    const delivered: StoredEvent[] = [];
    store.subscribe({ after: START, batchSize: 2, handler: async (batch) => void delivered.push(...batch) });
    await waitFor(() => delivered.length === expected.length, 'every event', VISIBLE_WITHIN_MS);
    expect(delivered).toStrictEqual(expected);
    // Versions and positions are intact, so an append or a checkpoint after them stays right.
    expect((await store.readStream('child-C-9')).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
  });

  it('takes effect at once in another connection that had the key cached', async () => {
    const other = await open();
    expect((await other.readStream('child-C-9'))[1].data).toEqual({ childId: 'C-9', concerns: [secret] });
    await store.erase('C-9', ERASURE);
    expect((await other.readStream('child-C-9')).every((e) => e.erased && Object.keys(e.data).length === 0)).toBe(true);
    // A reader that holds the earlier events (the recorder's cache) learns of the erasure from its last one read again.
    expect(await other.readStream('child-C-9', { fromVersion: 2 })).toEqual([expect.objectContaining({ streamVersion: 2, erased: true, data: {} })]);
    await expect(other.append('child-C-9', [childEvent('C-9')], 'any')).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it.each(OTHER_CHILDREN)('destroys the key bytes in the key storage among %i other keys, keeping a tombstone without key material', async (others) => {
    await store.appendMany(Array.from({ length: others }, (_, i) => ({ streamId: `child-K-${i}`, events: [childEvent(`K-${i}`)], expected: 'no_stream' as const })));
    const key = (await backend.rawKey('C-9'))!;
    const kept = (await backend.rawKey(`K-${others - 1}`))!;
    expect(key).toHaveLength(32);
    const readable = await backend.keyFilesContain(key); // undefined: the server's files are not readable here
    if (readable !== undefined) expect(readable).toBe(true); // the scan can find a key when there is one

    const record = await store.erase('C-9', ERASURE);

    expect(record).toEqual({ childId: 'C-9', ...ERASURE });
    expect(await backend.rawKey('C-9')).toBeUndefined();
    if (readable !== undefined) {
      expect(await backend.keyFilesContain(key)).toBe(false);
      expect(await backend.keyFilesContain(kept)).toBe(true);
    }
    expect(await store.erasure('C-9')).toEqual(record);
    expect(JSON.stringify(await store.erasure('C-9'))).not.toContain(key.toString('base64'));
  });

  it('refuses to append to an erased child, writing nothing, also within a batch for several streams', async () => {
    await store.erase('C-9', ERASURE);
    const countBefore = await store.count();
    await expect(store.append('child-C-9', [childEvent('C-9')], 2)).rejects.toBeInstanceOf(SubjectErasedError);
    await expect(store.append('child-C-9', [childEvent('C-9')], 'any')).rejects.toMatchObject({ streamId: 'child-C-9', childId: 'C-9' });
    const innocent = childEvent('C-1');
    await expect(
      store.appendMany([
        { streamId: 'child-C-1', events: [innocent], expected: 0 },
        { streamId: 'child-C-9', events: [childEvent('C-9')], expected: 2 },
      ]),
    ).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await store.count()).toBe(countBefore);
    expect(await store.findByEventIds([innocent.eventId])).toEqual([]);
    expect((await store.append('child-C-1', [innocent], 0)).nextExpectedVersion).toBe(1);
  });

  it('is idempotent: erasing again keeps the first record', async () => {
    const first = await store.erase('C-9', ERASURE);
    expect(await store.erase('C-9', { ...ERASURE, erasedBy: 'someone-else' })).toEqual(first);
  });

  it('refuses later appends for a child erased before anything was recorded', async () => {
    await store.erase('C-404', ERASURE);
    await expect(store.append('child-C-404', [childEvent('C-404')], 'no_stream')).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await store.readStream('child-C-404')).toEqual([]);
  });

  it('waits for an append already under way, and refuses one that starts during the erasure', async () => {
    const inFlight = childEvent('C-9', { reason: secret });
    const appending = store.append('child-C-9', [inFlight], 2);
    const erasing = store.erase('C-9', ERASURE);
    const late = store.append('child-C-9', [childEvent('C-9')], 'any');
    await expect(appending).resolves.toMatchObject({ nextExpectedVersion: 3 });
    await expect(late).rejects.toBeInstanceOf(SubjectErasedError);
    await erasing;
    const [stored] = await store.findByEventIds([inFlight.eventId]);
    expect(stored).toMatchObject({ erased: true, data: {} });
  });

  it('hides plaintext events written before encryption was switched on once their child is erased', async () => {
    const inner = await backend.openInner();
    opened.push(inner);
    const legacy = childEvent('C-7', { reason: secret });
    await inner.append('child-C-7', [legacy], 'no_stream');
    expect((await store.readStream('child-C-7'))[0].data).toEqual(legacy.data);
    await store.erase('C-7', ERASURE);
    expect(await store.readStream('child-C-7')).toMatchObject([{ eventId: legacy.eventId, data: {}, erased: true }]);
  });

  it('leaves worker streams as they are (they may name the child)', async () => {
    await store.erase('C-9', ERASURE);
    const [supervision] = await store.readStream('worker-W-1');
    expect(supervision.erased).toBeUndefined();
    expect(supervision.data).toEqual({ workerId: 'W-1', childIdsDiscussed: ['C-9', 'C-1'] });
  });
});

function sortById(events: StoredEvent[]): StoredEvent[] {
  return [...events].sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
}
