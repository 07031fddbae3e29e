import { Module } from '@nestjs/common';
import { APP_CONFIG, SchemaMigrator, StoreStartup } from '@app/composition';
import { BrowserSessions, SESSION_STORE, sessionStoreAtStart } from './browser-sessions.js';
import { DashboardPagesController } from './dashboard-pages.controller.js';
import { FindPageController } from './find-page.controller.js';
import { InfoPagesController } from './info-pages.controller.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageGuard } from './page.guard.js';
import { Pages } from './pages.js';
import { RulesPageController } from './rules-page.controller.js';
import { SignInController } from './sign-in.controller.js';

/**
 * The dashboard in the browser: pages, sign-in and sessions. InfoPagesController stays
 * last: its "page not found" catch-all for /dashboard must be added after every page.
 */
@Module({
  controllers: [DashboardPagesController, RulesPageController, FindPageController, SignInController, InfoPagesController],
  providers: [{ provide: SESSION_STORE, inject: [APP_CONFIG, StoreStartup, SchemaMigrator], useFactory: sessionStoreAtStart }, BrowserSessions, OidcSignIn, Pages, PageGuard, PageErrorFilter],
})
export class WebModule {}
