import { Module } from '@nestjs/common';
import { APP_CONFIG, SchemaMigrator, StoreStartup } from '@app/composition';
import { BrowserSessions, SESSION_STORE, sessionStoreAtStart } from './browser-sessions.js';
import { FindPageController } from './find-page.controller.js';
import { FlagsPagesController } from './flags-pages.controller.js';
import { InfoPagesController } from './info-pages.controller.js';
import { LandingPagesController } from './landing-pages.controller.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { PageContext } from './page-context.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageReads } from './page-reads.js';
import { PageTurns } from './page-turns.interceptor.js';
import { PageGuard } from './page.guard.js';
import { Pages } from './pages.js';
import { RulesPageController } from './rules-page.controller.js';
import { SignInController } from './sign-in.controller.js';
import { SubjectPagesController } from './subject-pages.controller.js';
import { TrendsPageController } from './trends-page.controller.js';

/**
 * The dashboard in the browser: pages, sign-in and sessions. InfoPagesController stays
 * last: its "page not found" catch-all for /dashboard must be added after every page.
 */
@Module({
  controllers: [LandingPagesController, TrendsPageController, FlagsPagesController, SubjectPagesController, RulesPageController, FindPageController, SignInController, InfoPagesController],
  providers: [
    { provide: SESSION_STORE, inject: [APP_CONFIG, StoreStartup, SchemaMigrator], useFactory: sessionStoreAtStart },
    BrowserSessions,
    OidcSignIn,
    Pages,
    PageContext,
    PageReads,
    PageTurns,
    PageGuard,
    PageErrorFilter,
  ],
})
export class WebModule {}
