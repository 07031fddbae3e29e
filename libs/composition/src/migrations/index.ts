export * from './registry.js';
export * from './schema-migrator.js';
export { ACCESS_LOG_MIGRATIONS } from './access-log.migrations.js';
export { WEB_SESSION_MIGRATIONS } from './web-sessions.migrations.js';
