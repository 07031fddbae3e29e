import pg from 'pg';
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

/** A database of its own for one test run, so runs cannot disturb each other. */
export function createTestDatabase(label: string): Promise<ScratchDatabase> {
  return createScratchDatabase(TEST_POSTGRES_URL, label);
}
