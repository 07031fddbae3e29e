import { applyDecorators, Controller, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageGuard } from './page.guard.js';
import { PageTurns } from './page-turns.interceptor.js';

/**
 * A controller of signed-in dashboard pages under /dashboard: out of the API's
 * document, past the API's bearer-token guard (Public) and behind the page guard's
 * session instead, its errors rendered as pages, its work taking turns with the other
 * pages'. One definition, so no page can leave one of them out.
 */
export const DashboardPages = (): ClassDecorator =>
  applyDecorators(ApiExcludeController(), Public(), UseGuards(PageGuard), UseFilters(PageErrorFilter), UseInterceptors(PageTurns), Controller('dashboard'));
