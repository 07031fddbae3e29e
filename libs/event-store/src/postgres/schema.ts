import { ADVISORY_LOCKS } from './advisory-locks.js';
/** The event table. `json`, not `jsonb`: the store keeps what was sent, key order and all. */
export const EVENT_STORE_SCHEMA = `
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
  CREATE INDEX IF NOT EXISTS events_global_order ON events (transaction_id, position);
`;

/** Taken while creating the schema, so two processes starting together do not race on DDL. */
export const SCHEMA_LOCK = ADVISORY_LOCKS.eventStoreSchema;
