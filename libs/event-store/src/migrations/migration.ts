/**
 * One step of a database's schema, written for both stores. Its `id` is what the
 * database's schema_migrations table records once the step is applied, so it never
 * changes after a release; ids sort in the order the steps apply (a date, a number
 * for that day, then what it does: `20251123-01-events`). Each dialect's SQL runs in
 * one transaction together with its record: a step is applied whole or not at all.
 */
export interface Migration {
  readonly id: string;
  readonly sqlite: string;
  readonly postgres: string;
}

/** `YYYYMMDD-NN-what`: sorting the ids as text sorts them by date, then by number. */
export const MIGRATION_ID = /^\d{8}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The lists merged into the order they apply. A malformed id would sort out of place
 * and a repeated one would be skipped as already applied, so both are refused here,
 * before any database is touched.
 */
export function inOrder(...lists: readonly (readonly Migration[])[]): Migration[] {
  const all = lists.flat();
  const malformed = all.filter((m) => !MIGRATION_ID.test(m.id)).map((m) => m.id);
  if (malformed.length > 0) throw new Error(`migration ids must look like 20251123-01-what: ${malformed.join(', ')}`);
  const ids = all.map((m) => m.id);
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (repeated.length > 0) throw new Error(`migration ids must be unique: ${repeated.join(', ')}`);
  return [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A migration that failed, named; the database's own error is its cause (kept so an unreachable server is still recognised as one). */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';

  constructor(
    readonly migrationId: string,
    cause: unknown,
  ) {
    super(`migration ${migrationId} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
