import { EVENT_STORE_MIGRATIONS, inOrder, KEYRING_MIGRATIONS, type Migration } from '@app/event-store';
import { READ_MODEL_MIGRATIONS } from '@app/projections';
import { ACCESS_LOG_MIGRATIONS } from './access-log.migrations.js';
import { WEB_SESSION_MIGRATIONS } from './web-sessions.migrations.js';

/** The parts of the service that own tables. */
export type SchemaComponent = 'events' | 'keys' | 'readModels' | 'sessions' | 'accessLog';

export interface ComponentSchema {
  /** Where the embedded default keeps the component: its own file in DATA_DIR. */
  sqliteFile: string;
  /** Its migrations, declared beside its code (or here, for the apps' tables). */
  migrations: readonly Migration[];
}

/**
 * Every table the service owns, by component: the one place a component's migrations
 * are registered. PostgreSQL holds every component in one database; the embedded
 * default gives each its own SQLite file. Either way each database records what it
 * has applied in its schema_migrations table.
 */
export const SCHEMA: Readonly<Record<SchemaComponent, ComponentSchema>> = {
  events: { sqliteFile: 'events.sqlite', migrations: EVENT_STORE_MIGRATIONS },
  keys: { sqliteFile: 'keys.sqlite', migrations: KEYRING_MIGRATIONS },
  readModels: { sqliteFile: 'read-models.sqlite', migrations: READ_MODEL_MIGRATIONS },
  sessions: { sqliteFile: 'sessions.sqlite', migrations: WEB_SESSION_MIGRATIONS },
  accessLog: { sqliteFile: 'access-log.sqlite', migrations: ACCESS_LOG_MIGRATIONS },
};

export const SCHEMA_COMPONENTS = Object.keys(SCHEMA) as SchemaComponent[];

/** The components' migrations in the order they apply. Built at load, so a repeated or malformed id stops the process before it touches a database. */
export function migrationsOf(components: readonly SchemaComponent[]): Migration[] {
  return inOrder(...components.map((component) => SCHEMA[component].migrations));
}

export const MIGRATIONS: readonly Migration[] = migrationsOf(SCHEMA_COMPONENTS);
