import { Controller, Get, Inject, NotFoundException, Req, Res, UseFilters } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/composition';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.guard.js';
import { BrowserSessions } from './browser-sessions.js';
import { PageErrorFilter } from './page-error.filter.js';
import { Pages, type PageRequest } from './pages.js';

/** Where the browser finds the icon: our own, among the pages' assets. */
const FAVICON = '/assets/app/favicon.svg';

/** GOV.UK's words for a page that does not exist (the "page not found" pattern). */
const NOT_FOUND_MESSAGES = ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'];

/**
 * The pages anyone may read without signing in (the footer's accessibility statement
 * and privacy notice: the law wants them reachable by everyone), the icon, and the
 * "page not found" page for any other address under /dashboard. None reads the
 * database except to show who is signed in on the not-found page.
 *
 * Registered after the dashboard's controller (web.module.ts lists it last), because
 * Express tries routes in the order they were added: the catch-all must come after
 * every real page, or it would answer for them.
 */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller()
export class InfoPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly sessions: BrowserSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('accessibility')
  accessibility(@Req() req: PageRequest, @Res() res: Response): void {
    this.pages.render(req, res, 'accessibility.njk', { title: 'Accessibility statement', sessionHours: this.config.web.sessionHours });
  }

  @Get('privacy')
  privacy(@Req() req: PageRequest, @Res() res: Response): void {
    this.pages.render(req, res, 'privacy.njk', { title: 'Privacy notice', sessionHours: this.config.web.sessionHours });
  }

  /** Browsers ask for /favicon.ico whatever the page says (and for the CSV and the API, which say nothing). */
  @Get('favicon.ico')
  favicon(@Res() res: Response): void {
    res.redirect(301, FAVICON);
  }

  /**
   * Any other GET under /dashboard: the "page not found" page rather than the API's
   * JSON (the API's own paths keep it). Not behind the sign-in: that an address does
   * not exist tells nothing about anyone, and signing in first would only lead to the
   * same page. Someone signed in still sees the header they had (and can sign out).
   */
  @Get('dashboard/*path')
  async notFound(@Req() req: PageRequest): Promise<never> {
    const session = await this.sessions.signedIn(req);
    if (session) {
      req.principal = session.principal;
      req.browserSession = session;
    }
    // Rendered by the page filter, as the dashboard's other 404s are; the messages are ours and quote nothing of the address.
    throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: NOT_FOUND_MESSAGES });
  }
}
