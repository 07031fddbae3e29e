import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DuplicateEventIdError,
  START,
  WrongExpectedVersionError,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { readAllVisible, untilVisible, VISIBLE_WITHIN_MS, waitFor } from './wait-for.js';

export interface EventStoreFactory {
  /** A store for one test. It need not be empty: the suite uses fresh stream ids and positions relative to the head. */
  create(): Promise<EventStore>;
  /** Another connection to the same store, to test concurrent writers and cross-connection subscriptions. */
  createSecondConnection?(first: EventStore): Promise<EventStore>;
  /** Runs after every store the test opened is closed. */
  cleanup?(): Promise<void>;
}

/** Per-test state shared by the groups of the suite. */
interface SuiteContext {
  readonly store: EventStore;
  secondConnection(): Promise<EventStore>;
  /** Subscribes and stops the subscription after the test, whatever the adapter's close() does. */
  subscribe(options: SubscribeOptions, on?: EventStore): Subscription;
}

/** Defines the behaviour every EventStore adapter must have, using the port only. */
export function runEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    const opened: EventStore[] = [];
    const subscriptions: Subscription[] = [];
    const context: SuiteContext = {
      get store() {
        return opened[0];
      },
      async secondConnection() {
        if (!factory.createSecondConnection) throw new Error('factory has no createSecondConnection');
        const second = await factory.createSecondConnection(opened[0]);
        opened.push(second);
        return second;
      },
      subscribe(options, on = opened[0]) {
        const subscription = on.subscribe(options);
        subscriptions.push(subscription);
        return subscription;
      },
    };

    beforeEach(async () => {
      opened.push(await factory.create());
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      await Promise.all(opened.splice(0).map((store) => store.close()));
      await factory.cleanup?.();
    });

    describe('append', () => appendContract(context));
    describe('appendMany', () => appendManyContract(context));
    describe('reading', () => readContract(context));
    describe('subscriptions', () => subscriptionContract(context));
    const concurrently = factory.createSecondConnection ? describe : describe.skip;
    concurrently('two connections', () => twoConnectionContract(context));
  });
}

function appendManyContract(context: SuiteContext): void {
  it('appends to several streams at once, each at its expected version', async () => {
    const [a, b] = [newStreamId(), newStreamId()];
    await context.store.append(a, newEvents(1), 'no_stream');
    const results = await context.store.appendMany([
      { streamId: a, events: newEvents(2), expected: 0 },
      { streamId: b, events: newEvents(1), expected: 'no_stream' },
    ]);
    expect(results.map((r) => r.nextExpectedVersion)).toEqual([2, 0]);
    expectStrictlyIncreasing([...results[0].positions, ...results[1].positions]);
    expect(versionsOf(await context.store.readStream(a))).toEqual([0, 1, 2]);
    expect(versionsOf(await context.store.readStream(b))).toEqual([0]);
  });

  it('writes nothing when any stream is not at its expected version', async () => {
    const [a, b] = [newStreamId(), newStreamId()];
    await context.store.append(b, newEvents(2), 'no_stream');
    const countBefore = await context.store.count();
    const error = await rejectionOf(
      context.store.appendMany([
        { streamId: a, events: newEvents(1), expected: 'no_stream' },
        { streamId: b, events: newEvents(1), expected: 0 },
      ]),
    );
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamId: b, expected: 0, actual: 1 });
    expect(await context.store.count()).toBe(countBefore);
    expect(await context.store.readStream(a)).toEqual([]);
  });

  it('writes nothing when any event id is already stored', async () => {
    const stored = newEvent();
    await context.store.append(newStreamId(), [stored], 'no_stream');
    const countBefore = await context.store.count();
    const error = await rejectionOf(
      context.store.appendMany([
        { streamId: newStreamId(), events: newEvents(1), expected: 'no_stream' },
        { streamId: newStreamId(), events: [stored], expected: 'no_stream' },
      ]),
    );
    expect(error).toBeInstanceOf(DuplicateEventIdError);
    expect(await context.store.count()).toBe(countBefore);
  });

  it('refuses the same stream twice', async () => {
    const a = newStreamId();
    await expect(
      context.store.appendMany([
        { streamId: a, events: newEvents(1), expected: 'no_stream' },
        { streamId: a, events: newEvents(1), expected: 0 },
      ]),
    ).rejects.toThrow('appears twice');
  });
}

