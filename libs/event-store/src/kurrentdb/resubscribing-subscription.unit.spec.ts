import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { START, StoreUnavailableError, type GlobalPosition, type StoredEvent } from '../event-store.port.js';
import { waitFor } from '../testing/wait-for.js';
import { encodePosition } from './positions.js';
import { ResubscribingSubscription, type SourceConnection, type SourceItem, type SubscriptionSource } from './resubscribing-subscription.js';

/** Position of the n-th event of the fake log (commit and prepare as KurrentDB would have them, far above 2^53). */
const positionOf = (n: number): GlobalPosition => encodePosition({ commit: 2n ** 60n + BigInt(n) * 100n, prepare: 2n ** 60n + BigInt(n) * 100n });

function storedEvent(n: number): StoredEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'Tested',
    occurredAt: '2026-01-01',
    data: { n },
    metadata: { recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'test', correlationId: 'c', source: 'test', schemaVersion: 1 },
    streamId: 'worker-W-1',
    streamVersion: n,
    position: positionOf(n),
  };
}

class FakeConnection implements SourceConnection {
  private readonly items: SourceItem[] = [];
  private waiting: ((item: SourceItem) => void) | undefined;
  closed = false;

  constructor(readonly after: GlobalPosition) {}

  push(...items: SourceItem[]): void {
    for (const item of items) {
      if (this.closed) return;
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(item);
      } else this.items.push(item);
    }
  }

  get ready(): number {
    return this.items.length;
  }

  next(): Promise<SourceItem> {
    const item = this.items.shift();
    if (item) return Promise.resolve(item);
    if (this.closed) return Promise.resolve({ kind: 'dropped' });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.items.length = 0;
    this.push({ kind: 'dropped' });
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ kind: 'dropped' });
  }
}

/**
 * A fake `$all`: a log of events; each connection replays the log after its position
 * (`replayOverlap` repeats that many earlier events, as a server may), marks caught-up, then
 * receives appends live until it is dropped.
 */
class FakeSource implements SubscriptionSource {
  readonly log: StoredEvent[] = [];
  readonly connections: FakeConnection[] = [];
  replayOverlap = 0;

  open(after: GlobalPosition): FakeConnection {
    const connection = new FakeConnection(after);
    this.connections.push(connection);
    const from = Math.max(0, this.log.findIndex((e) => e.position > after) === -1 ? this.log.length : this.log.findIndex((e) => e.position > after));
    const replay = this.log.slice(Math.max(0, from - this.replayOverlap));
    connection.push(...replay.map((event): SourceItem => ({ kind: 'event', event })), { kind: 'caughtUp' });
    return connection;
  }

  append(count: number): void {
    for (let i = 0; i < count; i++) {
      const event = storedEvent(this.log.length);
      this.log.push(event);
      this.current?.push({ kind: 'event', event });
    }
  }

  get current(): FakeConnection | undefined {
    const last = this.connections[this.connections.length - 1];
    return last && !last.closed ? last : undefined;
  }

  drop(error: unknown = new StoreUnavailableError('connection reset')): void {
    this.current?.push({ kind: 'dropped', error });
  }
}

