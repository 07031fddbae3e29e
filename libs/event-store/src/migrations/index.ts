export { inOrder, MIGRATION_ID, MigrationFailedError, type Migration } from './migration.js';
export { migrateSqlite } from './sqlite-migrations.js';
export { migratePostgres } from './postgres-migrations.js';
