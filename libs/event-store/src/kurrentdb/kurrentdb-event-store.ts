import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START as KURRENT_START,
  StreamNotFoundError,
  excludeSystemEvents,
  type AppendStreamRequest,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import {
  DuplicateEventIdError,
  NOT_HELD_BACK,
  START,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReaderHoldBack,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { assertDistinctStreams } from '../stream-appends.js';
import { fromVersionOf } from '../stream-reads.js';
import { KurrentAllSource } from './kurrent-all-source.js';
import {
  claimStreamName,
  fromClaimEvent,
  isUuid,
  streamName,
  toClaimEventData,
  toEventData,
  toPortError,
  toStoredEvent,
  toStreamState,
  toStreamVersion,
  unavailable,
  wrongExpectedVersion,
} from './mapping.js';
import { decodePosition } from './positions.js';
import { ResubscribingSubscription, type ResubscribeOptions } from './resubscribing-subscription.js';

export interface KurrentDbEventStoreOptions extends ResubscribeOptions {
  /** Above this many ids, findByEventIds scans `$all` instead of reading one claim stream per id. */
  findByScanThreshold?: number;
}

/** How often an append whose 'any' revision moved under it is retried before giving up. */
const ANY_RETRIES = 20;
/** Claim-stream reads in flight at once. */
const LOOKUP_CONCURRENCY = 32;
/** Page size for scans of `$all`. */
const PAGE = 1000;

/**
 * Event store on KurrentDB (or EventStoreDB-compatible servers of version 25.1 and later),
 * the scale-out path. Port stream ids are stream names; the global order is `$all`, read
 * with the server-side `excludeSystemEvents()` filter; positions are KurrentDB's exact
 * (commit, prepare) pairs packed into one bigint (see positions.ts).
 *
 * Idempotency by eventId. KurrentDB only deduplicates a resent write when it arrives with
 * the same ids at the same expected revision right after the original; it never stops an
 * event id from being stored in another stream or later. To keep the port's guarantee (an
 * eventId is stored once in the whole store; a resend reports DuplicateEventIdError) every
 * append is ONE atomic `multiStreamAppend` that writes
 *   - the events to their stream at the expected revision, and
 *   - per event, a claim event to the stream `_eventid-<uuid>` with expected state
 *     NO_STREAM, recording where the event went ({ streamId, streamVersion }).
 * If any id was claimed before, the server rejects the whole transaction, so nothing is
 * written; a second writer racing with the same id loses the same way. Claims are typed
 * `$event-id-claimed`, so `excludeSystemEvents()` keeps them out of every `$all` read
 * (readAll, subscriptions, headPosition, count). The claim also makes findByEventIds a
 * direct read instead of a scan. An append with expected 'any' first reads the stream's
 * revision and appends at exactly that revision (the claims need the versions), retrying
 * if another writer moved the stream in between.
 *
 * Limits: needs KurrentDB 25.1+ (multi-stream append) and a server that accepts
 * `$`-prefixed event types from this user; each event costs a second (small) record and
 * stream in the log; a very large appendMany may exceed the server's transaction size
 * (TransactionMaxSizeExceededError); deleting or scavenging a stream outside this adapter
 * leaves its ids claimed. count() and large findByEventIds calls scan `$all` (O(store)):
 * they are for checks, health and benchmarks, as the port says.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<ResubscribingSubscription>();
  private readonly source: KurrentAllSource;
  private closed = false;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions,
  ) {
    this.source = new KurrentAllSource(client);
  }

  /** Connects (e.g. `kurrentdb://localhost:2113?tls=false`) and checks the server answers. */
  static async open(connectionString: string, options: KurrentDbEventStoreOptions = {}): Promise<KurrentDbEventStore> {
    const client = KurrentDBClient.connectionString(connectionString);
    const store = new KurrentDbEventStore(client, options);
    try {
      await store.headPosition();
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`stream ${streamId}: cannot append an empty list of events`);
    const [result] = await this.appendMany([{ streamId, events, expected }]);
    return result;
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    for (const { streamId, expected } of appends) {
      streamName(streamId);
      toStreamState(expected);
    }
    const events = appends.flatMap((a) => a.events);
    const repeated = [...new Set(events.map((e) => e.eventId).filter((id, i, ids) => ids.indexOf(id) !== i))];
    if (repeated.length > 0) throw new DuplicateEventIdError(repeated);
    const data = new Map(events.map((e) => [e.eventId, toEventData(e)]));

    for (let attempt = 0; ; attempt++) {
      // The revision each stream will be appended at: as expected, or as read now for 'any'.
      const revisions = await Promise.all(appends.map(({ streamId, expected }) => (expected === 'any' ? this.streamVersion(streamId) : expected)));
      const requests: AppendStreamRequest[] = [];
      appends.forEach(({ streamId, events: streamEvents }, i) => {
        const first = revisions[i] === 'no_stream' ? 0 : revisions[i] + 1;
        requests.push({ streamName: streamId, expectedState: toStreamState(revisions[i]), events: streamEvents.map((e) => data.get(e.eventId)!) });
        streamEvents.forEach((e, j) => requests.push({ streamName: claimStreamName(e.eventId), expectedState: NO_STREAM, events: [toClaimEventData({ streamId, streamVersion: first + j })] }));
      });
      try {
        await this.client.multiStreamAppend(requests);
      } catch (error) {
        const failure = unavailable(error) ?? (await this.explainRejectedAppend(error, appends));
        if (failure) throw failure;
        const anyMoved = wrongExpectedVersion(error, '', 'any') && appends.some((a) => a.expected === 'any');
        if (!anyMoved || attempt >= ANY_RETRIES) throw toPortError(error);
        continue; // an 'any' stream moved between reading its revision and appending: read it again
      }
      return Promise.all(
        appends.map(async ({ streamId, events: streamEvents }, i) => {
          const first = revisions[i] === 'no_stream' ? 0 : revisions[i] + 1;
          const stored = await this.readStreamFrom(streamId, first, streamEvents.length);
          return { nextExpectedVersion: first + streamEvents.length - 1, positions: stored.map((e) => e.position) };
        }),
      );
    }
  }

  /**
   * Why the server refused a multi-stream append: an id already claimed (DuplicateEventIdError,
   * checked first, so a resend reports the duplicate), or a stream not at its expected version.
   * Undefined when neither holds (any more): e.g. an 'any' stream moved, and the append can be retried.
   * Whatever the client called the refusal, the store's state decides, so a differently
   * reported conflict is still mapped correctly.
   */
  private async explainRejectedAppend(error: unknown, appends: StreamAppend[]): Promise<Error | undefined> {
    const ids = appends.flatMap((a) => a.events.map((e) => e.eventId));
    const claimed = await this.claims(ids);
    if (claimed.size > 0) return new DuplicateEventIdError(ids.filter((id) => claimed.has(id)));
    for (const { streamId, expected } of appends) {
      if (expected === 'any') continue;
      const actual = await this.streamVersion(streamId);
      if (actual !== expected) return new WrongExpectedVersionError(streamId, expected, actual);
    }
    if (appends.some((a) => a.expected === 'any')) return undefined;
    // No stream is off its expected version now: report what the server said.
    const { streamId, expected } = appends.find((a) => a.streamId === (error as { streamName?: string }).streamName) ?? appends[0];
    return wrongExpectedVersion(error, streamId, expected);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.readStreamFrom(streamName(streamId), fromVersionOf(options));
  }

  private async readStreamFrom(streamId: string, fromRevision: number, maxCount?: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(fromRevision), direction: FORWARDS, ...(maxCount ? { maxCount } : {}) })) {
        if (resolved.event) events.push(toStoredEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error);
    }
    return events;
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    // KurrentDB reads $all from a position inclusively: ask for one more and drop what is not strictly after.
    const events = await this.readAllRaw(after, limit + 1);
    return events.filter((e) => e.position > after).slice(0, limit);
  }

  private async readAllRaw(after: GlobalPosition, maxCount: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      const fromPosition = after === START ? KURRENT_START : decodePosition(after);
      for await (const resolved of this.client.readAll({ fromPosition, direction: FORWARDS, maxCount, filter: excludeSystemEvents() })) {
        if (resolved.event) events.push(toStoredEvent(resolved.event));
      }
    } catch (error) {
      throw toPortError(error);
    }
    return events;
  }

  async findByEventIds(eventIds: string[]): Promise<StoredEvent[]> {
    const ids = [...new Set(eventIds.filter(isUuid).map((id) => id.toLowerCase()))];
    if (ids.length === 0) return [];
    if (ids.length > (this.options.findByScanThreshold ?? 1000)) {
      const wanted = new Set(ids);
      const found: StoredEvent[] = [];
      for (let page = await this.readAll({ after: START, limit: PAGE }); page.length > 0; page = await this.readAll({ after: page[page.length - 1].position, limit: PAGE })) {
        found.push(...page.filter((e) => wanted.has(e.eventId.toLowerCase())));
      }
      return found;
    }
    const claims = await this.claims(ids);
    const found = await mapConcurrently([...claims.values()], LOOKUP_CONCURRENCY, ({ streamId, streamVersion }) => this.readStreamFrom(streamId, streamVersion, 1));
    return found.flat();
  }

  /** Claims of these ids that exist, by id. */
  private async claims(eventIds: string[]): Promise<Map<string, { streamId: string; streamVersion: number }>> {
    const read = await mapConcurrently(eventIds, LOOKUP_CONCURRENCY, async (id) => {
      try {
        for await (const resolved of this.client.readStream(claimStreamName(id), { fromRevision: KURRENT_START, maxCount: 1 })) {
          if (resolved.event) return [id, fromClaimEvent(resolved.event as RecordedEvent)] as const;
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return undefined;
        throw toPortError(error);
      }
      return undefined;
    });
    return new Map(read.filter((entry) => entry !== undefined));
  }

  async headPosition(): Promise<GlobalPosition> {
    try {
      for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, filter: excludeSystemEvents() })) {
        if (resolved.event) return toStoredEvent(resolved.event).position;
      }
    } catch (error) {
      throw toPortError(error);
    }
    return START;
  }

  /** Scans `$all` (O(store)): for checks, health and benchmarks. */
  async count(): Promise<number> {
    let n = 0;
    try {
      for await (const resolved of this.client.readAll({ fromPosition: KURRENT_START, direction: FORWARDS, filter: excludeSystemEvents() })) {
        if (resolved.event) n++;
      }
    } catch (error) {
      throw toPortError(error);
    }
    return n;
  }

  /** $all is read by commit position, which only ever grows: no open transaction holds a reader back. */
  async readerHoldBack(): Promise<ReaderHoldBack> {
    return NOT_HELD_BACK;
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = new ResubscribingSubscription(this.source, options, this.options);
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private async streamVersion(streamId: string): Promise<number | 'no_stream'> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
        if (resolved.event) return toStreamVersion(resolved.event.revision);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 'no_stream';
      throw toPortError(error);
    }
    return 'no_stream';
  }
}

async function mapConcurrently<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}
