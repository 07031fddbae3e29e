import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { START, type EventStore } from '../event-store.port.js';
import { postgresAvailable, untilVisible, VISIBLE_WITHIN_MS, waitFor } from '../testing/index.js';
import type { EncryptingEventStore } from './encrypting-event-store.js';
import { EventDecryptionError, MissingChildKeyError } from './errors.js';
import { postgresBackend, sqliteBackend, type Backend } from './testing/backends.js';
import { childEvent, distinctive, workerEvent } from './testing/events.js';

const backends: [string, () => Promise<Backend>][] = [['SQLite', async () => sqliteBackend()]];
if (await postgresAvailable()) backends.push(['PostgreSQL', postgresBackend]);

/** Waits, through a plain connection (the encrypting one would throw), until the event just written is visible to readAll. */
async function untilVisibleBehind(backend: Backend, opened: EventStore[]): Promise<void> {
  const inner = await backend.openInner();
  opened.push(inner);
  await untilVisible(inner, START, 1);
}

describe.each(backends)('EncryptingEventStore over %s: encryption', (_name, createBackend) => {
  let backend: Backend;
  let store: EncryptingEventStore;
  const opened: EventStore[] = [];
  const open = async () => {
    const connection = await backend.open();
    opened.push(connection);
    return connection;
  };

  beforeEach(async () => {
    backend = await createBackend();
    store = await open();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await backend.cleanup();
  });

  it("stores a child's data only as ciphertext, and reads it back", async () => {
    const secret = distinctive('neglect-and-domestic-abuse');
    const events = [childEvent('C-1', { reason: secret }), childEvent('C-1', { concerns: [secret] }, 'ReferralReceived')];
    await store.append('child-C-1', events, 'no_stream');

    const raw = await backend.rawData('child-C-1');
    expect(raw).toHaveLength(2);
    for (const { data } of raw) {
      expect(data).not.toContain(secret);
      expect(data).not.toContain('C-1');
      expect(Object.keys(JSON.parse(data)).sort()).toEqual(['$enc', 'ct', 'iv', 'tag']);
      expect(JSON.parse(data).$enc).toBe('v1');
    }
    expect(await backend.eventFilesContain(secret)).not.toBe(true);
    expect((await store.readStream('child-C-1')).map((e) => e.data)).toEqual(events.map((e) => e.data));
  });

  it('encrypts equal data differently each time (a fresh IV per event)', async () => {
    await store.append('child-C-1', [childEvent('C-1', { same: true }), childEvent('C-1', { same: true })], 'no_stream');
    const [a, b] = (await backend.rawData('child-C-1')).map((row) => JSON.parse(row.data));
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('keeps worker streams in plaintext', async () => {
    const marker = distinctive('supervision');
    await store.append('worker-W-1', [workerEvent('W-1', { note: marker })], 'no_stream');
    const [raw] = await backend.rawData('worker-W-1');
    expect(JSON.parse(raw.data)).toEqual({ workerId: 'W-1', note: marker });
    expect(await backend.eventFilesContain(marker)).not.toBe(false);
    expect(await backend.rawKey('W-1')).toBeUndefined();
  });

  it('fails loudly on every read path when a ciphertext is tampered with', async () => {
    const event = childEvent('C-1', { reason: 'moved' });
    await store.append('child-C-1', [event], 'no_stream');
    const [raw] = await backend.rawData('child-C-1');
    const envelope = JSON.parse(raw.data);
    const ct = Buffer.from(envelope.ct, 'base64');
    ct[0] ^= 1;
    await backend.overwriteData(event.eventId, { ...envelope, ct: ct.toString('base64') });

    await expect(store.readStream('child-C-1')).rejects.toBeInstanceOf(EventDecryptionError);
    await untilVisibleBehind(backend, opened);
    await expect(store.readAll({ after: START, limit: 10 })).rejects.toBeInstanceOf(EventDecryptionError);
    await expect(store.findByEventIds([event.eventId])).rejects.toThrow(event.eventId);
    const subscription = store.subscribe({ after: START, handler: async () => undefined });
    await expect(subscription.done).rejects.toBeInstanceOf(EventDecryptionError);
  });

  it('refuses a truncated tag, an unknown envelope version and a malformed envelope', async () => {
    const events = [childEvent('C-1'), childEvent('C-1'), childEvent('C-1')];
    await store.append('child-C-1', events, 'no_stream');
    const envelopes = (await backend.rawData('child-C-1')).map((row) => JSON.parse(row.data));
    const tampered = [
      { ...envelopes[0], tag: Buffer.from(envelopes[0].tag, 'base64').subarray(0, 12).toString('base64') },
      { ...envelopes[1], $enc: 'v9' },
      { $enc: 'v1', ct: envelopes[2].ct },
    ];
    for (const [index, event] of events.entries()) {
      await backend.overwriteData(event.eventId, tampered[index]);
      await expect(store.findByEventIds([event.eventId])).rejects.toBeInstanceOf(EventDecryptionError);
    }
  });

  it('fails loudly when a ciphertext is moved to another event, in the same stream or another child', async () => {
    const [first, second] = [childEvent('C-1', { reason: 'a' }), childEvent('C-1', { reason: 'b' })];
    await store.append('child-C-1', [first, second], 'no_stream');
    const other = childEvent('C-2');
    await store.append('child-C-2', [other], 'no_stream');
    const [raw] = await backend.rawData('child-C-1');

    await backend.overwriteData(second.eventId, JSON.parse(raw.data));
    await expect(store.findByEventIds([second.eventId])).rejects.toThrow(`event ${second.eventId}`);
    await backend.overwriteData(other.eventId, JSON.parse(raw.data));
    await expect(store.readStream('child-C-2')).rejects.toBeInstanceOf(EventDecryptionError);
    expect((await store.findByEventIds([first.eventId]))[0].data).toEqual(first.data);
  });

  it('reads plaintext events written before encryption was switched on unchanged, next to encrypted ones', async () => {
    const inner = await backend.openInner();
    opened.push(inner);
    const before = childEvent('C-1', { reason: 'legacy' });
    await inner.append('child-C-1', [before], 'no_stream');
    const after = childEvent('C-1', { reason: 'new' });
    await store.append('child-C-1', [after], 0);

    expect((await store.readStream('child-C-1')).map((e) => e.data)).toEqual([before.data, after.data]);
    expect(JSON.parse((await backend.rawData('child-C-1'))[1].data).$enc).toBe('v1');
  });

  it('treats an encrypted event whose key is missing (and not erased) as an error, not as an erasure', async () => {
    await store.append('child-C-1', [childEvent('C-1')], 'no_stream');
    await backend.dropKeyRaw('C-1');
    const fresh = await open(); // no cached key
    await expect(fresh.readStream('child-C-1')).rejects.toBeInstanceOf(MissingChildKeyError);
    await untilVisibleBehind(backend, opened);
    await expect(fresh.readAll({ after: START, limit: 10 })).rejects.toThrow('no key and no erasure recorded for child C-1');
  });

  it('decrypts batches delivered to a subscription', async () => {
    const events = [childEvent('C-1', { n: 1 }), childEvent('C-2', { n: 2 })];
    const received: unknown[] = [];
    store.subscribe({ after: START, handler: async (batch) => void received.push(...batch.map((e) => e.data)) });
    await store.append('child-C-1', [events[0]], 'no_stream');
    await store.append('child-C-2', [events[1]], 'no_stream');
    await waitFor(() => received.length === 2, 'both events', VISIBLE_WITHIN_MS);
    expect(received).toEqual(events.map((e) => e.data));
  });
});
