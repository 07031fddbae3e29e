import type { Migration } from '@app/event-store';

/** One text for both dialects: the read models were written to run on SQLite and PostgreSQL alike. */
const both = (id: string, sql: string): Migration => ({ id, sqlite: sql, postgres: sql });

const FLAG_PERIODS = (id: string) => `
  CREATE TABLE flag_periods (
    id ${id},
    rule VARCHAR(40) NOT NULL,
    subject_type VARCHAR(8) NOT NULL,
    subject_id VARCHAR(64) NOT NULL,
    valid_from CHAR(10) NOT NULL,
    valid_to CHAR(10),
    known_from CHAR(10) NOT NULL,
    known_to CHAR(10),
    team_id VARCHAR(64),
    worker_id VARCHAR(64),
    severity VARCHAR(8),
    due_since CHAR(10),
    state TEXT NOT NULL);
  CREATE INDEX flag_periods_subject ON flag_periods (subject_type, subject_id, known_to);
  CREATE TABLE subject_links (
    subject_key VARCHAR(80) NOT NULL,
    linked_key VARCHAR(80) NOT NULL,
    PRIMARY KEY (subject_key, linked_key));
  CREATE INDEX subject_links_linked ON subject_links (linked_key)`;

const FLAG_QUERIES = (collate: string) => `
  ALTER TABLE flag_periods ADD COLUMN sort_key VARCHAR(120)${collate} NOT NULL DEFAULT '';
  CREATE INDEX flag_periods_flagged_order ON flag_periods (sort_key, valid_from, valid_to, known_from, known_to) WHERE severity IS NOT NULL;
  CREATE INDEX flag_periods_flagged_dates ON flag_periods (known_to, valid_from, valid_to, known_from) WHERE severity IS NOT NULL;
  CREATE INDEX flag_periods_flagged_due ON flag_periods (known_to, due_since) WHERE severity IS NOT NULL;
  CREATE INDEX flag_periods_counts ON flag_periods (known_to, rule, team_id, severity, valid_from, valid_to, known_from);
  CREATE INDEX flag_periods_flagged_team ON flag_periods (known_to, team_id, valid_from, valid_to, known_from) WHERE severity IS NOT NULL;
  CREATE INDEX flag_periods_worker ON flag_periods (worker_id)`;

/** A date column as SQLite's day number (its Julian day, whole), open-ended (NULL) as the largest. */
const day = (column: string) => `COALESCE(CAST(julianday(${column}) AS INTEGER), 2147483647)`;
const FLAG_PERIOD_DAYS = `
  CREATE VIRTUAL TABLE flag_period_days USING rtree_i32(id, valid_from, valid_to, known_from, known_to);
  INSERT INTO flag_period_days SELECT id, ${day('valid_from')}, ${day('valid_to')}, ${day('known_from')}, ${day('known_to')} FROM flag_periods WHERE severity IS NOT NULL;
  CREATE TRIGGER flag_period_days_added AFTER INSERT ON flag_periods WHEN NEW.severity IS NOT NULL BEGIN
    INSERT INTO flag_period_days VALUES (NEW.id, ${day('NEW.valid_from')}, ${day('NEW.valid_to')}, ${day('NEW.known_from')}, ${day('NEW.known_to')});
  END;
  CREATE TRIGGER flag_period_days_belief AFTER UPDATE OF known_to ON flag_periods WHEN NEW.severity IS NOT NULL BEGIN
    UPDATE flag_period_days SET known_to = ${day('NEW.known_to')} WHERE id = NEW.id;
  END;
  CREATE TRIGGER flag_period_days_removed AFTER DELETE ON flag_periods WHEN OLD.severity IS NOT NULL BEGIN
    DELETE FROM flag_period_days WHERE id = OLD.id;
  END`;
/**
 * PostgreSQL's counterpart of the R*Tree: each period's days as date ranges (as-of and
 * recording), in a GiST index of the flagged ones. The days are text (CHAR(10), as on
 * SQLite), and casting text to a date depends on the session's DateStyle, so an index
 * cannot use the cast: flag_day reads the digits, which is immutable.
 */
const FLAG_PERIOD_RANGES = `
  CREATE FUNCTION flag_day(day CHAR(10)) RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN make_date(substr(day, 1, 4)::int, substr(day, 6, 2)::int, substr(day, 9, 2)::int);
  CREATE FUNCTION flag_days(from_day CHAR(10), to_day CHAR(10)) RETURNS daterange LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN to_day <= from_day THEN 'empty'::daterange ELSE daterange(flag_day(from_day), flag_day(to_day)) END;
  CREATE INDEX flag_periods_flagged_ranges ON flag_periods USING gist (flag_days(valid_from, valid_to), flag_days(known_from, known_to)) WHERE severity IS NOT NULL`;
