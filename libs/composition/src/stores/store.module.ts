import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EncryptingEventStore, EventStore } from '@app/event-store';
import { LeasedRunner, leaseFor, openSqliteReadModels, postgresReadModelSource, ProjectionRunner } from '@app/projections';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { SchemaMigrator } from '../migrations/schema-migrator.js';
import { projectionRunner } from '../projections.js';
import { openEventStore, readModelLocation } from './open-stores.js';
import { lateBound, StoreStartup } from './store-startup.js';
import { APP_CONFIG, EVENT_STORE, READ_MODEL_READER, READ_MODEL_WRITER } from '../tokens.js';

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
    private readonly startup: StoreStartup,
  ) {}

  private leased?: LeasedRunner;
  private stopping = false;

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.projections) return;
    // Started with the database down: the projections start once every store is open.
    this.startup.onReady(() => {
      if (this.stopping) return;
      // On PostgreSQL several processes may share the read models: only the lease holder projects.
      this.leased = new LeasedRunner(leaseFor(this.config.databaseUrl, this.runner.name), this.runner);
      this.leased.start();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.leased?.stop();
    await this.runner.stop();
    await this.store.close();
    // Never connected if the database stayed down since the start.
    if (this.writer.isInitialized) await this.writer.destroy();
    if (this.reader.isInitialized) await this.reader.destroy();
    this.logger.log('stores closed');
  }
}

/** Every method of the event store the API uses (the encrypting one: erasure needs its own two). */
const EVENT_STORE_METHODS = {
  append: true,
  appendMany: true,
  readStream: true,
  readAll: true,
  findByEventIds: true,
  headPosition: true,
  count: true,
  readerHoldBack: true,
  subscribe: true,
  close: true,
  erase: true,
  erasure: true,
} as const;

/** The event store, or a stand-in answering 503 until PostgreSQL can be reached (StoreStartup). */
async function eventStoreAtStart(config: AppConfig, startup: StoreStartup, schemas: SchemaMigrator): Promise<EncryptingEventStore> {
  return lateBound(
    await startup.open(
      'eventStore',
      () => openEventStore(config, schemas),
      (store) => store.close(),
    ),
    EVENT_STORE_METHODS,
  );
}

/**
 * The read models' data source. On PostgreSQL it exists at once and connects when the
 * server answers; the embedded file opens at once, or the start fails.
 */
async function readModelsAtStart(config: AppConfig, startup: StoreStartup, schemas: SchemaMigrator, part: string): Promise<DataSource> {
  const { databaseUrl, sqliteFile } = readModelLocation(config);
  if (!databaseUrl) {
    await schemas.ready('readModels');
    return openSqliteReadModels(sqliteFile);
  }
  const db = postgresReadModelSource(databaseUrl);
  await startup.open(
    part,
    // A failed initialize leaves the data source unconnected, so the next attempt can try again.
    async () => {
      await schemas.ready('readModels');
      return db.initialize();
    },
    (opened) => opened.destroy(),
  );
  return db;
}

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG, StoreStartup, SchemaMigrator],
      useFactory: eventStoreAtStart,
    },
    {
      provide: READ_MODEL_WRITER,
      inject: [APP_CONFIG, StoreStartup, SchemaMigrator],
      useFactory: (config: AppConfig, startup: StoreStartup, schemas: SchemaMigrator) => readModelsAtStart(config, startup, schemas, 'readModels'),
    },
    {
      // A second connection for queries, so they never read a projection batch that is still being written.
      provide: READ_MODEL_READER,
      inject: [APP_CONFIG, StoreStartup, SchemaMigrator, READ_MODEL_WRITER],
      useFactory: (config: AppConfig, startup: StoreStartup, schemas: SchemaMigrator) => readModelsAtStart(config, startup, schemas, 'readModelQueries'),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_MODEL_WRITER, APP_CONFIG],
      useFactory: (store: EventStore, db: DataSource, config: AppConfig) => projectionRunner(store, db, config.policy, new Logger('Projections')),
    },
    ProjectionLifecycle,
  ],
  exports: [EVENT_STORE, ProjectionRunner, READ_MODEL_READER, READ_MODEL_WRITER],
})
export class StoreModule {}
