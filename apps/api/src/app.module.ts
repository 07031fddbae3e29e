import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessLogModule } from './access-log/access-log.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { Authenticator } from './auth/authenticator.js';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { Clock, SystemClock } from './clock.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { GetDashboardHandler } from './dashboard/get-dashboard.handler.js';
import type { AppConfig } from './config/app-config.js';
import { ErasureController } from './erasure/erasure.controller.js';
import { ErasureService } from './erasure/erasure.service.js';
import { EventsController } from './events/events.controller.js';
import { RecordEventsHandler } from './events/record-events.handler.js';
import { AssessmentsService } from './flags/assessments.service.js';
import { FlagsController } from './flags/flags.controller.js';
import { GetFlagsHandler } from './flags/get-flags.handler.js';
import { HealthController } from './health/health.controller.js';
import { RulesController } from './rules/rules.controller.js';
import { StoreStartup } from './store/store-startup.js';
import { StoreModule } from './store/store.module.js';
import { StoresReadyGuard } from './store/stores-ready.guard.js';
import { GetSubjectHistoryHandler } from './subjects/get-subject-history.handler.js';
import { SubjectsController } from './subjects/subjects.controller.js';
import { APP_CONFIG } from './store/tokens.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  /**
   * `startWhileDatabaseDown`: the API server starts even when PostgreSQL cannot be
   * reached, and opens the stores when it can (StoreStartup); the CLI does not.
   */
  static forRoot(config: AppConfig, clock: Clock = new SystemClock(), options: { startWhileDatabaseDown?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        TerminusModule,
        StoreModule,
        AccessLogModule,
        WebModule,
      ],
      controllers: [EventsController, FlagsController, DashboardController, SubjectsController, ErasureController, RulesController, HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: StoreStartup, useFactory: () => new StoreStartup(options.startWhileDatabaseDown ?? false) },
        Authenticator,
        // Before authentication: nothing runs against a store that is not open yet.
        { provide: APP_GUARD, useClass: StoresReadyGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        RecordEventsHandler,
        GetFlagsHandler,
        GetDashboardHandler,
        GetSubjectHistoryHandler,
        AssessmentsService,
        ErasureService,
      ],
      exports: [APP_CONFIG, Clock, Authenticator, StoreStartup],
    };
  }
}
