import { StoreUnavailableError } from './event-store.port.js';

/**
 * Whether an error means "the database cannot be reached right now": the same request
 * may succeed later, so callers answer 503 with Retry-After instead of 500. One place
 * for every path that talks to a database (event store, keys, read models through
 * TypeORM, sessions, the access log, the projection lease), so none of them is missed.
 *
 * PostgreSQL: the server shutting down or restarting (57P01-57P03), any connection
 * exception (class 08), too many connections (53300), network errors from the socket,
 * and the pg library's own messages for a lost or unusable connection.
 * SQLite: SQLITE_BUSY (and its extended codes) once the busy timeout has passed,
 * meaning another connection or process holds the write lock for longer: transient.
 * SQLITE_LOCKED is not included: it is a conflict inside one connection, a bug, so 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(isUnavailableItself);
}

const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03', '53300']);
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** pg's messages for a connection it lost, could not make, or will not use any more. */
const LOST_CONNECTION = /Connection terminated|timeout exceeded when trying to connect|not queryable|Cannot use a pool after calling end|Connection ended unexpectedly/i;

function isUnavailableItself(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (SERVER_GOING_AWAY.has(code) || SOCKET_ERRORS.has(code) || /^08[0-9A-Z]{3}$/.test(code) || code.startsWith('SQLITE_BUSY')) return true;
  return typeof e?.message === 'string' && LOST_CONNECTION.test(e.message);
}

/** The error and what it wraps: TypeORM's QueryFailedError.driverError, `cause`, an AggregateError's errors (a refused IPv4 and IPv6 connect). */
function causes(error: unknown, depth = 0): unknown[] {
  if (error === null || typeof error !== 'object' || depth > 4) return [error];
  const e = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])].filter((x) => x !== undefined && x !== error);
  return [error, ...inner.flatMap((x) => causes(x, depth + 1))];
}

/** Why, in a word safe to log (a code, never a payload or a message that could hold one). */
export function unavailableReason(error: unknown): string {
  const found = causes(error).find(isUnavailableItself) as { code?: unknown; reason?: unknown } | undefined;
  if (found instanceof StoreUnavailableError) return found.reason;
  return typeof found?.code === 'string' ? found.code : 'connection lost';
}
