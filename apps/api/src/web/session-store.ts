import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Principal } from '../auth/principal.js';

/** A sign-in in progress with the OIDC issuer: what the callback must match. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The page to return to afterwards (a path on this service). */
  next: string;
}

/**
 * One browser's session. Before sign-in it holds only the CSRF token (and, during an
 * OIDC sign-in, what the callback must match); after sign-in, the principal.
 */
export interface BrowserSession {
  csrfToken: string;
  principal?: Principal;
  pending?: PendingSignIn;
  expiresAt: string;
}

/**
 * Sessions kept server-side, by the SHA-256 digest of the cookie's value (a stolen
 * database row is not a usable cookie). Shared by every API process on one database.
 * The table is a migration (libs/composition/src/migrations/web-sessions.migrations.ts).
 */
export interface SessionStore {
  put(digest: string, session: BrowserSession): Promise<void>;
  get(digest: string, now: Date): Promise<BrowserSession | undefined>;
  delete(digest: string): Promise<void>;
  /** Removes expired sessions. */
  purge(now: Date): Promise<void>;
  close(): Promise<void>;
}

export class SqliteSessionStore implements SessionStore {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): SqliteSessionStore {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    return new SqliteSessionStore(db);
  }

  async put(digest: string, session: BrowserSession): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO web_sessions (digest, session, expires_at) VALUES (?, ?, ?)').run(digest, JSON.stringify(session), session.expiresAt);
  }

  async get(digest: string, now: Date): Promise<BrowserSession | undefined> {
    const row = this.db.prepare('SELECT session FROM web_sessions WHERE digest = ? AND expires_at > ?').get(digest, now.toISOString()) as { session: string } | undefined;
    return row ? (JSON.parse(row.session) as BrowserSession) : undefined;
  }

  async delete(digest: string): Promise<void> {
    this.db.prepare('DELETE FROM web_sessions WHERE digest = ?').run(digest);
  }

  async purge(now: Date): Promise<void> {
    this.db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(now.toISOString());
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

export class PostgresSessionStore implements SessionStore {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PostgresSessionStore> {
    const pool = new pg.Pool({ connectionString: url, max: 3 });
    // An idle connection lost in a server restart must not crash the process.
    pool.on('error', () => undefined);
    // Fails now, not at the first sign-in, if the server is down or the migrations have not run.
    await pool.query('SELECT 1 FROM web_sessions LIMIT 0').catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return new PostgresSessionStore(pool);
  }

  async put(digest: string, session: BrowserSession): Promise<void> {
    await this.pool.query(
      'INSERT INTO web_sessions (digest, session, expires_at) VALUES ($1, $2, $3) ON CONFLICT (digest) DO UPDATE SET session = EXCLUDED.session, expires_at = EXCLUDED.expires_at',
      [digest, JSON.stringify(session), session.expiresAt],
    );
  }

  async get(digest: string, now: Date): Promise<BrowserSession | undefined> {
    const res = await this.pool.query<{ session: BrowserSession }>('SELECT session FROM web_sessions WHERE digest = $1 AND expires_at > $2', [digest, now.toISOString()]);
    return res.rows[0]?.session;
  }

  async delete(digest: string): Promise<void> {
    await this.pool.query('DELETE FROM web_sessions WHERE digest = $1', [digest]);
  }

  async purge(now: Date): Promise<void> {
    await this.pool.query('DELETE FROM web_sessions WHERE expires_at <= $1', [now.toISOString()]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
