import pg from 'pg';
import { CatchUpSubscription } from '../catch-up-subscription.js';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
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
import { isDatabaseUnavailable, unavailableReason } from '../database-unavailable.js';
import { assertDistinctStreams } from '../stream-appends.js';
import { fromVersionOf } from '../stream-reads.js';
import { decodePosition, encodePosition } from './positions.js';

export interface PostgresEventStoreOptions {
  /** How often a caught-up subscription looks for events appended by other processes. */
  pollIntervalMs?: number;
  /** Connections in the pool. */
  maxConnections?: number;
}

/** Runs a store operation, reporting a lost server as StoreUnavailableError. */
async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw isDatabaseUnavailable(error) ? new StoreUnavailableError(unavailableReason(error)) : error;
  }
}

const READER_HOLD_BACK = `
  WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
  SELECT (SELECT count(*) FROM events WHERE transaction_id >= horizon.xmin)::int AS events_waiting,
         extract(epoch FROM clock_timestamp() - a.xact_start)::float8 AS age_seconds,
         a.datname, a.state,
         (a.backend_xid IS NOT NULL AND age(a.backend_xid) >= age(xid(horizon.xmin))) AS holds_readers
    FROM horizon
    LEFT JOIN LATERAL (
      SELECT datname, state, xact_start, backend_xid FROM pg_stat_activity
       WHERE pid <> pg_backend_pid() AND xact_start IS NOT NULL AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
       ORDER BY backend_xid IS NULL, xact_start
       LIMIT 1) a ON true`;

const COLUMNS = 'transaction_id, position, event_id, stream_id, stream_version, type, occurred_at, data, metadata';
const UNIQUE_VIOLATION = '23505';

interface EventRow {
  transaction_id: string;
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  occurred_at: string;
  data: Record<string, unknown>;
  metadata: StoredEvent['metadata'];
}

/**
 * Event store on PostgreSQL, safe under concurrent writers: per-stream optimistic
 * concurrency comes from the unique (stream, version) constraint, with no global
 * lock; readers of the global order see only transactions older than the oldest one
 * still running, in (transaction id, position) order, so they never pass an event
 * that is yet to commit.
 */
