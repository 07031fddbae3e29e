/**
 * Every PostgreSQL advisory lock the service takes, in one place: processes of this
 * service (and of other services on the same database) share one lock space, so two
 * purposes under one number would block each other for no reason. A unit test checks
 * the numbers are distinct. Single-key locks use the bigint form; the projection lease
 * uses the two-key form (namespace, hashtext(projection)), which PostgreSQL keeps in a
 * separate space from single-key locks.
 */
export const ADVISORY_LOCKS = {
  /** Running the schema migrations (libs/event-store/src/migrations): one process migrates at a time. */
  schemaMigrations: 7_263_005,
  /** Held shared by key creators and exclusive by erasers, so an erasure never leaves a key behind it. */
  keyring: 7_263_003,
  /** Namespace (first key) of the two-key projection leases. */
  projectionLeases: 7_263_100,
} as const;

/**
 * Numbers once taken for purposes that are gone (each store's own schema lock, before
 * the migrations), never given out again: a process of the older version still running
 * during an upgrade takes them, and must not block whatever would reuse them.
 */
export const RETIRED_ADVISORY_LOCKS: readonly number[] = [7_263_001, 7_263_002, 7_263_004];
