import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CoreModule, SystemClock, type AppConfig, type Clock, type CoreOptions } from '@app/composition';
import { AccessLogModule } from './access-log/access-log.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { Authenticator } from './auth/authenticator.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { ErasureModule } from './erasure/erasure.module.js';
import { EventsModule } from './events/events.module.js';
import { FlagsModule } from './flags/flags.module.js';
import { HealthModule } from './health/health.module.js';
import { RulesModule } from './rules/rules.module.js';
import { StoresReadyGuard } from './store/stores-ready.guard.js';
import { SubjectsModule } from './subjects/subjects.module.js';
import { WebModule } from './web/web.module.js';

/** The API's features, one module each; the dashboard's pages (WebModule) read through the same query handlers. */
const FEATURES = [EventsModule, FlagsModule, DashboardModule, SubjectsModule, ErasureModule, RulesModule, HealthModule, AccessLogModule, WebModule];

@Module({})
export class AppModule {
  /** The shared core (stores, projections, recording, assessments) with the API's features, guards and pages on top. */
  static forRoot(config: AppConfig, clock: Clock = new SystemClock(), options: CoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [CoreModule.forRoot(config, clock, options), ...FEATURES],
      providers: [
        Authenticator,
        // Before authentication: nothing runs against a store that is not open yet.
        { provide: APP_GUARD, useClass: StoresReadyGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Authenticator],
    };
  }
}
