import type { Migration } from '@app/event-store';

/** SQLite's equivalent of PostgreSQL's statement trigger: any update or delete of a row aborts. */
const appendOnlySqlite = (table: string) => `
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;`;

/** What the rows of one request had in common (who, when, where, its correlation id), and the run of ids in it (OLD_READS). */
const RUN = 'at, actor, role, team_id, correlation_id, endpoint, run';

/**
 * The old rows, each with the run of consecutive ids it is in within its request: its id
 * less its place in the request ("gaps and islands"). A request's rows were consecutive
 * unless another request's were written at the same time (PostgreSQL's sequence
 * interleaves them). Each run becomes one entry starting at its lowest id, so every row
 * keeps its id (first_id + its place in the list) and answers the query as it did.
 */
const OLD_READS = `
  CREATE TEMPORARY TABLE old_reads AS
    SELECT id, at, actor, role, team_id, correlation_id, endpoint, child_id,
      id - row_number() OVER (PARTITION BY at, actor, role, team_id, correlation_id, endpoint ORDER BY id) AS run
    FROM child_reads;`;

/**
 * The log of who read which child's data (apps/api/src/access-log), declared here
 * because libs never import apps. Triggers make the database itself refuse to update
 * or delete its rows. The first step is what the access logs used to create at start,
 * written to be safe where they did: IF NOT EXISTS, and the PostgreSQL trigger dropped
 * and created again in the same transaction.
 *
 * The second replaces that row per child read with one entry per request, its children
 * a list: `first_id` is the id of its first child's read and the others follow on, so
 * each read keeps an id of its own for the query's answers and cursors. The old rows
 * are moved in with their ids (OLD_READS) and the old table dropped, in the same
 * transaction: every answer and cursor stays as it was, and there is one shape to query.
 *
 * The children are found through an inverted index. PostgreSQL: GIN on the array.
 * SQLite: FTS5 on the list, rowids only, the list read from the entry; its writes go to
 * small new segments merged later, where a B-tree of (child, entry) is written at a
 * random page per child, and cost as much as the old rows did. A reference is one token
 * (its '.', '_', ':' and '-' are kept in it: FTS5 without positions matches no phrase).
 * FTS5 folds case, so the query then matches the child exactly in the list. The index
 * is derived from the entries (FTS5's 'rebuild' makes it again) and cannot take
 * triggers: the entries are the log, and they refuse changes.
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
  {
    id: '20261203-01-access-log-entries',
    sqlite: `
      CREATE TABLE access_entries (
        first_id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, team_id TEXT,
        correlation_id TEXT NOT NULL, endpoint TEXT NOT NULL, child_ids TEXT NOT NULL CHECK (json_array_length(child_ids) > 0));
      CREATE VIRTUAL TABLE access_entry_children USING fts5(
        child_ids, content = 'access_entries', content_rowid = 'first_id', tokenize = "unicode61 tokenchars '._:-'", detail = none, columnsize = 0);
      ${appendOnlySqlite('access_entries')}
      ${OLD_READS}
      INSERT INTO access_entries
        SELECT min(id), at, actor, role, team_id, correlation_id, endpoint, json_group_array(child_id ORDER BY id) FROM old_reads GROUP BY ${RUN};
      INSERT INTO access_entry_children (access_entry_children) VALUES ('rebuild');
      DROP TABLE old_reads;
      DROP TABLE child_reads;`,
    postgres: `
      CREATE TABLE access_entries (
        first_id BIGINT PRIMARY KEY, at TIMESTAMPTZ NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, team_id TEXT,
        correlation_id TEXT NOT NULL, endpoint TEXT NOT NULL, child_ids TEXT[] NOT NULL CHECK (cardinality(child_ids) > 0));
      CREATE INDEX access_entries_children ON access_entries USING GIN (child_ids);
      CREATE FUNCTION access_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
      CREATE TRIGGER access_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON access_entries
        FOR EACH STATEMENT EXECUTE FUNCTION access_entries_append_only();
      ${OLD_READS}
      INSERT INTO access_entries
        SELECT min(id), at, actor, role, team_id, correlation_id, endpoint, array_agg(child_id ORDER BY id) FROM old_reads GROUP BY ${RUN};
      DROP TABLE old_reads;
      DROP TABLE child_reads;
      DROP FUNCTION child_reads_append_only();`,
  },
];