function appendContract(context: SuiteContext): void {
  it('creates a stream with no_stream, numbering versions from 0', async () => {
    const stream = newStreamId();
    const result = await context.store.append(stream, newEvents(3), 'no_stream');
    expect(result.nextExpectedVersion).toBe(2);
    expectStrictlyIncreasing(result.positions);
    expect(versionsOf(await context.store.readStream(stream))).toEqual([0, 1, 2]);
  });

  it('appends at the expected revision', async () => {
    const stream = newStreamId();
    expect((await context.store.append(stream, newEvents(2), 'no_stream')).nextExpectedVersion).toBe(1);
    expect((await context.store.append(stream, newEvents(1), 1)).nextExpectedVersion).toBe(2);
    expect((await context.store.append(stream, newEvents(2), 2)).nextExpectedVersion).toBe(4);
    expect(versionsOf(await context.store.readStream(stream))).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects a stale or future revision with the actual version, writing nothing', async () => {
    const stream = newStreamId();
    await context.store.append(stream, newEvents(2), 'no_stream');
    const countBefore = await context.store.count();
    for (const expected of [0, 2, 5]) {
      const event = newEvent();
      const error = await rejectionOf(context.store.append(stream, [event], expected));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId: stream, expected, actual: 1 });
      expect(await context.store.findByEventIds([event.eventId])).toEqual([]);
    }
    expect(await context.store.count()).toBe(countBefore);
    expect((await context.store.append(stream, newEvents(1), 1)).nextExpectedVersion).toBe(2);
  });

  it('rejects a revision for a stream that does not exist', async () => {
    const stream = newStreamId();
    const error = await rejectionOf(context.store.append(stream, newEvents(1), 0));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamId: stream, expected: 0, actual: 'no_stream' });
    expect(await context.store.readStream(stream)).toEqual([]);
  });

  it('rejects no_stream when the stream exists', async () => {
    const stream = newStreamId();
    await context.store.append(stream, newEvents(1), 'no_stream');
    const error = await rejectionOf(context.store.append(stream, newEvents(1), 'no_stream'));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ expected: 'no_stream', actual: 0 });
    expect(await context.store.readStream(stream)).toHaveLength(1);
  });

  it('appends with any whether or not the stream exists', async () => {
    const stream = newStreamId();
    expect((await context.store.append(stream, newEvents(1), 'any')).nextExpectedVersion).toBe(0);
    expect((await context.store.append(stream, newEvents(2), 'any')).nextExpectedVersion).toBe(2);
  });

  it('rejects an empty append', async () => {
    const countBefore = await context.store.count();
    expect(await rejectionOf(context.store.append(newStreamId(), [], 'any'))).toBeInstanceOf(Error);
    expect(await context.store.count()).toBe(countBefore);
  });

  it('rejects an eventId already stored in the same stream, writing nothing', async () => {
    const stream = newStreamId();
    const event = newEvent();
    await context.store.append(stream, [event], 'no_stream');
    await expectDuplicateRejected(context.store, stream, [{ ...event, data: { other: true } }], [event.eventId]);
    expect(await context.store.readStream(stream)).toHaveLength(1);
  });

  it('rejects an eventId already stored in another stream, writing nothing', async () => {
    const event = newEvent();
    await context.store.append(newStreamId(), [event], 'no_stream');
    const stream = newStreamId();
    await expectDuplicateRejected(context.store, stream, [event], [event.eventId]);
    expect(await context.store.readStream(stream)).toEqual([]);
  });

  it('is atomic: a duplicate in the middle of a batch writes none of it', async () => {
    const stored = newEvent();
    await context.store.append(newStreamId(), [stored], 'no_stream');
    const [before, after] = newEvents(2);
    const stream = newStreamId();
    await expectDuplicateRejected(context.store, stream, [before, stored, after], [stored.eventId]);
    expect(await context.store.readStream(stream)).toEqual([]);
    expect(await context.store.findByEventIds([before.eventId, after.eventId])).toEqual([]);
  });

  it('rejects the same eventId twice in one batch', async () => {
    const event = newEvent();
    const stream = newStreamId();
    await expectDuplicateRejected(context.store, stream, [event, newEvent(), event], [event.eventId]);
    expect(await context.store.readStream(stream)).toEqual([]);
  });

  it('lets exactly one of two concurrent appends at the same revision succeed', async () => {
    const stream = newStreamId();
    await context.store.append(stream, newEvents(1), 'no_stream');
    const outcomes = await Promise.allSettled([context.store.append(stream, newEvents(1), 0), context.store.append(stream, newEvents(1), 0)]);
    expectOneWinner(outcomes);
    expect(versionsOf(await context.store.readStream(stream))).toEqual([0, 1]);
  });
}