function subscribe(source: FakeSource, after: GlobalPosition = START, batchSize = 3, handler?: (events: StoredEvent[]) => Promise<void>) {
  const batches: StoredEvent[][] = [];
  let caughtUp = 0;
  const dropped: unknown[] = [];
  const subscription = new ResubscribingSubscription(
    source,
    { after, batchSize, handler: handler ?? (async (events) => void batches.push(events)), onCaughtUp: () => caughtUp++ },
    { retryDelayMs: 1, maxRetryDelayMs: 4, onDropped: (error) => dropped.push(error) },
  );
  const delivered = () => batches.flat().map((e) => e.streamVersion);
  return { subscription, batches, delivered, caughtUp: () => caughtUp, dropped };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('ResubscribingSubscription (against a fake source)', () => {
  it('catches up in batches of at most batchSize, reports caught-up once, then delivers live events', async () => {
    const source = new FakeSource();
    source.append(7);
    const s = subscribe(source);
    await waitFor(() => s.caughtUp() === 1, 'caught up');
    expect(s.delivered()).toEqual(range(0, 7));
    expect(s.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    source.append(2);
    await waitFor(() => s.delivered().length === 9, 'live events');
    expect(s.delivered()).toEqual(range(0, 9));
    expect(s.caughtUp()).toBe(1);
    await s.subscription.stop();
    await expect(s.subscription.done).resolves.toBeUndefined();
  });

  it('starts strictly after the checkpoint it is given', async () => {
    const source = new FakeSource();
    source.append(6);
    source.replayOverlap = 2; // the source repeats events at and before the checkpoint: they must be skipped
    const s = subscribe(source, positionOf(3));
    await waitFor(() => s.caughtUp() === 1, 'caught up');
    expect(source.connections[0].after).toBe(positionOf(3));
    expect(s.delivered()).toEqual([4, 5]);
    await s.subscription.stop();
  });

  it('after a drop, resubscribes from the last delivered position, losing and repeating nothing', async () => {
    const source = new FakeSource();
    source.append(4);
    const s = subscribe(source);
    await waitFor(() => s.caughtUp() === 1, 'caught up');
    source.replayOverlap = 3; // the new connection repeats what was already delivered
    source.drop();
    await waitFor(() => source.connections.length === 2, 'a second connection');
    expect(source.connections[0].closed).toBe(true);
    expect(source.connections[1].after).toBe(positionOf(3));
    source.append(3);
    await waitFor(() => s.delivered().length === 7, 'events after the reconnect');
    expect(s.delivered()).toEqual(range(0, 7));
    expect(s.dropped).toHaveLength(1);
    expect(s.caughtUp()).toBe(1);
    await s.subscription.stop();
  });

  it('survives repeated drops, including a drop in the middle of a catch-up and clean ends', async () => {
    const source = new FakeSource();
    source.append(10);
    const s = subscribe(source, START, 4);
    await waitFor(() => s.caughtUp() === 1, 'caught up');
    for (let round = 0; round < 5; round++) {
      source.append(2);
      source.drop(round % 2 === 0 ? new StoreUnavailableError('gone') : undefined);
      source.replayOverlap = round;
      source.append(1); // appended while disconnected: found by the next connection's catch-up
    }
    await waitFor(() => s.delivered().length === source.log.length, 'every event');
    await sleep(20);
    expect(s.delivered()).toEqual(range(0, source.log.length));
    const positions = s.batches.flat().map((e) => e.position);
    for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);
    await s.subscription.stop();
  });

  it('does not pull the next item until the handler has settled', async () => {
    const source = new FakeSource();
    source.append(9);
    let running = false;
    let overlapped = false;
    const seen: number[] = [];
    const s = subscribe(source, START, 2, async (_events) => {
      overlapped ||= running;
      running = true;
      // while the handler runs, the connection's queue must not be drained
      seen.push(source.current?.ready ?? -1);
      await sleep(5);
      running = false;
    });
    await waitFor(() => s.caughtUp() === 1, 'caught up');
    expect(overlapped).toBe(false);
    expect(seen[0]).toBe(9 - 2 + 1); // 7 events and the caught-up mark still queued during the first batch
    await s.subscription.stop();
  });

  it("ends done with the handler's error, closes the connection and delivers nothing more", async () => {
    const source = new FakeSource();
    source.append(2);
    let calls = 0;
    const s = subscribe(source, START, 10, async () => {
      calls++;
      throw new Error('projection failed');
    });
    await expect(s.subscription.done).rejects.toThrow('projection failed');
    expect(source.connections[0].closed).toBe(true);
    source.append(2);
    await sleep(20);
    expect(calls).toBe(1);
    expect(source.connections).toHaveLength(1);
    expect(s.subscription.lastDelivered).toBe(START);
  });

  it('ends done with a drop that is not a connection problem, without reconnecting', async () => {
    const source = new FakeSource();
    source.append(1);
    const s = subscribe(source);
    await waitFor(() => s.caughtUp() === 1, 'caught up');
    source.drop(new Error('access denied'));
    await expect(s.subscription.done).rejects.toThrow('access denied');
    expect(source.connections).toHaveLength(1);
  });

  it('stop() waits for a running handler, closes the connection and resolves done', async () => {
    const source = new FakeSource();
    source.append(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    let running = false;
    const s = subscribe(source, START, 3, async () => {
      running = true;
      await gate;
      handled++;
    });
    await waitFor(() => running, 'handler running');
    let stopped = false;
    const stopping = s.subscription.stop().then(() => (stopped = true));
    await sleep(10);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(handled).toBe(1);
    expect(source.connections[0].closed).toBe(true);
    source.append(1);
    await sleep(10);
    expect(handled).toBe(1);
    await expect(s.subscription.done).resolves.toBeUndefined();
  });

  it('stop() during the wait before a reconnect ends at once', async () => {
    const source = new FakeSource();
    const s = new ResubscribingSubscription(source, { after: START, handler: async () => undefined }, { retryDelayMs: 60_000 });
    await waitFor(() => source.connections.length === 1, 'connected');
    source.drop();
    await sleep(5);
    const started = Date.now();
    await s.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(source.connections).toHaveLength(1);
  });
});