/**
 * The same index holding the columns a count of flags filters on, so PostgreSQL counts
 * them from the index alone (20,000 flags of a region: 45 ms through the table, 8 ms
 * from the index), and autovacuum marking the table's pages visible sooner than its
 * default of a fifth of the table changed: a page the projection changed since is read
 * from the table again.
 */
const FLAG_PERIOD_RANGES_COVERING = `
  DROP INDEX flag_periods_flagged_ranges;
  CREATE INDEX flag_periods_flagged_ranges ON flag_periods USING gist (flag_days(valid_from, valid_to), flag_days(known_from, known_to))
    INCLUDE (valid_from, valid_to, known_from, known_to, rule, severity, team_id, worker_id, subject_type, subject_id) WHERE severity IS NOT NULL;
  ALTER TABLE flag_periods SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)`;
const FLAG_PERIOD_CHANGES = (id: string) => `CREATE TABLE flag_period_changes (id ${id}, changed_from CHAR(10) NOT NULL, known_on CHAR(10) NOT NULL)`;

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
  {
    // The flag read model (issue 15): each subject's periods in each rule's scope, over
    // as-of dates and over recording dates (fed from 20261203-04 on).
    id: '20261203-02-flag-periods',
    sqlite: FLAG_PERIODS('INTEGER PRIMARY KEY'),
    postgres: FLAG_PERIODS('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'),
  },
  {
    // The flag queries (flag-queries.ts) filter, count and page in SQL. sort_key is the
    // domain's sortKey, the order flags are listed and paged in; on PostgreSQL in the "C"
    // collation so ORDER BY and cursor comparisons follow JavaScript's code-unit order
    // (SQLite's default BINARY already does). The rows are projected again after 20261203-04, so '' harms nothing.
    // Indexes, chosen by EXPLAIN on 1.25M rows: a page walks the flagged rows in sort_key
    // order, checking the dates in the index; a count seeks the flagged rows by belief and
    // as-of date; the compliance counts read one covering index instead of the JSON-heavy
    // rows; a team's or a worker's flags are few enough to seek and sort.
    id: '20261203-03-flag-queries',
    sqlite: FLAG_QUERIES(''),
    postgres: FLAG_QUERIES(' COLLATE "C"'),
  },
  // What a projection's rows were derived under (Projection.version: for the flag
  // periods, the LA's policy). A checkpoint without one, or with another, is projected
  // again from the first event: so the registered projection becoming FlagPeriodProjection
  // re-projects the subject timelines with the flag periods, and so does a new POLICY_FILE.
  both('20261203-04-projection-versions', `ALTER TABLE projection_checkpoints ADD COLUMN version TEXT`),
  // How many erasures the read models have taken in (forgetSubject): a projector in
  // another process sees the count move and drops what it holds in memory of them.
  both(
    '20261203-05-read-model-erasures',
    `CREATE TABLE read_model_erasures (id INTEGER PRIMARY KEY, count BIGINT NOT NULL);
    INSERT INTO read_model_erasures (id, count) VALUES (1, 0)`,
  ),
  {
    // What each batch of the flag projection changed: from which as-of date, in the belief
    // of which recording day. A reader keeping compliance counts (compliance-counts.ts)
    // reads the rows after the last it saw and forgets only the counts they can change.
    id: '20261203-06-flag-period-changes',
    sqlite: FLAG_PERIOD_CHANGES('INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: FLAG_PERIOD_CHANGES('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'),
  },
  {
    // On SQLite, an R*Tree of each flagged period's days (as-of and recording, as day
    // numbers), kept by triggers on every write: the flags covering a date as known on a
    // date are a box lookup, however many periods lie before and after it (a B-tree can
    // bound only one end of a period). PostgreSQL reads the B-tree indexes of 20261203-03.
    id: '20261203-07-flag-period-days',
    sqlite: FLAG_PERIOD_DAYS,
    postgres: 'SELECT 1',
  },
  {
    // On PostgreSQL, the same lookup by a GiST index of date ranges (FLAG_PERIOD_RANGES):
    // the B-tree conditions made a page of flags four to eight times slower than on SQLite.
    id: '20261204-08-flag-period-ranges',
    sqlite: 'SELECT 1',
    postgres: FLAG_PERIOD_RANGES,
  },
  {
    id: '20261204-09-flag-period-ranges-covering',
    sqlite: 'SELECT 1',
    postgres: FLAG_PERIOD_RANGES_COVERING,
  },
];
