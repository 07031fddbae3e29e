import { EncryptingEventStore, KurrentDbEventStore, openPostgresKeyring, openSqliteKeyring, PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { openReadModels } from '@app/projections';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { SchemaMigrator, sqliteFileOf } from '../migrations/schema-migrator.js';

/** Where the stores live: PostgreSQL, or the embedded files in DATA_DIR. */
export type StoreLocation = Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'kurrentdbUrl'>;

/**
 * The event store the configuration names (PostgreSQL with DATABASE_URL, else the
 * embedded SQLite file), with each child's event data encrypted under the child's own
 * key, so a child can be erased by destroying the key (README, Privacy). Their
 * databases are migrated first.
 */
export async function openEventStore(config: StoreLocation, schemas = new SchemaMigrator(config)): Promise<EncryptingEventStore> {
  await schemas.ready('keys');
  const keyring = config.databaseUrl ? await openPostgresKeyring(config.databaseUrl) : openSqliteKeyring(sqliteFileOf(config, 'keys'));
  try {
    return new EncryptingEventStore(await openPlainEventStore(config, schemas), keyring);
  } catch (error) {
    // Opened again later (the API retries while the database is down): do not leak the keyring's connections.
    await keyring.close().catch(() => undefined);
    throw error;
  }
}

/** The store's adapter itself, without encryption: what the benchmark compares against. */
export async function openPlainEventStore(config: StoreLocation, schemas = new SchemaMigrator(config)): Promise<EventStore> {
  if (config.kurrentdbUrl) return KurrentDbEventStore.open(config.kurrentdbUrl);
  await schemas.ready('events');
  if (config.databaseUrl) return PostgresEventStore.open(config.databaseUrl);
  return SqliteEventStore.open(sqliteFileOf(config, 'events'));
}

export const readModelLocation = (config: StoreLocation) => ({
  databaseUrl: config.databaseUrl,
  sqliteFile: sqliteFileOf(config, 'readModels'),
});

/** The read models the configuration names, their database migrated first. */
export async function openMigratedReadModels(config: StoreLocation, schemas = new SchemaMigrator(config)): Promise<DataSource> {
  await schemas.ready('readModels');
  return openReadModels(readModelLocation(config));
}

/** The event store and the read models, opened together for a process that needs no Nest (the projector, the CLI's commands). */
export interface OpenStores {
  eventStore: EncryptingEventStore;
  readModels: DataSource;
  close(): Promise<void>;
}

/** Opens (migrating their databases first) the configured event store and read models. */
export async function openStores(config: StoreLocation): Promise<OpenStores> {
  const schemas = new SchemaMigrator(config);
  const eventStore = await openEventStore(config, schemas);
  try {
    const readModels = await openMigratedReadModels(config, schemas);
    return {
      eventStore,
      readModels,
      close: async () => {
        await eventStore.close();
        await readModels.destroy();
      },
    };
  } catch (error) {
    await eventStore.close().catch(() => undefined);
    throw error;
  }
}
