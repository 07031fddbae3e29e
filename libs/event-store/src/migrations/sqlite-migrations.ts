import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { inOrder, MigrationFailedError, type Migration } from './migration.js';

/** A process migrating while another writes (the demo loading, another API starting) waits for the write lock this long before it fails. */
const BUSY_TIMEOUT_MS = 10_000;

const TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)';

/**
 * Applies to one SQLite file the migrations it has not recorded, in id order, and
 * returns their ids. Each runs in a BEGIN IMMEDIATE transaction that first looks
 * again whether it is recorded: of several processes starting at once, one takes the
 * write lock and applies it, the others wait (busy timeout), then find it done.
 */
export function migrateSqlite(file: string, migrations: readonly Migration[]): string[] {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    // Read without the write lock: a process with nothing to apply never waits for a writer.
    const pending = inOrder(migrations).filter((m) => !recorded(db).has(m.id));
    const apply = db.transaction((m: Migration) => applyUnlessRecorded(db, m));
    return pending.filter((m) => apply.immediate(m)).map((m) => m.id);
  } finally {
    db.close();
  }
}

function recorded(db: Database.Database): Set<string> {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  return new Set(exists ? db.prepare<[], string>('SELECT id FROM schema_migrations').pluck().all() : []);
}

/** Inside the write transaction: false when another process applied it since we looked. */
function applyUnlessRecorded(db: Database.Database, migration: Migration): boolean {
  db.exec(TABLE);
  if (db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(migration.id)) return false;
  try {
    db.exec(migration.sqlite);
  } catch (error) {
    throw new MigrationFailedError(migration.id, error);
  }
  db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, new Date().toISOString());
  return true;
}