function readContract(context: SuiteContext): void {
  it('reads a stream in order with versions 0..n-1 and every field', async () => {
    const stream = newStreamId();
    const first = newEvents(3);
    const second = newEvents(2);
    const { positions: firstPositions } = await context.store.append(stream, first, 'no_stream');
    const { positions: secondPositions } = await context.store.append(stream, second, 2);
    const positions = [...firstPositions, ...secondPositions];
    const expected = [...first, ...second].map((event, version) => ({ ...event, streamId: stream, streamVersion: version, position: positions[version] }));
    expect(await context.store.readStream(stream)).toStrictEqual(expected);
  });

  it('reads an unknown stream as []', async () => {
    expect(await context.store.readStream(newStreamId())).toEqual([]);
    expect(await context.store.readStream(newStreamId(), { fromVersion: 3 })).toEqual([]);
  });

  it('reads a stream from a version: that event and the later ones, exactly as a whole read gives them', async () => {
    const stream = newStreamId();
    await context.store.append(stream, newEvents(3), 'no_stream');
    await context.store.append(newStreamId(), newEvents(1), 'no_stream');
    await context.store.append(stream, newEvents(2), 2);
    const whole = await context.store.readStream(stream);
    expect(await context.store.readStream(stream, { fromVersion: 3 })).toStrictEqual(whole.slice(3));
    expect(await context.store.readStream(stream, { fromVersion: 4 })).toStrictEqual(whole.slice(4));
    expect(await context.store.readStream(stream, { fromVersion: 0 })).toStrictEqual(whole);
    expect(await context.store.readStream(stream, {})).toStrictEqual(whole);
    expect(await context.store.readStream(stream, { fromVersion: 5 })).toEqual([]);
  });

  it('refuses to read a stream from a negative or fractional version', async () => {
    const stream = newStreamId();
    await context.store.append(stream, newEvents(2), 'no_stream');
    for (const fromVersion of [-1, 0.5, Number.NaN]) await expect(context.store.readStream(stream, { fromVersion })).rejects.toThrow(RangeError);
  });

  it('round-trips data and metadata exactly', async () => {
    const event: NewEvent = {
      ...newEvent(),
      occurredAt: '2024-02-29T23:59:59.123Z',
      data: richData(),
      metadata: { recordedAt: '2024-03-01T08:00:00.000Z', recordedBy: 'Zoë Ångström', correlationId: randomUUID(), source: 'contract • suite', schemaVersion: 7 },
    };
    const stream = newStreamId();
    await context.store.append(stream, [event, { ...newEvent(), occurredAt: '2024-02-29' }], 'no_stream');
    const [stored, dateOnly] = await context.store.readStream(stream);
    expect(stored.data).toStrictEqual(richData());
    expect(stored.metadata).toStrictEqual(event.metadata);
    expect(stored.occurredAt).toBe(event.occurredAt);
    expect(dateOnly.occurredAt).toBe('2024-02-29');
  });

  it('reads all streams in commit order with strictly increasing bigint positions', async () => {
    const head = await context.store.headPosition();
    const streams = [newStreamId(), newStreamId(), newStreamId()];
    const appended: { eventId: string; position: GlobalPosition }[] = [];
    for (let round = 0; round < 3; round++) {
      for (const stream of streams) {
        const events = newEvents(round + 1);
        const { positions } = await context.store.append(stream, events, 'any');
        events.forEach((event, index) => appended.push({ eventId: event.eventId, position: positions[index] }));
      }
    }
    const all = await readAllVisible(context.store, head, appended.length);
    expect(all.map(({ eventId, position }) => ({ eventId, position }))).toEqual(appended);
    expectStrictlyIncreasing(all.map((event) => event.position));
  });

  it('pages through all events exactly once with after/limit', async () => {
    const head = await context.store.headPosition();
    const appendedIds: string[] = [];
    for (const [index, size] of [5, 1, 7, 3, 9].entries()) {
      const events = newEvents(size);
      await context.store.append(newStreamId(`page-${index % 2}`), events, 'any');
      appendedIds.push(...events.map((event) => event.eventId));
    }
    await untilVisible(context.store, head, appendedIds.length);
    const pages = await readAllPages(context.store, head, 4);
    expect(pages.every((page) => page.length <= 4)).toBe(true);
    expect(pages.flat().map((event) => event.eventId)).toEqual(appendedIds);
    expect(await context.store.readAll({ after: await context.store.headPosition(), limit: 10 })).toEqual([]);
  });

  it('finds stored events by id in any stream, ignoring unknown ids', async () => {
    const [a, b] = [newEvent(), newEvent()];
    await context.store.append(newStreamId(), [a], 'no_stream');
    await context.store.append(newStreamId(), [newEvent(), b], 'no_stream');
    const found = await context.store.findByEventIds([b.eventId, randomUUID(), a.eventId]);
    expect(found.map((event) => event.eventId).sort()).toEqual([a.eventId, b.eventId].sort());
    expect(found.find((event) => event.eventId === b.eventId)).toMatchObject({ streamVersion: 1, data: b.data });
    expect(await context.store.findByEventIds([])).toEqual([]);
  });

  it('finds events among more ids than one query can bind', async () => {
    const stored = newEvents(300);
    await context.store.append(newStreamId(), stored, 'no_stream');
    const unknown = Array.from({ length: 40_000 }, () => randomUUID());
    const found = await context.store.findByEventIds([...unknown, ...stored.map((event) => event.eventId)]);
    expect(new Set(found.map((event) => event.eventId))).toEqual(new Set(stored.map((event) => event.eventId)));
  });

  it('reports the head position and the count of stored events', async () => {
    const countBefore = await context.store.count();
    const first = await context.store.append(newStreamId(), newEvents(2), 'no_stream');
    const second = await context.store.append(newStreamId(), newEvents(3), 'no_stream');
    expect(await context.store.headPosition()).toBe(second.positions[2]);
    expect(await context.store.headPosition()).toBeGreaterThan(first.positions[1]);
    expect(await context.store.count()).toBe(countBefore + 5);
  });
}

