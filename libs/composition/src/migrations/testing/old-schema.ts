import type { SchemaComponent } from '../registry.js';

/**
 * Databases as the code before the migrations left them: each statement copied from
 * the store that ran it at start (and TypeORM's table recording the read models'
 * migration 1763900000000), with one row in every table, to check that migrating such
 * a database succeeds and loses nothing. Do not edit to match later migrations: this
 * is what exists in the field.
 */
const EVENT_ROW = `INSERT INTO events (event_id, stream_id, stream_version, type, occurred_at, data, metadata) VALUES ('old-event', 'worker-W-OLD', 0, 'WorkerJoined', '2025-11-01', '{}', '{}')`;
const ERASURE_ROW = `INSERT INTO child_erasures (child_id, erased_at, erased_by, reason, recorded_at) VALUES ('C-ERASED', '2025-11-02', 'admin', 'SAR', '2025-11-02T00:00:00Z')`;
const READ_MODEL_ROWS = `
  INSERT INTO subject_timelines (subject_key, subject_type, subject_id, facts, batch) VALUES ('worker:W-OLD', 'worker', 'W-OLD', '[]', 1);
  INSERT INTO projection_checkpoints (projection, position, batches, updated_at) VALUES ('subject-timelines', '1', 1, '2025-11-01T00:00:00Z');
  INSERT INTO migrations (timestamp, name) VALUES (1763900000000, 'CreateReadModels1763900000000')`;
const SESSION_ROW = `INSERT INTO web_sessions (digest, session, expires_at) VALUES ('old-digest', '{"csrfToken":"x","expiresAt":"2099-01-01T00:00:00.000Z"}', '2099-01-01T00:00:00.000Z')`;
const READ_ROW = `INSERT INTO child_reads (at, actor, role, team_id, correlation_id, endpoint, child_id) VALUES ('2025-11-01T09:00:00.000Z', 'api-key:old', 'manager', NULL, 'c-old', 'GET /flags', 'C-OLD')`;

const READ_MODELS = `
  CREATE TABLE subject_timelines (
    subject_key VARCHAR(80) PRIMARY KEY,
    subject_type VARCHAR(16) NOT NULL,
    subject_id VARCHAR(64) NOT NULL,
    facts TEXT NOT NULL,
    batch BIGINT NOT NULL);
  CREATE INDEX subject_timelines_batch ON subject_timelines (batch);
  CREATE TABLE projection_checkpoints (
    projection VARCHAR(80) PRIMARY KEY,
    position TEXT NOT NULL,
    batches BIGINT NOT NULL,
    updated_at TEXT NOT NULL);`;

/** Every component's file on the embedded default. */
export const OLD_SQLITE: Record<SchemaComponent, string> = {
  events: `
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
    );
    ${EVENT_ROW};`,
  keys: `
    CREATE TABLE IF NOT EXISTS child_keys (
      child_id   TEXT PRIMARY KEY,
      key        BLOB NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS child_erasures (
      child_id    TEXT PRIMARY KEY,
      erased_at   TEXT NOT NULL,
      erased_by   TEXT NOT NULL,
      reason      TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    );
    INSERT INTO child_keys (child_id, key, created_at) VALUES ('C-OLD', x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', '2025-11-01T00:00:00Z');
    ${ERASURE_ROW};`,
  readModels: `
    CREATE TABLE "migrations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp" bigint NOT NULL, "name" varchar NOT NULL);
    ${READ_MODELS}
    ${READ_MODEL_ROWS};`,
  sessions: `
    CREATE TABLE IF NOT EXISTS web_sessions (digest TEXT PRIMARY KEY, session TEXT NOT NULL, expires_at TEXT NOT NULL);
    ${SESSION_ROW};`,
  accessLog: `
    CREATE TABLE IF NOT EXISTS child_reads (
      id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
      team_id TEXT, correlation_id TEXT NOT NULL, endpoint TEXT NOT NULL, child_id TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS child_reads_child ON child_reads (child_id, id);
    CREATE TRIGGER IF NOT EXISTS child_reads_no_update BEFORE UPDATE ON child_reads BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS child_reads_no_delete BEFORE DELETE ON child_reads BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    ${READ_ROW};`,
};

/** Every component in one PostgreSQL database. */
export const OLD_POSTGRES = `
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
  ${EVENT_ROW};

  CREATE TABLE IF NOT EXISTS child_keys (
    child_id   TEXT PRIMARY KEY,
    key        BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS child_erasures (
    child_id    TEXT PRIMARY KEY,
    erased_at   TEXT NOT NULL,
    erased_by   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
  );
  INSERT INTO child_keys (child_id, key) VALUES ('C-OLD', '\\x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
  ${ERASURE_ROW};

  CREATE TABLE "migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL, CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY ("id"));
  ${READ_MODELS}
  ${READ_MODEL_ROWS};

  CREATE TABLE IF NOT EXISTS web_sessions (digest TEXT PRIMARY KEY, session JSONB NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
  ${SESSION_ROW};

  CREATE TABLE IF NOT EXISTS child_reads (
    id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
    team_id TEXT, correlation_id TEXT NOT NULL, endpoint TEXT NOT NULL, child_id TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS child_reads_child ON child_reads (child_id, id);
  CREATE OR REPLACE FUNCTION child_reads_append_only() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
  DROP TRIGGER IF EXISTS child_reads_append_only ON child_reads;
  CREATE TRIGGER child_reads_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON child_reads
    FOR EACH STATEMENT EXECUTE FUNCTION child_reads_append_only();
  ${READ_ROW};`;

/** The tables the old code made, each holding the one row the fixture put there. */
export const OLD_TABLES = ['events', 'child_keys', 'child_erasures', 'subject_timelines', 'projection_checkpoints', 'migrations', 'web_sessions', 'child_reads'];
