import fs from 'node:fs';
import path from 'node:path';
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
