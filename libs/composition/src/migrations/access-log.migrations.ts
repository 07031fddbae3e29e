import type { Migration } from '@app/event-store';

/**
 * The log of who read which child's data (apps/api/src/access-log), declared here
 * because libs never import apps. Triggers make the database itself refuse to update
 * or delete its rows. The first step is what the access logs used to create at start,
 * written to be safe where they did: IF NOT EXISTS, and the PostgreSQL trigger dropped
 * and created again in the same transaction.
 */
export const ACCESS_LOG_MIGRATIONS: readonly Migration[] = [
  {
    id: '20251123-05-access-log',
    sqlite: `
      CREATE TABLE IF NOT EXISTS child_reads (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
        team_id TEXT, correlation_id TEXT NOT NULL, endpoint TEXT NOT NULL, child_id TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS child_reads_child ON child_reads (child_id, id);
      CREATE TRIGGER IF NOT EXISTS child_reads_no_update BEFORE UPDATE ON child_reads BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS child_reads_no_delete BEFORE DELETE ON child_reads BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;`,
    postgres: `
      CREATE TABLE IF NOT EXISTS child_reads (
        id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
        team_id TEXT, correlation_id TEXT NOT NULL, endpoint TEXT NOT NULL, child_id TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS child_reads_child ON child_reads (child_id, id);
      CREATE OR REPLACE FUNCTION child_reads_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
      DROP TRIGGER IF EXISTS child_reads_append_only ON child_reads;
      CREATE TRIGGER child_reads_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON child_reads
        FOR EACH STATEMENT EXECUTE FUNCTION child_reads_append_only();`,
  },
];
