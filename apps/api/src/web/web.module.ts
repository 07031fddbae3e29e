import { Module } from '@nestjs/common';
import { APP_CONFIG, SchemaMigrator, StoreStartup } from '@app/composition';
import { BrowserSessions, SESSION_STORE, sessionStoreAtStart } from './browser-sessions.js';
import { DashboardPagesController } from './dashboard-pages.controller.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageGuard } from './page.guard.js';
import { Pages } from './pages.js';
import { SignInController } from './sign-in.controller.js';

/** The dashboard in the browser: pages, sign-in and sessions. */
@Module({
  controllers: [DashboardPagesController, SignInController],
  providers: [{ provide: SESSION_STORE, inject: [APP_CONFIG, StoreStartup, SchemaMigrator], useFactory: sessionStoreAtStart }, BrowserSessions, OidcSignIn, Pages, PageGuard, PageErrorFilter],
})
export class WebModule {}
