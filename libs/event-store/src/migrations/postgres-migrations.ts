import pg from 'pg';
import { ADVISORY_LOCKS } from '../postgres/advisory-locks.js';
import { inOrder, MigrationFailedError, type Migration } from './migration.js';

const TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())';

/**
 * Applies to one PostgreSQL database the migrations it has not recorded, in id order,
 * each in its own transaction with its record, and returns their ids. The whole run
 * holds one advisory lock: of several processes starting at once, one migrates and
 * the others wait for it, then find nothing left to do.
 */
export async function migratePostgres(url: string, migrations: readonly Migration[]): Promise<string[]> {
  const ordered = inOrder(migrations);
  const client = new pg.Client({ connectionString: url });
  // A lost server fails the query under way; unheard, the client's 'error' event would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.schemaMigrations]);
    await client.query(TABLE);
    const { rows } = await client.query<{ id: string }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.id));
    const pending = ordered.filter((m) => !applied.has(m.id));
    for (const migration of pending) await apply(client, migration);
    return pending.map((m) => m.id);
  } finally {
    // Ending the session releases the lock, even when the unlock could not have been sent.
    await client.end().catch(() => undefined);
  }
}

async function apply(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.postgres);
    await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationFailedError(migration.id, error);
  }
}
