import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { CoreModule, SystemClock, type AppConfig, type Clock, type CoreOptions } from '@app/composition';
import { AccessLogModule } from './access-log/access-log.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { Authenticator } from './auth/authenticator.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { GetDashboardHandler } from './dashboard/get-dashboard.handler.js';
import { ErasureController } from './erasure/erasure.controller.js';
import { ErasureService } from './erasure/erasure.service.js';
import { EventsController } from './events/events.controller.js';
import { FlagsController } from './flags/flags.controller.js';
import { GetFlagsHandler } from './flags/get-flags.handler.js';
import { HealthController } from './health/health.controller.js';
import { RulesController } from './rules/rules.controller.js';
import { StoresReadyGuard } from './store/stores-ready.guard.js';
import { GetSubjectHistoryHandler } from './subjects/get-subject-history.handler.js';
import { SubjectsController } from './subjects/subjects.controller.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  /** The shared core (stores, projections, recording, assessments) with the API's controllers, guards and pages on top. */
  static forRoot(config: AppConfig, clock: Clock = new SystemClock(), options: CoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [CoreModule.forRoot(config, clock, options), TerminusModule, AccessLogModule, WebModule],
      controllers: [EventsController, FlagsController, DashboardController, SubjectsController, ErasureController, RulesController, HealthController],
      providers: [
        Authenticator,
        // Before authentication: nothing runs against a store that is not open yet.
        { provide: APP_GUARD, useClass: StoresReadyGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        GetFlagsHandler,
        GetDashboardHandler,
        GetSubjectHistoryHandler,
        ErasureService,
      ],
      exports: [Authenticator],
    };
  }
}
