import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReaderHoldBack,
  ReadStreamOptions,
  StoredEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { assertDistinctStreams } from '../stream-appends.js';
import { isSealed, seal, unseal } from './envelope.js';
import { EventDecryptionError, MissingChildKeyError, SubjectErasedError } from './errors.js';
import type { ChildKeyring, ErasureDetails, ErasureRecord, KeyState } from './keyring.js';

export interface EncryptingEventStoreOptions {
  /**
   * The child whose key encrypts a stream's events, or undefined for a stream kept in
   * plaintext. Default: `child-<childId>` streams; worker streams stay plaintext.
   */
  childOfStream?: (streamId: string) => string | undefined;
}

export const childOfChildStream = (streamId: string): string | undefined => (streamId.startsWith('child-') ? streamId.slice('child-'.length) : undefined);

/**
 * Crypto-shredding around any EventStore. The log stays immutable, yet a child can be
 * erased when the law requires it: each child's event data is encrypted with the
 * child's own key, and erasing destroys the key, so the ciphertext left in the log (and
 * in every copy and backup of it) can no longer be read.
 *
 * Only `data` is encrypted. The stream id (which holds the child id), event id, type,
 * occurredAt and metadata stay plaintext: the store and its readers need them to order,
 * version and route events. An erased child's events are still read, as
 * `{ ...event, data: {}, erased: true }`, so versions and positions stay consistent.
 *
 * Events stored in plaintext before encryption was switched on are read as they are, but
 * once their child is erased they too are read as erased (the bytes stay in the log).
 */
export class EncryptingEventStore implements EventStore {
  private readonly childOf: (streamId: string) => string | undefined;
  /** Appends under way per child, which an erase waits for. */
  private readonly appending = new Map<string, Set<Promise<unknown>>>();
  private readonly erasing = new Set<string>();

  /** The store owns both: close() closes the inner store and the keyring. */
  constructor(
    private readonly inner: EventStore,
    private readonly keyring: ChildKeyring,
    options: EncryptingEventStoreOptions = {},
  ) {
    this.childOf = options.childOfStream ?? childOfChildStream;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    // An empty append is refused by the inner store; it must not create a key on the way.
    if (events.length === 0) return this.inner.append(streamId, events, expected);
    const [sealed] = await this.sealed([{ streamId, events, expected }]);
    return this.inner.append(sealed.streamId, sealed.events, sealed.expected);
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    return this.inner.appendMany(await this.sealed(appends));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.reveal(await this.inner.readStream(streamId, options));
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    return this.reveal(await this.inner.readAll(options));
  }

  async findByEventIds(eventIds: string[]): Promise<StoredEvent[]> {
    return this.reveal(await this.inner.findByEventIds(eventIds));
  }

  headPosition(): Promise<GlobalPosition> {
    return this.inner.headPosition();
  }

  count(): Promise<number> {
    return this.inner.count();
  }

  readerHoldBack(): Promise<ReaderHoldBack> {
    return this.inner.readerHoldBack();
  }

  /** A decryption failure rejects the handler's batch, so it stops the subscription loudly (through `done`). */
  subscribe(options: SubscribeOptions): Subscription {
    return this.inner.subscribe({ ...options, handler: async (events) => options.handler(await this.reveal(events)) });
  }

  /** The inner store first: it stops the subscriptions, which need the keyring until then. */
  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      await this.keyring.close();
    }
  }

  /**
   * Erases a child: destroys its key irreversibly and records who erased it, when and
   * why. From then on every read returns the child's events as erased and every append to
   * its stream throws SubjectErasedError. Waits for this store's appends to the child
   * already under way, so none of them lands after the erasure with a key still readable.
   * Idempotent: erasing again returns the first record.
   */
  async erase(childId: string, details: ErasureDetails): Promise<ErasureRecord> {
    this.erasing.add(childId);
    try {
      await Promise.allSettled(this.appending.get(childId) ?? []);
      return await this.keyring.erase(childId, details);
    } finally {
      this.erasing.delete(childId);
    }
  }

  /** The child's erasure record, if it was erased. */
  erasure(childId: string): Promise<ErasureRecord | undefined> {
    return this.keyring.erasure(childId);
  }

  /** The appends with every child stream's data encrypted; throws SubjectErasedError (writing nothing) if a child was erased. */
  private sealed(appends: StreamAppend[]): Promise<StreamAppend[]> {
    const children = new Map(appends.flatMap(({ streamId }) => this.childEntry(streamId)));
    for (const [streamId, childId] of children) if (this.erasing.has(childId)) throw new SubjectErasedError(streamId, childId);
    if (children.size === 0) return Promise.resolve(appends);
    const work = this.seal(appends, children);
    this.track([...children.values()], work);
    return work;
  }

  private async seal(appends: StreamAppend[], children: Map<string, string>): Promise<StreamAppend[]> {
    const keys = await this.keyring.statesForAppend([...children.values()]);
    const keyOf = (streamId: string): Buffer => {
      const key = keys.get(children.get(streamId)!)!;
      if (key === 'erased') throw new SubjectErasedError(streamId, children.get(streamId)!);
      return key;
    };
    for (const streamId of children.keys()) keyOf(streamId); // refuse before encrypting anything
    return appends.map((append) => {
      if (!children.has(append.streamId)) return append;
      const key = keyOf(append.streamId);
      const events = append.events.map((event) => ({ ...event, data: seal(key, event.data, append.streamId, event.eventId) }));
      return { ...append, events };
    });
  }

  /** Registers an append in flight for these children until it settles, whatever the outcome. */
  private track(childIds: string[], work: Promise<unknown>): void {
    const settled = work.catch(() => undefined);
    for (const id of childIds) {
      const set = this.appending.get(id) ?? new Set();
      set.add(settled);
      this.appending.set(id, set);
    }
    void settled.then(() => {
      for (const id of childIds) {
        const set = this.appending.get(id);
        set?.delete(settled);
        if (set?.size === 0) this.appending.delete(id);
      }
    });
  }

  private async reveal(events: StoredEvent[]): Promise<StoredEvent[]> {
    const childIds = events.flatMap((event) => this.childEntry(event.streamId).map(([, id]) => id));
    if (childIds.length === 0) return events;
    const states = await this.keyring.statesFor(childIds);
    return events.map((event) => this.revealOne(event, states));
  }

  private revealOne(event: StoredEvent, states: Map<string, KeyState>): StoredEvent {
    const childId = this.childOf(event.streamId);
    if (childId === undefined) return event;
    const state = states.get(childId);
    if (state === 'erased') return { ...event, data: {}, erased: true };
    if (!isSealed(event.data)) return event; // written before encryption was switched on
    if (!state) throw new MissingChildKeyError(childId, event.eventId);
    try {
      return { ...event, data: unseal(state, event.data, event.streamId, event.eventId) };
    } catch (error) {
      throw new EventDecryptionError(event.eventId, event.streamId, (error as Error).message);
    }
  }

  private childEntry(streamId: string): [string, string][] {
    const childId = this.childOf(streamId);
    return childId === undefined ? [] : [[streamId, childId]];
  }
}
