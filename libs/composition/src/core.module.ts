import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { EventRecorder } from '@app/recording';
import { FlagReads } from './flags/flag-reads.service.js';
import { Clock, SystemClock } from './clock.js';
import type { AppConfig } from './config/app-config.js';
import { SchemaMigrator, type MigrationRun } from './migrations/schema-migrator.js';
import { RecordEventsHandler } from './recording/record-events.handler.js';
import { StoreStartup } from './stores/store-startup.js';
import { StoreModule } from './stores/store.module.js';
import { APP_CONFIG, EVENT_STORE } from './tokens.js';

export interface CoreOptions {
  /**
   * The API server starts even when PostgreSQL cannot be reached, and opens the stores
   * when it can (StoreStartup); the CLI does not.
   */
  startWhileDatabaseDown?: boolean;
}

/** Operators see in the log which migrations a start applied (nothing when there were none). */
function migrationLog(run: MigrationRun): void {
  new Logger('Migrations').log(`applied ${run.applied.join(', ')} to ${run.database}`);
}

/**
 * What every process that records or assesses needs, without HTTP: the configuration,
 * the clock, the stores and projections, the event recorder (and the command handler
 * that delegates to it) and the flag reads. The API adds its controllers to it; the
 * CLI uses it as it is.
 */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock(), options: CoreOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [CqrsModule.forRoot(), StoreModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: StoreStartup, useFactory: () => new StoreStartup(options.startWhileDatabaseDown ?? false) },
        // One per process: each part's opening waits for its database's migrations, which run once.
        { provide: SchemaMigrator, useFactory: () => new SchemaMigrator(config, migrationLog) },
        // One per process, shared by the command handler and the demo loader: its stream locks are per instance.
        { provide: EventRecorder, inject: [EVENT_STORE, Clock], useFactory: (store: EventStore, clock: Clock) => new EventRecorder(store, clock) },
        RecordEventsHandler,
        FlagReads,
      ],
      exports: [APP_CONFIG, Clock, StoreStartup, SchemaMigrator, EventRecorder, FlagReads],
    };
  }
}
