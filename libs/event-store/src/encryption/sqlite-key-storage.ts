import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { toRecord, toStates, type ErasureRow } from './key-rows.js';
import { ChildKeyring, type ErasureRecord, type KeyringOptions, type KeyState, type KeyStorage } from './keyring.js';

const BUSY_TIMEOUT_MS = 5000;

interface StateRow {
  child_id: string;
  key: Buffer | null;
  erased: number;
}

/**
 * Keys in their own SQLite file (e.g. `keys.sqlite` next to `events.sqlite`; tables from
 * the migrations), so the event log can be copied or backed up without them.
 * `secure_delete` makes SQLite overwrite a deleted key's bytes in the file, and each
 * erasure ends with a TRUNCATE checkpoint, so the WAL (which held the key since it was
 * written) is emptied too.
 */
export class SqliteKeyStorage implements KeyStorage {
  private readonly statements;
  private readonly createTransaction;
  private readonly eraseTransaction;
  private closed = false;

  private constructor(private readonly db: Database.Database) {
    this.statements = prepareStatements(db);
    this.createTransaction = db.transaction((keys: Map<string, Buffer>, now: string) => {
      for (const [id, key] of keys) this.statements.create.run(id, key, now, id);
    });
    this.eraseTransaction = db.transaction((record: ErasureRecord): ErasureRecord => {
      const earlier = this.statements.erasure.get(record.childId);
      if (earlier) return toRecord(earlier);
      this.statements.deleteKey.run(record.childId);
      this.statements.insertErasure.run(record.childId, record.erasedAt, record.erasedBy, record.reason, new Date().toISOString());
      return record;
    });
  }

  static open(file: string): SqliteKeyStorage {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
      // Per connection, so set on every open: deleted rows are zeroed, not just unlinked.
      db.pragma('secure_delete = ON');
      return new SqliteKeyStorage(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async read(childIds: string[]): Promise<Map<string, KeyState>> {
    return toStates(this.statements.read.all(JSON.stringify(childIds)));
  }

  async create(newKeys: Map<string, Buffer>): Promise<Map<string, KeyState>> {
    // IMMEDIATE: an erasure cannot slip between the tombstone check and the insert.
    this.createTransaction.immediate(newKeys, new Date().toISOString());
    return this.read([...newKeys.keys()]);
  }

  async erase(record: ErasureRecord): Promise<ErasureRecord> {
    const stored = this.eraseTransaction.immediate(record);
    this.truncateWal();
    return stored;
  }

  async erasure(childId: string): Promise<ErasureRecord | undefined> {
    const row = this.statements.erasure.get(childId);
    return row && toRecord(row);
  }

  async erasureCount(): Promise<number> {
    return this.statements.erasureCount.get() as number;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /**
   * Copies the WAL into the file and empties it. It waits (busy timeout) for other
   * connections' reads; if one still holds an old snapshot the WAL, and the destroyed
   * key in it, would survive, so that is an error and erasing again retries the purge.
   */
  private truncateWal(): void {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result.busy !== 0) throw new Error('key destroyed, but the keys file WAL is still in use and could not be emptied: erase again to finish');
  }
}

/** A keyring on a SQLite keys file (migrated first). */
export function openSqliteKeyring(file: string, options?: KeyringOptions): ChildKeyring {
  return new ChildKeyring(SqliteKeyStorage.open(file), options);
}

/** Ids travel as one JSON array: one prepared statement, no bound-variable limit. */
function prepareStatements(db: Database.Database) {
  return {
    read: db.prepare<[string], StateRow>(
      `SELECT ids.value AS child_id, k.key AS key, e.child_id IS NOT NULL AS erased
         FROM json_each(?) AS ids
         LEFT JOIN child_keys k ON k.child_id = ids.value
         LEFT JOIN child_erasures e ON e.child_id = ids.value`,
    ),
    create: db.prepare<[string, Buffer, string, string]>(
      `INSERT INTO child_keys (child_id, key, created_at)
       SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM child_erasures WHERE child_id = ?)
       ON CONFLICT (child_id) DO NOTHING`,
    ),
    deleteKey: db.prepare<[string]>('DELETE FROM child_keys WHERE child_id = ?'),
    insertErasure: db.prepare<[string, string, string, string, string]>('INSERT INTO child_erasures (child_id, erased_at, erased_by, reason, recorded_at) VALUES (?, ?, ?, ?, ?)'),
    erasure: db.prepare<[string], ErasureRow>('SELECT child_id, erased_at, erased_by, reason FROM child_erasures WHERE child_id = ?'),
    erasureCount: db.prepare<[], number>('SELECT COUNT(*) FROM child_erasures').pluck(),
  };
}
