import type { Migration } from './migration.js';

/**
 * The event store's tables. The first step is the schema the stores used to create for
 * themselves at start, kept IF NOT EXISTS so that a database they created takes it as
 * already there. PostgreSQL's data is `json`, not `jsonb`: the store keeps what was
 * sent, key order and all.
 */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: '20251123-01-events',
    sqlite: `
      CREATE TABLE IF NOT EXISTS events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id       TEXT    NOT NULL UNIQUE,
        stream_id      TEXT    NOT NULL,
        stream_version INTEGER NOT NULL,
        type           TEXT    NOT NULL,
        occurred_at    TEXT    NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        UNIQUE (stream_id, stream_version)
      )`,
    postgres: `
      CREATE TABLE IF NOT EXISTS events (
        position        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  XID8    NOT NULL DEFAULT pg_current_xact_id(),
        event_id        TEXT    NOT NULL,
        stream_id       TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL,
        type            TEXT    NOT NULL,
        occurred_at     TEXT    NOT NULL,
        data            JSON    NOT NULL,
        metadata        JSON    NOT NULL,
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      );
      CREATE INDEX IF NOT EXISTS events_global_order ON events (transaction_id, position)`,
  },
];
