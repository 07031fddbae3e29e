import pg from 'pg';
import type { Migration } from '../migrations/migration.js';
import { migratePostgres } from '../migrations/postgres-migrations.js';
import { createScratchDatabase, type ScratchDatabase } from '../postgres/databases.js';

/** The server the PostgreSQL tests use: the machine's own, unless TEST_POSTGRES_URL says otherwise. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Whether the PostgreSQL tests can run. Unreachable: with CI set the suite fails
 * (a skipped storage test proves nothing); on a developer's machine it is skipped, saying so.
 */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    const message = `PostgreSQL is not reachable at ${TEST_POSTGRES_URL}: ${(error as Error).message}`;
    if (process.env.CI) throw new Error(`${message}. CI is set, so the PostgreSQL tests fail rather than skip.`, { cause: error });
    console.warn(`${message}. Skipping the PostgreSQL tests (set CI to make this a failure).`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A database of its own for one test run, so runs cannot disturb each other; with the
 * tables of `migrations` (stores do not create their own: the service migrates first).
 */
export async function createTestDatabase(label: string, migrations: readonly Migration[] = []): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(TEST_POSTGRES_URL, label);
  if (migrations.length === 0) return database;
  try {
    await migratePostgres(database.url, migrations);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}
