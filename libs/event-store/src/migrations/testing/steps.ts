import type { Migration } from '../migration.js';

/** The same SQL for both dialects. */
const both = (id: string, sql: string): Migration => ({ id, sqlite: sql, postgres: sql });

/**
 * Migrations for the runner's own tests, none of them idempotent: the table cannot be
 * created twice, and a step applied twice leaves two rows. Given out of order, as the
 * registry may list them.
 */
export const STEPS: readonly Migration[] = [both('20260101-02-first-row', 'INSERT INTO tally (step) VALUES (2)'), both('20260101-01-tally', 'CREATE TABLE tally (step INTEGER NOT NULL)')];
export const STEP_IDS = ['20260101-01-tally', '20260101-02-first-row'];

/** Added by a later release. */
export const LATER = both('20260102-01-second-row', 'INSERT INTO tally (step) VALUES (3)');

/** Its first statement succeeds and its second fails: neither may stay. */
export const BROKEN = both('20260103-01-broken', 'INSERT INTO tally (step) VALUES (4); INSERT INTO no_such_table VALUES (1)');
