import pg from 'pg';
import { isDatabaseUnavailable, unavailableReason } from '../database-unavailable.js';
import { StoreUnavailableError } from '../event-store.port.js';
import { ADVISORY_LOCKS } from '../postgres/advisory-locks.js';
import { toRecord, toStates, type ErasureRow } from './key-rows.js';
import { ChildKeyring, type ErasureRecord, type KeyringOptions, type KeyState, type KeyStorage } from './keyring.js';

/** Taken shared by creators and exclusive by erasers around key changes. */
const KEYRING_LOCK = ADVISORY_LOCKS.keyring;

/** The same faults the event store reports as unavailable: the API answers 503, not 500. */
async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw isDatabaseUnavailable(error) ? new StoreUnavailableError(unavailableReason(error)) : error;
  }
}

const READ_STATES = `
  SELECT ids.child_id, k.key, e.child_id IS NOT NULL AS erased
    FROM unnest($1::text[]) AS ids(child_id)
    LEFT JOIN child_keys k ON k.child_id = ids.child_id
    LEFT JOIN child_erasures e ON e.child_id = ids.child_id`;

interface StateRow {
  child_id: string;
  key: Buffer | null;
  erased: boolean;
}

/**
 * Keys and tombstones in the events' database (tables from the migrations). Backups of
 * that database hold the keys as well as the ciphertext, so a restored backup taken
 * before an erasure can decrypt the erased child again: backups (and archived WAL) must
 * expire on the LA's retention schedule, and a restore must be followed by re-applying
 * the erasures recorded since (child_erasures is the list; keep a copy of it outside
 * the backups).
 *
 * A key and its tombstone could race (a first append creating the
 * key while an erasure of the same child commits), so creators hold a shared advisory
 * lock and erasers an exclusive one: an erasure never leaves a key behind it.
 */
export class PostgresKeyStorage implements KeyStorage {
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(connectionString: string, options: { maxConnections?: number } = {}): Promise<PostgresKeyStorage> {
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 4 });
    pool.on('error', () => undefined); // an idle client losing its server must not crash the process
    try {
      // The migrations create the tables; this fails now, not at the first key, if the server is down or they have not run.
      await pool.query('SELECT 1 FROM child_keys, child_erasures LIMIT 0');
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresKeyStorage(pool);
  }

  async read(childIds: string[]): Promise<Map<string, KeyState>> {
    const { rows } = await guarded(() => this.pool.query<StateRow>(READ_STATES, [childIds]));
    return toStates(rows);
  }

  async create(newKeys: Map<string, Buffer>): Promise<Map<string, KeyState>> {
    const ids = [...newKeys.keys()];
    return guarded(() =>
      this.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock_shared($1)', [KEYRING_LOCK]);
        await client.query(
          `INSERT INTO child_keys (child_id, key)
           SELECT n.child_id, n.key FROM unnest($1::text[], $2::bytea[]) AS n(child_id, key)
            WHERE NOT EXISTS (SELECT 1 FROM child_erasures e WHERE e.child_id = n.child_id)
           ON CONFLICT (child_id) DO NOTHING`,
          [ids, [...newKeys.values()]],
        );
        // A fresh snapshot (READ COMMITTED): a concurrent creator's committed key is the one returned.
        return toStates((await client.query<StateRow>(READ_STATES, [ids])).rows);
      }),
    );
  }

  async erase(record: ErasureRecord): Promise<ErasureRecord> {
    const stored = await guarded(() =>
      this.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [KEYRING_LOCK]);
        await client.query(
          `INSERT INTO child_erasures (child_id, erased_at, erased_by, reason) VALUES ($1, $2, $3, $4)
           ON CONFLICT (child_id) DO NOTHING`,
          [record.childId, record.erasedAt, record.erasedBy, record.reason],
        );
        await client.query('DELETE FROM child_keys WHERE child_id = $1', [record.childId]);
        return (await this.erasureIn(client, record.childId))!;
      }),
    );
    await this.purge();
    return stored;
  }

  async erasure(childId: string): Promise<ErasureRecord | undefined> {
    return guarded(() => this.erasureIn(this.pool, childId));
  }

  async erasureCount(): Promise<number> {
    const { rows } = await guarded(() => this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM child_erasures'));
    return rows[0].n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * A DELETE only marks the row dead; its bytes stay in the table's pages until reused.
   * VACUUM FULL rewrites the (small) table into a new file and drops the old one. The
   * server's WAL, archives and backups still hold the key until they expire (see above).
   */
  private async purge(): Promise<void> {
    await guarded(() => this.pool.query('VACUUM FULL child_keys'));
  }

  private async erasureIn(client: pg.Pool | pg.PoolClient, childId: string): Promise<ErasureRecord | undefined> {
    const { rows } = await client.query<ErasureRow>('SELECT child_id, erased_at, erased_by, reason FROM child_erasures WHERE child_id = $1', [childId]);
    return rows[0] && toRecord(rows[0]);
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withClient(this.pool, async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }
}

async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client reports a lost server as an 'error' event; the next query fails anyway.
  const ignore = () => undefined;
  client.on('error', ignore);
  let broken = false;
  try {
    return await work(client);
  } catch (error) {
    broken = true; // do not return a connection in an unknown state to the pool
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(broken);
  }
}

/** A keyring on the child_keys and child_erasures tables of this database (migrated first). */
export async function openPostgresKeyring(connectionString: string, options: KeyringOptions & { maxConnections?: number } = {}): Promise<ChildKeyring> {
  return new ChildKeyring(await PostgresKeyStorage.open(connectionString, options), options);
}
