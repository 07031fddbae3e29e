import fs from 'node:fs';
import path from 'node:path';
import { ADVISORY_LOCKS } from '@app/event-store';
import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities.js';
import { CreateReadModels1763900000000 } from './migrations/1763900000000-create-read-models.js';

export const READ_MODEL_MIGRATIONS = [CreateReadModels1763900000000];

/**
 * Opens the embedded read-model database (a SQLite file) and brings its schema up
 * to date with the migrations (never `synchronize`, so schema changes are reviewed
 * and repeatable on PostgreSQL too).
 */
export async function openSqliteReadModels(file: string): Promise<DataSource> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new DataSource({
    type: 'better-sqlite3',
    database: file,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsRun: true,
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

/** The read models in PostgreSQL (DATABASE_URL), migrated the same way. */
export async function openPostgresReadModels(url: string, options: { maxConnections?: number } = {}): Promise<DataSource> {
  return initializePostgresReadModels(postgresReadModelSource(url, options));
}

/** The read models' PostgreSQL data source, not connected yet: the API builds it at start, then connects when the server answers. */
export function postgresReadModelSource(url: string, options: { maxConnections?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: options.maxConnections ?? 5 },
  });
}

/** Connects and migrates; on failure it is left unconnected, so it can be tried again. */
export async function initializePostgresReadModels(db: DataSource): Promise<DataSource> {
  await db.initialize();
  try {
    await migrateUnderLock(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

const MIGRATION_LOCK = ADVISORY_LOCKS.readModelMigrations;

/** Several processes may start at once (API instances, a projector): one migrates, the others wait and find it done. */
async function migrateUnderLock(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Opens the read models where the configuration says: PostgreSQL when a URL is given, else the embedded file. */
export function openReadModels(location: { databaseUrl?: string; sqliteFile: string }): Promise<DataSource> {
  return location.databaseUrl ? openPostgresReadModels(location.databaseUrl) : openSqliteReadModels(location.sqliteFile);
}
