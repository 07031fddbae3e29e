/**
 * The event-store port. Every adapter (embedded SQLite, PostgreSQL, KurrentDB)
 * implements it and passes the shared contract suite in `testing/contract-suite.ts`.
 *
 * Events are immutable: there is no update and no delete. A stream holds one
 * subject's events (`worker-W-017`, `child-C-004211`); the global order ("all")
 * interleaves every stream in commit order and is what projections read.
 */

/** A position in the global order. Strictly increasing in commit order; never a JS number (KurrentDB positions exceed 2^53). */
export type GlobalPosition = bigint;

/** Before any event: reading "all" from START returns the first event. */
export const START: GlobalPosition = 0n;

/** What the appender believes about the stream: a revision (0-based index of its last event), no stream yet, or anything. */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface EventMetadata {
  recordedAt: string; // ISO date-time, set by the server
  recordedBy: string;
  correlationId: string;
  source: string;
  schemaVersion: number;
}

export interface NewEvent {
  eventId: string; // UUID, also the idempotency key: unique across the store
  type: string;
  occurredAt: string; // YYYY-MM-DD or ISO date-time
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  streamId: string;
  /** 0-based index of the event in its stream. */
  streamVersion: number;
  position: GlobalPosition;
  /**
   * Set (by `EncryptingEventStore`, never by an adapter) when the event's subject was
   * erased: its key is destroyed, so `data` is `{}`. Every other field is as stored, so
   * stream versions and positions stay consistent for appends and checkpoints; readers
   * that hold subject data (projections, exports) must skip such events.
   */
  erased?: true;
}

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedVersion;
}

export interface AppendResult {
  /** Revision of the stream after the append (its last event's streamVersion). */
  nextExpectedVersion: number;
  /** Positions of the appended events, in order. */
  positions: GlobalPosition[];
}

/** The stream was not at the expected version: someone else appended first. Nothing was written. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** An event with this eventId is already stored (possibly in another stream). Nothing was written. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventIds: string[]) {
    super(`event id already stored: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store cannot be reached (a restart, a network fault). Nothing was written; the same call may succeed later. */
export class StoreUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`event store unavailable: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}

export interface ReadStreamOptions {
  /**
   * Only the events at this stream version and after (0-based; default 0): a reader that holds a stream's
   * earlier events (the recorder's cache) reads just the ones it has not seen.
   */
  fromVersion?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position. */
  after: GlobalPosition;
  /** At most this many events. */
  limit: number;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position (a stored checkpoint, or START). */
  after: GlobalPosition;
  /** Largest batch handed to the handler. */
  batchSize?: number;
  /**
   * Called with each batch, in global order. The next batch is not read until the
   * returned promise settles (back-pressure). A rejection stops the subscription and
   * is reported through `Subscription.done`.
   */
  handler: (events: StoredEvent[]) => Promise<void>;
  /** Called once when the subscription has delivered everything stored when it caught up, then goes live. */
  onCaughtUp?: () => void;
}

export interface Subscription {
  /** Stops delivery; resolves once the handler is no longer running. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after stop(), rejects if the handler failed. */
  readonly done: Promise<void>;
}

/**
 * What holds readers of the global order back, for health. PostgreSQL's reader passes
 * no event until every older transaction has ended, and transaction ids are shared by
 * the whole server: one long transaction anywhere (another database included) holds
 * every reader, and so the projections, back. Stores whose readers never wait for
 * other transactions (SQLite, KurrentDB) report NOT_HELD_BACK.
 */
export interface ReaderHoldBack {
  /** The reader's horizon is behind an open transaction: events committed after it are not read yet. */
  heldBack: boolean;
  /** Committed events the reader cannot return yet. */
  eventsWaiting: number;
  /** The oldest open transaction on the server (those holding a transaction id first), if any. */
  oldestTransaction?: {
    ageSeconds: number;
    /** Its database: often not this one. Null when the server does not show it to this role. */
    database: string | null;
    state: string | null;
    /** It holds a transaction id at or before the reader's horizon: readers wait for it to end. */
    holdsReaders: boolean;
  };
}

export const NOT_HELD_BACK: ReaderHoldBack = { heldBack: false, eventsWaiting: 0 };

export interface EventStore {
  /**
   * Appends events to one stream atomically if the stream is at `expected`.
   * Throws WrongExpectedVersionError or DuplicateEventIdError, writing nothing.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  /**
   * Appends to several streams in one transaction, each at its expected version:
   * all or nothing (a bulk import's batch commits once). The streams must differ.
   * Throws like `append`, writing nothing.
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  /**
   * The events of one stream in stream order, from `fromVersion` on (all of them by default); [] for a stream
   * that does not exist or has no event that far. Throws RangeError for a version that is not a non-negative integer.
   */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events in global order after a position. */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Stored events with these ids (any stream), in no particular order. */
  findByEventIds(eventIds: string[]): Promise<StoredEvent[]>;
  /** Position of the last stored event, START when empty. */
  headPosition(): Promise<GlobalPosition>;
  /** Number of stored events (for checks, health and benchmarks). */
  count(): Promise<number>;
  /** Whether readers of the global order are held back by an open transaction, and by which (health). */
  readerHoldBack(): Promise<ReaderHoldBack>;
  /** Catch-up subscription: replays from `after`, then delivers new events as they are appended. */
  subscribe(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