function subscriptionContract(context: SuiteContext): void {
  it('catches up from START in batches, then delivers later appends live', async () => {
    const stream = newStreamId();
    const before = newEvents(5);
    const head = await context.store.headPosition();
    await context.store.append(stream, before, 'no_stream');
    // Catching up delivers what is visible then: wait until the events just appended are.
    await untilVisible(context.store, head, before.length);
    const { received, caughtUp } = collect(context, { after: START, batchSize: 2 });
    await waitFor(() => caughtUp() === 1, 'catching up', VISIBLE_WITHIN_MS);
    expect(idsIn(received.flat(), stream)).toEqual(idsOf(before));
    expect(received.every((batch) => batch.length <= 2)).toBe(true);

    const later = newEvents(3);
    await context.store.append(stream, later, 4);
    await waitFor(() => idsIn(received.flat(), stream).length === 8, 'live events', VISIBLE_WITHIN_MS);
    expect(idsIn(received.flat(), stream)).toEqual(idsOf([...before, ...later]));
    expectStrictlyIncreasing(received.flat().map((event) => event.position));
    expect(caughtUp()).toBe(1);
  });

  it('catches up from a middle position', async () => {
    const stream = newStreamId();
    const events = newEvents(6);
    const { positions } = await context.store.append(stream, events, 'no_stream');
    await untilVisible(context.store, positions[2], 3);
    const { received, caughtUp } = collect(context, { after: positions[2], batchSize: 2 });
    await waitFor(() => caughtUp() === 1, 'catching up', VISIBLE_WITHIN_MS);
    expect(received.flat().map((event) => event.eventId)).toEqual(idsOf(events.slice(3)));

    const later = newEvent();
    await context.store.append(newStreamId(), [later], 'no_stream');
    await waitFor(() => received.flat().some((event) => event.eventId === later.eventId), 'live event', VISIBLE_WITHIN_MS);
  });

  it('reports caught-up when there is nothing to deliver, then goes live', async () => {
    const { received, caughtUp } = collect(context, { after: await context.store.headPosition() });
    await waitFor(() => caughtUp() === 1, 'catching up', VISIBLE_WITHIN_MS);
    expect(received).toEqual([]);
    const event = newEvent();
    await context.store.append(newStreamId(), [event], 'no_stream');
    await waitFor(() => received.length === 1, 'live event', VISIBLE_WITHIN_MS);
    expect(received[0].map((stored) => stored.eventId)).toEqual([event.eventId]);
  });

  it('does not read the next batch until the handler has settled', async () => {
    const stream = newStreamId();
    const events = newEvents(20);
    await context.store.append(stream, events.slice(0, 12), 'no_stream');
    let running = false;
    let overlapped = false;
    const delivered: StoredEvent[][] = [];
    context.subscribe({
      after: START,
      batchSize: 3,
      handler: async (batch) => {
        overlapped ||= running;
        running = true;
        await sleep(15);
        delivered.push(batch);
        running = false;
      },
    });
    await context.store.append(stream, events.slice(12), 11);
    await waitFor(() => idsIn(delivered.flat(), stream).length === 20, 'all events', VISIBLE_WITHIN_MS);
    expect(overlapped).toBe(false);
    expect(delivered.every((batch) => batch.length <= 3)).toBe(true);
    expect(idsIn(delivered.flat(), stream)).toEqual(idsOf(events));
  });

  it('rejects done and stops delivering when the handler throws', async () => {
    await context.store.append(newStreamId(), newEvents(2), 'no_stream');
    let calls = 0;
    const subscription = context.subscribe({
      after: START,
      handler: async () => {
        calls++;
        throw new Error('projection failed');
      },
    });
    await expect(subscription.done).rejects.toThrow('projection failed');
    await context.store.append(newStreamId(), newEvents(1), 'no_stream');
    await sleep(300);
    expect(calls).toBe(1);
  });

  it('stop() waits for a running handler, then delivers nothing more', async () => {
    await context.store.append(newStreamId(), newEvents(1), 'no_stream');
    const gate = deferred();
    let handlerRunning = false;
    let handled = 0;
    const subscription = context.subscribe({
      after: START,
      handler: async () => {
        handlerRunning = true;
        await gate.promise;
        handled++;
        handlerRunning = false;
      },
    });
    await waitFor(() => handlerRunning, 'handler to start', VISIBLE_WITHIN_MS);
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(handlerRunning).toBe(false);
    await context.store.append(newStreamId(), newEvents(1), 'no_stream');
    await sleep(300);
    expect(handled).toBe(1);
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('close() ends its subscriptions and can be called twice', async () => {
    const subscription = context.store.subscribe({ after: START, handler: async () => undefined });
    await context.store.close();
    await expect(subscription.done).resolves.toBeUndefined();
    await context.store.close();
  });
}

function twoConnectionContract(context: SuiteContext): void {
  it('lets exactly one of two connections appending at the same revision succeed', async () => {
    const second = await context.secondConnection();
    const stream = newStreamId();
    await context.store.append(stream, newEvents(2), 'no_stream');
    const [seenByFirst, seenBySecond] = await Promise.all([context.store.readStream(stream), second.readStream(stream)]);
    const outcomes = await Promise.allSettled([context.store.append(stream, newEvents(1), seenByFirst.length - 1), second.append(stream, newEvents(1), seenBySecond.length - 1)]);
    expectOneWinner(outcomes);
    expect(versionsOf(await second.readStream(stream))).toEqual([0, 1, 2]);
    expect(await second.readStream(stream)).toEqual(await context.store.readStream(stream));
  });

  it('delivers appends made through the other connection to a subscription', async () => {
    const second = await context.secondConnection();
    const { received, caughtUp } = collect(context, { after: await context.store.headPosition() });
    await waitFor(() => caughtUp() === 1, 'catching up', VISIBLE_WITHIN_MS);
    const events = newEvents(3);
    await second.append(newStreamId(), events, 'no_stream');
    await waitFor(() => received.flat().length === 3, 'events from the other connection', VISIBLE_WITHIN_MS);
    expect(idsOf(received.flat())).toEqual(idsOf(events));
  });
}

// ---------------------------------------------------------------------------------------------
// helpers

function newStreamId(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

let sequence = 0;
function newEvent(): NewEvent {
  sequence++;
  return {
    eventId: randomUUID(),
    type: 'ContractEventHappened',
    occurredAt: '2024-05-01',
    data: { sequence },
    metadata: { recordedAt: new Date().toISOString(), recordedBy: 'contract-suite', correlationId: randomUUID(), source: 'test', schemaVersion: 1 },
  };
}

function newEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, newEvent);
}

/** Values every JSON store must keep exactly (no -0, lone surrogates or NUL: JSON/jsonb cannot hold them). */
function richData(): Record<string, unknown> {
  return {
    text: 'Zoë — 子ども — مرحبا — 👩‍👧‍👦 — e\u0301 — "quoted" \\ back\nslash\ttab',
    nested: { deeper: { list: [1, 'two', { three: [3] }, null, true], empty: {} } },
    emptyList: [],
    emptyText: '',
    numbers: [0, -12.5, 1e-7, Number.MAX_SAFE_INTEGER],
    flag: false,
    nothing: null,
  };
}

function versionsOf(events: StoredEvent[]): number[] {
  return events.map((event) => event.streamVersion);
}

function idsOf(events: { eventId: string }[]): string[] {
  return events.map((event) => event.eventId);
}

function idsIn(events: StoredEvent[], streamId: string): string[] {
  return idsOf(events.filter((event) => event.streamId === streamId));
}

function expectStrictlyIncreasing(positions: GlobalPosition[]): void {
  for (const [index, position] of positions.entries()) {
    expect(typeof position).toBe('bigint');
    if (index > 0) expect(position).toBeGreaterThan(positions[index - 1]);
  }
}

function expectOneWinner(outcomes: PromiseSettledResult<unknown>[]): void {
  const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  expect(rejected).toHaveLength(outcomes.length - 1);
  for (const { reason } of rejected) expect(reason).toBeInstanceOf(WrongExpectedVersionError);
}

async function expectDuplicateRejected(store: EventStore, streamId: string, events: NewEvent[], duplicateIds: string[]): Promise<void> {
  const countBefore = await store.count();
  const error = await rejectionOf(store.append(streamId, events, 'any'));
  expect(error).toBeInstanceOf(DuplicateEventIdError);
  expect((error as DuplicateEventIdError).eventIds).toEqual(duplicateIds);
  expect(await store.count()).toBe(countBefore);
}

async function readAllPages(store: EventStore, after: GlobalPosition, limit: number): Promise<StoredEvent[][]> {
  const pages: StoredEvent[][] = [];
  for (let page = await store.readAll({ after, limit }); page.length > 0; page = await store.readAll({ after, limit })) {
    pages.push(page);
    after = page[page.length - 1].position;
  }
  return pages;
}

function collect(context: SuiteContext, options: Omit<SubscribeOptions, 'handler' | 'onCaughtUp'>) {
  const received: StoredEvent[][] = [];
  let caughtUpCalls = 0;
  context.subscribe({
    ...options,
    handler: async (events) => void received.push(events),
    onCaughtUp: () => caughtUpCalls++,
  });
  return { received, caughtUp: () => caughtUpCalls };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
