import path from 'node:path';
import { createScratchDatabase, EVENT_STORE_MIGRATIONS, migratePostgres, migrateSqlite, PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { loadConfig, type AppConfig } from '@app/composition';

/** A store to measure: how to open it raw (through the port), and the API's configuration on it. */
export interface BenchTarget {
  name: string;
  openRaw(): Promise<EventStore>;
  /** The API's environment (for a server process) and the configuration it yields (for in-process work). */
  env: Record<string, string>;
  config: AppConfig;
  cleanup(): Promise<void>;
}

export function sqliteTarget(workDir: string): BenchTarget {
  let raw = 0;
  const env = { DATA_DIR: path.join(workDir, 'api') };
  return {
    name: 'SQLite (embedded)',
    openRaw: async () => {
      const file = path.join(workDir, `raw-${raw++}.sqlite`);
      migrateSqlite(file, EVENT_STORE_MIGRATIONS);
      return SqliteEventStore.open(file);
    },
    env,
    config: loadConfig(env),
    cleanup: async () => undefined,
  };
}

/** Scratch databases on the server at `serverUrl`, dropped afterwards. */
export async function postgresTarget(serverUrl: string, workDir: string): Promise<BenchTarget> {
  const api = await createScratchDatabase(serverUrl, 'bench_api');
  const raws: { drop(): Promise<void> }[] = [];
  return {
    name: 'PostgreSQL',
    openRaw: async () => {
      const db = await createScratchDatabase(serverUrl, 'bench_raw');
      raws.push(db);
      await migratePostgres(db.url, EVENT_STORE_MIGRATIONS);
      return PostgresEventStore.open(db.url, { maxConnections: 20 });
    },
    env: { DATA_DIR: path.join(workDir, 'pg'), DATABASE_URL: api.url },
    config: loadConfig({ DATA_DIR: path.join(workDir, 'pg'), DATABASE_URL: api.url }),
    cleanup: async () => {
      for (const db of [api, ...raws]) await db.drop();
    },
  };
}
