import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { EventStore } from '../../event-store.port.js';
import { EVENT_STORE_MIGRATIONS } from '../../migrations/event-store.migrations.js';
import { KEYRING_MIGRATIONS } from '../../migrations/keyring.migrations.js';
import { migrateSqlite } from '../../migrations/sqlite-migrations.js';
import { PostgresEventStore } from '../../postgres/postgres-event-store.js';
import { SqliteEventStore } from '../../sqlite/sqlite-event-store.js';
import { createTestDatabase } from '../../testing/postgres.js';
import { EncryptingEventStore } from '../encrypting-event-store.js';
import { openPostgresKeyring } from '../postgres-key-storage.js';
import { openSqliteKeyring } from '../sqlite-key-storage.js';

/** One storage for the encryption and erasure specs, with raw access behind the decorator's back. */
export interface Backend {
  readonly name: string;
  /** A new connection to the encrypting store (its own keyring, so its own key cache). */
  open(): Promise<EncryptingEventStore>;
  /** A plain connection to the same events, as a store written before encryption was switched on. */
  openInner(): Promise<EventStore>;
  /** The data column of a stream's events, as stored. */
  rawData(streamId: string): Promise<{ eventId: string; data: string }[]>;
  /** Overwrites an event's stored data (an attacker, or a bug). */
  overwriteData(eventId: string, data: unknown): Promise<void>;
  rawKey(childId: string): Promise<Buffer | undefined>;
  /** Deletes a key without a tombstone (a lost key). */
  dropKeyRaw(childId: string): Promise<void>;
  /** Whether the bytes occur in the key storage's files; undefined when they cannot be read (not a superuser). */
  keyFilesContain(bytes: Buffer): Promise<boolean | undefined>;
  /** Whether the text occurs in the events' files; undefined when they cannot be read. */
  eventFilesContain(text: string): Promise<boolean | undefined>;
  cleanup(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'encryption-'));
  const eventsFile = path.join(directory, 'events.sqlite');
  const keysFile = path.join(directory, 'keys.sqlite');
  migrateSqlite(eventsFile, EVENT_STORE_MIGRATIONS);
  migrateSqlite(keysFile, KEYRING_MIGRATIONS);
  const raw = <T>(file: string, use: (db: Database.Database) => T): T => {
    const db = new Database(file, { timeout: 5000 });
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  return {
    name: 'SQLite',
    open: async () => new EncryptingEventStore(SqliteEventStore.open(eventsFile), openSqliteKeyring(keysFile)),
    openInner: async () => SqliteEventStore.open(eventsFile),
    rawData: async (streamId) =>
      raw(eventsFile, (db) => db.prepare<[string], { eventId: string; data: string }>('SELECT event_id AS eventId, data FROM events WHERE stream_id = ? ORDER BY stream_version').all(streamId)),
    overwriteData: async (eventId, data) => void raw(eventsFile, (db) => db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(JSON.stringify(data), eventId)),
    rawKey: async (childId) => raw(keysFile, (db) => db.prepare<[string], Buffer>('SELECT key FROM child_keys WHERE child_id = ?').pluck().get(childId)),
    dropKeyRaw: async (childId) => void raw(keysFile, (db) => db.prepare('DELETE FROM child_keys WHERE child_id = ?').run(childId)),
    keyFilesContain: async (bytes) => filesContain(keysFile, bytes),
    eventFilesContain: async (text) => filesContain(eventsFile, Buffer.from(text, 'utf8')),
    cleanup: async () => fs.rmSync(directory, { recursive: true, force: true }),
  };
}

/** The database file and whatever sits next to it (WAL, shared memory, journal). */
function filesContain(file: string, bytes: Buffer): boolean {
  const siblings = fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(path.basename(file)));
  return siblings.some((name) => fs.readFileSync(path.join(path.dirname(file), name)).includes(bytes));
}

export async function postgresBackend(): Promise<Backend> {
  const database = await createTestDatabase('encryption', [...EVENT_STORE_MIGRATIONS, ...KEYRING_MIGRATIONS]);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const superuser = (await client.query<{ s: string }>("SELECT current_setting('is_superuser') AS s")).rows[0].s === 'on';
  /** The table's current file as the server holds it on disk, after flushing its buffers (superusers only). */
  const tableFileContains = async (table: string, bytes: Buffer) => {
    if (!superuser) return undefined;
    await client.query('CHECKPOINT');
    const { rows } = await client.query<{ at: number }>(`SELECT position($1::bytea IN pg_read_binary_file(pg_relation_filepath($2))) AS at`, [bytes, table]);
    return rows[0].at > 0;
  };
  return {
    name: 'PostgreSQL',
    open: async () => new EncryptingEventStore(await PostgresEventStore.open(database.url, { pollIntervalMs: 50 }), await openPostgresKeyring(database.url)),
    openInner: () => PostgresEventStore.open(database.url, { pollIntervalMs: 50 }),
    rawData: async (streamId) =>
      (await client.query<{ eventId: string; data: string }>('SELECT event_id AS "eventId", data::text AS data FROM events WHERE stream_id = $1 ORDER BY stream_version', [streamId])).rows,
    overwriteData: async (eventId, data) => void (await client.query('UPDATE events SET data = $1::json WHERE event_id = $2', [JSON.stringify(data), eventId])),
    rawKey: async (childId) => (await client.query<{ key: Buffer }>('SELECT key FROM child_keys WHERE child_id = $1', [childId])).rows[0]?.key,
    dropKeyRaw: async (childId) => void (await client.query('DELETE FROM child_keys WHERE child_id = $1', [childId])),
    keyFilesContain: (bytes) => tableFileContains('child_keys', bytes),
    eventFilesContain: (text) => tableFileContains('events', Buffer.from(text, 'utf8')),
    cleanup: async () => {
      await client.end();
      await database.drop();
    },
  };
}
