/**
 * Every PostgreSQL advisory lock the service takes, in one place: processes of this
 * service (and of other services on the same database) share one lock space, so two
 * purposes under one number would block each other for no reason. A unit test checks
 * the numbers are distinct. Single-key locks use the bigint form; the projection lease
 * uses the two-key form (namespace, hashtext(projection)), which PostgreSQL keeps in a
 * separate space from single-key locks.
 */
export const ADVISORY_LOCKS = {
  /** Creating the event store's schema. */
  eventStoreSchema: 7_263_001,
  /** Running the read models' migrations. */
  readModelMigrations: 7_263_002,
  /** Creating the key tables; also held shared by key creators and exclusive by erasers. */
  keyring: 7_263_003,
  /** Creating the access log's table and its append-only triggers. */
  accessLogSchema: 7_263_004,
  /** Running the schema migrations (libs/event-store/src/migrations): one process migrates at a time. */
  schemaMigrations: 7_263_005,
  /** Namespace (first key) of the two-key projection leases. */
  projectionLeases: 7_263_100,
} as const;
