export { inOrder, MIGRATION_ID, MigrationFailedError, type Migration } from './migration.js';
export { migrateSqlite } from './sqlite-migrations.js';
export { migratePostgres } from './postgres-migrations.js';
export { EVENT_STORE_MIGRATIONS } from './event-store.migrations.js';
export { KEYRING_MIGRATIONS } from './keyring.migrations.js';
