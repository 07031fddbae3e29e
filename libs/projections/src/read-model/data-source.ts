import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities.js';

export { READ_MODEL_MIGRATIONS } from './migrations/read-model.migrations.js';

/**
 * Opens the embedded read-model database (a SQLite file). Its tables come from the
 * migrations (./migrations, run by the composition root before this), never from
 * `synchronize`, so schema changes are reviewed and the same on PostgreSQL.
 */
export async function openSqliteReadModels(file: string): Promise<DataSource> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new DataSource({
    type: 'better-sqlite3',
    database: file,
    entities: READ_MODEL_ENTITIES,
    synchronize: false,
    logging: false,
    enableWAL: true,
    timeout: 5000, // wait for the other connection's transaction rather than fail
    prepareDatabase: (raw: { pragma(s: string): unknown }) => {
      raw.pragma('synchronous = NORMAL');
    },
  });
  return db.initialize();
}

/** The read models in PostgreSQL (DATABASE_URL), migrated first. */
export async function openPostgresReadModels(url: string, options: { maxConnections?: number } = {}): Promise<DataSource> {
  return postgresReadModelSource(url, options).initialize();
}

/** The read models' PostgreSQL data source, not connected yet: the API builds it at start, then connects when the server answers. */
export function postgresReadModelSource(url: string, options: { maxConnections?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: READ_MODEL_ENTITIES,
    synchronize: false,
    logging: false,
    extra: { max: options.maxConnections ?? 5 },
  });
}

/** Opens the read models where the configuration says: PostgreSQL when a URL is given, else the embedded file. */
export function openReadModels(location: { databaseUrl?: string; sqliteFile: string }): Promise<DataSource> {
  return location.databaseUrl ? openPostgresReadModels(location.databaseUrl) : openSqliteReadModels(location.sqliteFile);
}
