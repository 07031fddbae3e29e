import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CatchUpSubscription } from '../catch-up-subscription.js';
import {
  NOT_HELD_BACK,
  DuplicateEventIdError,
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

export interface SqliteEventStoreOptions {
  /** How often a caught-up subscription looks for events appended through other connections. */
  pollIntervalMs?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 250;
/** Another connection or process holding the write lock makes us wait this long before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

const EVENT_COLUMNS = 'position, event_id, stream_id, stream_version, type, occurred_at, data, metadata';
/** Binding the ids as one JSON array keeps a single prepared statement and never hits SQLite's bound-variable limit, so no chunking is needed. */
const IDS_FROM_JSON = 'SELECT value FROM json_each(?)';

interface EventRow {
  position: bigint;
  event_id: string;
  stream_id: string;
  stream_version: bigint;
  type: string;
  occurred_at: string;
  data: string;
  metadata: string;
}

/** Event store on one SQLite file (WAL), safe to share between connections and processes. Its table comes from the migrations (libs/event-store/src/migrations). */
export class SqliteEventStore implements EventStore {
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly statements: Statements;
  private readonly appendTransaction;
  private readonly appendManyTransaction;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly pollIntervalMs: number,
  ) {
    this.statements = prepareStatements(db);
    this.appendTransaction = db.transaction(this.appendInTransaction.bind(this));
    this.appendManyTransaction = db.transaction((appends: StreamAppend[]) => appends.map(({ streamId, events, expected }) => this.appendInTransaction(streamId, events, expected)));
  }

  static open(filePath: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const db = new Database(filePath, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      return new SqliteEventStore(db, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`stream ${streamId}: cannot append an empty list of events`);
    // IMMEDIATE takes the write lock before reading the version, so the check and the inserts cannot interleave with another writer.
    const result = this.appendTransaction.immediate(streamId, events, expected);
    for (const subscription of this.subscriptions) subscription.wake();
    return result;
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    const results = this.appendManyTransaction.immediate(appends);
    for (const subscription of this.subscriptions) subscription.wake();
    return results;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.statements.readStream.all(streamId, fromVersionOf(options)).map(toStoredEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    // SQLite treats a negative LIMIT as "no limit"; refuse it rather than read the whole store.
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    return this.statements.readAll.all(after, limit).map(toStoredEvent);
  }

  async findByEventIds(eventIds: string[]): Promise<StoredEvent[]> {
    if (eventIds.length === 0) return [];
    // One id is the common case (every recorded event checks its own): a plain index lookup is cheaper than json_each.
    if (eventIds.length === 1) return this.statements.findById.all(eventIds[0]).map(toStoredEvent);
    return this.statements.findByIds.all(JSON.stringify(eventIds)).map(toStoredEvent);
  }

  async headPosition(): Promise<GlobalPosition> {
    return this.statements.head.get() as bigint;
  }

  async count(): Promise<number> {
    return this.statements.count.get() as number;
  }

  /** One writer at a time, and a reader sees every committed event: nothing holds it back. */
  async readerHoldBack(): Promise<ReaderHoldBack> {
    return NOT_HELD_BACK;
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = new CatchUpSubscription((o) => this.readAll(o), options, this.pollIntervalMs);
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private appendInTransaction(streamId: string, events: NewEvent[], expected: ExpectedVersion): AppendResult {
    this.assertNewEventIds(events);
    const actual = this.statements.streamVersion.get(streamId) ?? 'no_stream';
    if (expected !== 'any' && expected !== actual) throw new WrongExpectedVersionError(streamId, expected, actual);
    const firstVersion = actual === 'no_stream' ? 0 : actual + 1;
    const positions = events.map((event, index) => this.insert(streamId, firstVersion + index, event));
    return { nextExpectedVersion: firstVersion + events.length - 1, positions };
  }

  /**
   * Checked before the version so that retrying an append that already succeeded reports the
   * duplicate (the caller can treat it as done) rather than a version conflict.
   */
  private assertNewEventIds(events: NewEvent[]): void {
    const ids = events.map((event) => event.eventId);
    const duplicates = new Set(this.statements.storedIds.all(JSON.stringify(ids)));
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) duplicates.add(id);
      seen.add(id);
    }
    if (duplicates.size > 0) throw new DuplicateEventIdError([...duplicates]);
  }

  private insert(streamId: string, streamVersion: number, event: NewEvent): GlobalPosition {
    const { lastInsertRowid } = this.statements.insert.run(event.eventId, streamId, streamVersion, event.type, event.occurredAt, JSON.stringify(event.data), JSON.stringify(event.metadata));
    return BigInt(lastInsertRowid);
  }
}

type Statements = ReturnType<typeof prepareStatements>;

/** Row-reading statements use safeIntegers so positions come back as bigint without passing through a double. */
function prepareStatements(db: Database.Database) {
  return {
    insert: db
      .prepare(
        `INSERT INTO events (event_id, stream_id, stream_version, type, occurred_at, data, metadata)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .safeIntegers(true),
    streamVersion: db.prepare<[string], number | null>('SELECT MAX(stream_version) FROM events WHERE stream_id = ?').pluck(),
    storedIds: db.prepare<[string], string>(`SELECT event_id FROM events WHERE event_id IN (${IDS_FROM_JSON})`).pluck(),
    readStream: db.prepare<[string, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version`).safeIntegers(true),
    readAll: db.prepare<[bigint, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).safeIntegers(true),
    findById: db.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`).safeIntegers(true),
    findByIds: db.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id IN (${IDS_FROM_JSON})`).safeIntegers(true),
    head: db.prepare<[], bigint>('SELECT COALESCE(MAX(position), 0) FROM events').pluck().safeIntegers(true),
    count: db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck(),
  };
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: row.position,
    type: row.type,
    occurredAt: row.occurred_at,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as StoredEvent['metadata'],
  };
}
