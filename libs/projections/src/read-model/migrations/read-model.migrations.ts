import type { Migration } from '@app/event-store';

/** One text for both dialects: the read models were written to run on SQLite and PostgreSQL alike. */
const both = (id: string, sql: string): Migration => ({ id, sqlite: sql, postgres: sql });

/**
 * The subject-timeline read model and the projection checkpoints. The first step was
 * TypeORM's migration 1763900000000 (CreateReadModels), now IF NOT EXISTS: a database
 * that TypeORM migrated takes it as already there. TypeORM's own `migrations` table is
 * left where it is, unread, so that an older version started again on such a database
 * still finds its step recorded and creates nothing.
 */
export const READ_MODEL_MIGRATIONS: readonly Migration[] = [
  both(
    '20251123-03-read-models',
    `CREATE TABLE IF NOT EXISTS subject_timelines (
      subject_key VARCHAR(80) PRIMARY KEY,
      subject_type VARCHAR(16) NOT NULL,
      subject_id VARCHAR(64) NOT NULL,
      facts TEXT NOT NULL,
      batch BIGINT NOT NULL);
    CREATE INDEX IF NOT EXISTS subject_timelines_batch ON subject_timelines (batch);
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      projection VARCHAR(80) PRIMARY KEY,
      position TEXT NOT NULL,
      batches BIGINT NOT NULL,
      updated_at TEXT NOT NULL)`,
  ),
];
