import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Authenticator } from '../auth/authenticator.js';
import { Clock, type AppConfig, lateBound, type SchemaMigrator, sqliteFileOf, type StoreStartup, APP_CONFIG } from '@app/composition';
import type { Principal } from '../auth/principal.js';
import { PostgresSessionStore, SqliteSessionStore, type BrowserSession, type SessionStore } from './session-store.js';

export const SESSION_STORE = Symbol('SESSION_STORE');

/** Sessions live beside the access log: the embedded file, or the PostgreSQL database. */
export function openSessionStore(config: AppConfig): Promise<SessionStore> | SessionStore {
  if (config.databaseUrl) return PostgresSessionStore.open(config.databaseUrl);
  return SqliteSessionStore.open(sqliteFileOf(config, 'sessions'));
}

/** The session store, or a stand-in answering 503 until PostgreSQL can be reached (StoreStartup). */
export async function sessionStoreAtStart(config: AppConfig, startup: StoreStartup, schemas: SchemaMigrator): Promise<SessionStore> {
  return lateBound(
    await startup.open(
      'sessions',
      async () => {
        await schemas.ready('sessions');
        return openSessionStore(config);
      },
      (store) => store.close(),
    ),
    { put: true, get: true, delete: true, purge: true, close: true },
  );
}

/** How long a browser may take between opening the sign-in page and signing in. */
const SIGN_IN_MINUTES = 30;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const token = () => randomBytes(32).toString('base64url');

/**
 * Browser sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure and
 * `__Host-` prefixed when served over https), the session itself server-side. Every
 * session, signed in or not, carries a CSRF token that forms must send back.
 */
@Injectable()
export class BrowserSessions implements OnApplicationShutdown {
  readonly cookieName: string;
  private readonly secure: boolean;

  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly authenticator: Authenticator,
  ) {
    // A Secure cookie is never sent back over plain http: the browser would seem to sign in and be sent straight back.
    this.secure = config.web.servedOverHttps;
    this.cookieName = this.secure ? '__Host-audit-session' : 'audit-session';
  }

  async current(req: Request): Promise<BrowserSession | undefined> {
    const id = this.cookieOf(req);
    return id === undefined ? undefined : this.store.get(digest(id), this.clock.now());
  }

  /**
   * The browser's session if someone is signed in and still may be, with whom they
   * stand for now. A session whose API key was revoked or changed (or whose sign-on
   * is no longer configured) is deleted here, on its first use since.
   */
  async signedIn(req: Request): Promise<(BrowserSession & { principal: Principal }) | undefined> {
    const session = await this.current(req);
    if (!session?.principal) return undefined;
    const principal = this.authenticator.stillStanding(session.principal);
    if (principal) return { ...session, principal };
    await this.store.delete(digest(this.cookieOf(req)!));
    return undefined;
  }

  /**
   * A new session with a new id and CSRF token, replacing the browser's current one
   * (a new id at every sign-in: a session id planted before sign-in is worthless after).
   * It lasts SESSION_HOURS once signed in, or less when `notAfter` (a sign-on's ID
   * token expiry) comes first.
   */
  async start(req: Request, res: Response, fields: Pick<BrowserSession, 'principal' | 'pending'>, notAfter?: Date): Promise<BrowserSession> {
    await this.end(req, res);
    const minutes = fields.principal ? this.config.web.sessionHours * 60 : SIGN_IN_MINUTES;
    const full = this.clock.now().getTime() + minutes * 60_000;
    const expires = new Date(notAfter ? Math.min(full, notAfter.getTime()) : full);
    // Expired sessions are cleared at each sign-in (not at every sign-in page shown).
    if (fields.principal) await this.store.purge(this.clock.now());
    const session: BrowserSession = { csrfToken: token(), ...fields, expiresAt: expires.toISOString() };
    const id = token();
    await this.store.put(digest(id), session);
    // A browser-session cookie (no Expires): the server enforces the expiry, so a skewed browser clock changes nothing.
    res.cookie(this.cookieName, id, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' });
    return session;
  }

  /** Signs out: the session is deleted server-side, so the cookie is useless even if kept. */
  async end(req: Request, res: Response): Promise<void> {
    const id = this.cookieOf(req);
    if (id !== undefined) await this.store.delete(digest(id));
    res.clearCookie(this.cookieName, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' });
  }

  /** Compares a form's CSRF token with the session's, in constant time. */
  csrfMatches(session: BrowserSession | undefined, sent: unknown): boolean {
    if (!session || typeof sent !== 'string') return false;
    const a = Buffer.from(digest(sent));
    const b = Buffer.from(digest(session.csrfToken));
    return timingSafeEqual(a, b);
  }

  private cookieOf(req: Request): string | undefined {
    const id = (req.cookies as Record<string, string> | undefined)?.[this.cookieName];
    return typeof id === 'string' && id.length <= 100 ? id : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
