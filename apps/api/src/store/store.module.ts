import path from 'node:path';
import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EncryptingEventStore, KurrentDbEventStore, openPostgresKeyring, openSqliteKeyring, PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { LeasedRunner, leaseFor, openReadModels, ProjectionRunner, SubjectTimelineProjection, TimelineReader } from '@app/projections';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, EVENT_STORE, READ_MODEL_READER, READ_MODEL_WRITER } from './tokens.js';

/**
 * Starts and stops the projections with the application. The embedded default
 * runs them in the API process; with PROJECTIONS=off another process does.
 */
@Injectable()
export class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_WRITER) private readonly writer: DataSource,
    @Inject(READ_MODEL_READER) private readonly reader: DataSource,
  ) {}

  private leased?: LeasedRunner;

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.projections) return;
    // On PostgreSQL several processes may share the read models: only the lease holder projects.
    this.leased = new LeasedRunner(leaseFor(this.config.databaseUrl, this.runner.name), this.runner);
    this.leased.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leased?.stop();
    await this.runner.stop();
    await this.store.close();
    await this.writer.destroy();
    await this.reader.destroy();
    this.logger.log('stores closed');
  }
}

/** Where the stores live: PostgreSQL, or the embedded files in DATA_DIR. */
export type StoreLocation = Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'kurrentdbUrl'>;

/**
 * The event store the configuration names (PostgreSQL with DATABASE_URL, else the
 * embedded SQLite file), with each child's event data encrypted under the child's own
 * key, so a child can be erased by destroying the key (README, Privacy).
 */
export async function openEventStore(config: StoreLocation): Promise<EncryptingEventStore> {
  const keyring = config.databaseUrl ? await openPostgresKeyring(config.databaseUrl) : openSqliteKeyring(path.join(config.dataDir, 'keys.sqlite'));
  return new EncryptingEventStore(await openPlainEventStore(config), keyring);
}

/** The store's adapter itself, without encryption: what the benchmark compares against. */
export async function openPlainEventStore(config: StoreLocation): Promise<EventStore> {
  if (config.kurrentdbUrl) return KurrentDbEventStore.open(config.kurrentdbUrl);
  if (config.databaseUrl) return PostgresEventStore.open(config.databaseUrl);
  return SqliteEventStore.open(path.join(config.dataDir, 'events.sqlite'));
}

export const readModelLocation = (config: StoreLocation) => ({
  databaseUrl: config.databaseUrl,
  sqliteFile: path.join(config.dataDir, 'read-models.sqlite'),
});

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      useFactory: openEventStore,
    },
    {
      provide: READ_MODEL_WRITER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openReadModels(readModelLocation(config)),
    },
    {
      // A second connection for queries, so they never read a projection batch that is still being written.
      provide: READ_MODEL_READER,
      inject: [APP_CONFIG, READ_MODEL_WRITER],
      useFactory: (config: AppConfig) => openReadModels(readModelLocation(config)),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_MODEL_WRITER],
      useFactory: (store: EventStore, db: DataSource) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner(store, db, new SubjectTimelineProjection(), {
          onError: (error) => logger.error(`batch failed, resuming from the checkpoint: ${(error as Error).message}`),
        });
      },
    },
    {
      provide: TimelineReader,
      inject: [READ_MODEL_READER],
      useFactory: (db: DataSource) => new TimelineReader(db),
    },
    ProjectionLifecycle,
  ],
  exports: [EVENT_STORE, ProjectionRunner, TimelineReader, READ_MODEL_READER, READ_MODEL_WRITER],
})
export class StoreModule {}