export class PostgresEventStore implements EventStore {
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly pollIntervalMs: number,
  ) {}

  static async open(connectionString: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
    // An idle client losing its server (a restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    // The migrations create the table (libs/event-store/src/migrations); this fails now, not at the first append, if the server is down or they have not run.
    await pool.query('SELECT 1 FROM events LIMIT 0').catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return new PostgresEventStore(pool, options.pollIntervalMs ?? 200);
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`stream ${streamId}: cannot append an empty list of events`);
    return guarded(() => this.appendWithRetry(streamId, events, expected));
  }

  private async appendWithRetry(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    for (;;) {
      try {
        const result = await this.transaction((client) => this.appendIn(client, streamId, events, expected));
        for (const subscription of this.subscriptions) subscription.wake();
        return result;
      } catch (error) {
        if (isUniqueViolation(error, 'events_event_id_key')) throw new DuplicateEventIdError(events.map((e) => e.eventId));
        if (!isUniqueViolation(error, 'events_stream_version_key')) throw error;
        // Another writer took the version between our read and our insert.
        if (expected !== 'any') throw new WrongExpectedVersionError(streamId, expected, await this.streamVersion(this.pool, streamId));
      }
    }
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    const results = await guarded(async () => {
      try {
        return await this.transaction((client) => this.appendManyIn(client, appends));
      } catch (error) {
        if (isUniqueViolation(error, 'events_event_id_key')) throw new DuplicateEventIdError(appends.flatMap((a) => a.events.map((e) => e.eventId)));
        if (isUniqueViolation(error, 'events_stream_version_key')) throw await this.conflictAmong(appends);
        throw error;
      }
    });
    for (const subscription of this.subscriptions) subscription.wake();
    return results;
  }

  /** Set-based, so a batch over hundreds of streams costs three statements, not three per stream. */
  private async appendManyIn(client: pg.PoolClient, appends: StreamAppend[]): Promise<AppendResult[]> {
    await this.assertNewEventIds(
      client,
      appends.flatMap((a) => a.events),
    );
    const { rows: versions } = await client.query<{ stream_id: string; v: number }>('SELECT stream_id, max(stream_version) AS v FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id', [
      appends.map((a) => a.streamId),
    ]);
    const actual = new Map(versions.map((r) => [r.stream_id, r.v]));
    const rows = appends.flatMap(({ streamId, events, expected }) => {
      const current = actual.get(streamId) ?? 'no_stream';
      if (expected !== 'any' && expected !== current) throw new WrongExpectedVersionError(streamId, expected, current);
      const first = current === 'no_stream' ? 0 : current + 1;
      return events.map((event, i) => ({ streamId, version: first + i, event }));
    });
    const positions = await this.insert(client, rows);
    return appends.map(({ events }) => {
      const mine = events.map((e) => positions.get(e.eventId)!).sort((a, b) => (a < b ? -1 : 1));
      const last = rows.find((r) => r.event.eventId === events[events.length - 1].eventId)!;
      return { nextExpectedVersion: last.version, positions: mine };
    });
  }

  /** Which of the appends lost its expected version to a concurrent writer. */
  private async conflictAmong(appends: StreamAppend[]): Promise<WrongExpectedVersionError> {
    for (const { streamId, expected } of appends) {
      const actual = await this.streamVersion(this.pool, streamId);
      if (expected !== 'any' && expected !== actual) return new WrongExpectedVersionError(streamId, expected, actual);
    }
    return new WrongExpectedVersionError(appends[0].streamId, appends[0].expected, await this.streamVersion(this.pool, appends[0].streamId));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    const fromVersion = fromVersionOf(options);
    const { rows } = await guarded(() => this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`, [streamId, fromVersion]));
    return rows.map(toStoredEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    const { transactionId, position } = decodePosition(after);
    const { rows } = await guarded(() =>
      this.pool.query<EventRow>(
        `SELECT ${COLUMNS} FROM events
          WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
            AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY transaction_id, position
          LIMIT $3`,
        [transactionId.toString(), position.toString(), limit],
      ),
    );
    return rows.map(toStoredEvent);
  }

  async findByEventIds(eventIds: string[]): Promise<StoredEvent[]> {
    if (eventIds.length === 0) return [];
    const { rows } = await guarded(() => this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE event_id = ANY($1::text[])`, [eventIds]));
    return rows.map(toStoredEvent);
  }

  /** The last committed event, whether or not readers may pass older running transactions yet. */
  async headPosition(): Promise<GlobalPosition> {
    const { rows } = await guarded(() =>
      this.pool.query<{ transaction_id: string; position: string }>('SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1'),
    );
    return rows.length === 0 ? 0n : encodePosition(rows[0].transaction_id, rows[0].position);
  }

  async count(): Promise<number> {
    const { rows } = await guarded(() => this.pool.query<{ n: string }>('SELECT count(*) AS n FROM events'));
    return Number(rows[0].n);
  }

  /**
   * The reader's horizon is the oldest transaction id still running on the whole server
   * (ids are shared by every database): how many committed events wait behind it, and
   * the oldest open transaction, xid holders first (a read-only transaction holds only
   * a snapshot, which does not stop the reader). Other roles' sessions show their
   * database and start only to a superuser or a member of pg_read_all_stats.
   */
  async readerHoldBack(): Promise<ReaderHoldBack> {
    const { rows } = await guarded(() =>
      this.pool.query<{ events_waiting: number; age_seconds: number | null; datname: string | null; state: string | null; holds_readers: boolean | null }>(READER_HOLD_BACK),
    );
    const row = rows[0];
    const oldest = row.age_seconds === null ? undefined : { ageSeconds: row.age_seconds, database: row.datname, state: row.state, holdsReaders: row.holds_readers === true };
    return { heldBack: oldest?.holdsReaders === true, eventsWaiting: row.events_waiting, ...(oldest ? { oldestTransaction: oldest } : {}) };
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
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.pool.end();
  }

  private async appendIn(client: pg.PoolClient, streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    await this.assertNewEventIds(client, events);
    const actual = await this.streamVersion(client, streamId);
    if (expected !== 'any' && expected !== actual) throw new WrongExpectedVersionError(streamId, expected, actual);
    const first = actual === 'no_stream' ? 0 : actual + 1;
    const positions = await this.insert(
      client,
      events.map((event, i) => ({ streamId, version: first + i, event })),
    );
    return { nextExpectedVersion: first + events.length - 1, positions: events.map((e) => positions.get(e.eventId)!) };
  }

  /** One INSERT for any number of events; their positions by event id. */
  private async insert(client: pg.PoolClient, rows: { streamId: string; version: number; event: NewEvent }[]): Promise<Map<string, GlobalPosition>> {
    const { rows: inserted } = await client.query<{ event_id: string; transaction_id: string; position: string }>(
      `INSERT INTO events (event_id, stream_id, stream_version, type, occurred_at, data, metadata)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::json[], $7::json[])
       RETURNING event_id, transaction_id, position`,
      [
        rows.map((r) => r.event.eventId),
        rows.map((r) => r.streamId),
        rows.map((r) => r.version),
        rows.map((r) => r.event.type),
        rows.map((r) => r.event.occurredAt),
        rows.map((r) => JSON.stringify(r.event.data)),
        rows.map((r) => JSON.stringify(r.event.metadata)),
      ],
    );
    return new Map(inserted.map((r) => [r.event_id, encodePosition(r.transaction_id, r.position)]));
  }

  /** Checked first so that retrying an append that already succeeded reports the duplicate, not a version conflict. */
  private async assertNewEventIds(client: pg.PoolClient, events: NewEvent[]): Promise<void> {
    const ids = events.map((e) => e.eventId);
    const { rows } = await client.query<{ event_id: string }>('SELECT event_id FROM events WHERE event_id = ANY($1::text[])', [ids]);
    const duplicates = new Set(rows.map((r) => r.event_id));
    ids.forEach((id, i) => ids.indexOf(id) !== i && duplicates.add(id));
    if (duplicates.size > 0) throw new DuplicateEventIdError([...duplicates]);
  }

  private async streamVersion(client: pg.Pool | pg.PoolClient, streamId: string): Promise<number | 'no_stream'> {
    const { rows } = await client.query<{ v: number | null }>('SELECT max(stream_version) AS v FROM events WHERE stream_id = $1', [streamId]);
    return rows[0].v ?? 'no_stream';
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // Between queries a checked-out client reports a lost server as an 'error' event: the next query fails anyway.
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dead (e.g. the server restarted): drop it from the pool.
      broken = !(await client.query('ROLLBACK').then(
        () => true,
        () => false,
      ));
      throw error;
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === UNIQUE_VIOLATION && e.constraint === constraint;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: encodePosition(row.transaction_id, row.position),
    type: row.type,
    occurredAt: row.occurred_at,
    data: row.data,
    metadata: row.metadata,
  };
}
