import { Body, Controller, ForbiddenException, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/auth.guard.js';
import { Authenticator, Unauthenticated } from '../auth/authenticator.js';
import { BrowserSessions } from './browser-sessions.js';
import { CALLBACK_PATH, OidcSignIn } from './oidc-sign-in.js';
import { PageErrorFilter } from './page-error.filter.js';
import { safeNext, SignInForm } from './page-query.js';
import { Pages, type PageRequest } from './pages.js';

const NextQuery = z.object({ next: z.string().max(2000).optional() });
const SignOutForm = z.object({ csrfToken: z.string().max(200).optional() });

/** Signing people in and out of the dashboard: at the OIDC issuer when configured, or with an API key. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller()
export class SignInController {
  constructor(
    private readonly sessions: BrowserSessions,
    private readonly authenticator: Authenticator,
    private readonly oidc: OidcSignIn,
    private readonly pages: Pages,
  ) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, '/dashboard');
  }

  @Get('sign-in')
  async form(@Query({ schema: NextQuery }) query: z.infer<typeof NextQuery>, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    if (session?.principal) return res.redirect(303, safeNext(query.next));
    await this.renderForm(req, res, safeNext(query.next));
  }

  /** The API-key form. A wrong key, or a form not from this service (CSRF), signs nobody in. */
  @Post('sign-in')
  async signIn(@Body({ schema: SignInForm }) form: z.infer<typeof SignInForm>, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const next = safeNext(form.next);
    if (!this.sessions.csrfMatches(await this.sessions.current(req), form.csrfToken)) {
      return this.renderForm(req, res, next, { notice: 'That sign-in form had expired. Please sign in again.' }, 403);
    }
    const principal = this.authenticator.apiKeyHolder(form.apiKey.trim());
    if (!principal) return this.renderForm(req, res, next, { error: 'Enter a valid API key' }, 401);
    await this.sessions.start(req, res, { principal });
    res.redirect(303, next);
  }

  @Get('sign-in/oidc')
  async beginOidc(@Query({ schema: NextQuery }) query: z.infer<typeof NextQuery>, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: ['sign-in with a council account is not configured here'] });
    const { url, pending } = await this.oidc.begin(safeNext(query.next));
    await this.sessions.start(req, res, { pending });
    res.redirect(303, url);
  }

  @Get(CALLBACK_PATH.slice(1))
  async callback(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const pending = (await this.sessions.current(req))?.pending;
    if (!pending || !this.oidc.enabled) return this.renderForm(req, res, '/dashboard', { notice: 'That sign-in had expired or was not started here. Please sign in again.' }, 400);
    try {
      const query = req.originalUrl.indexOf('?');
      const principal = await this.oidc.complete(query >= 0 ? req.originalUrl.slice(query) : '', pending);
      await this.sessions.start(req, res, { principal });
      res.redirect(303, pending.next);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      await this.renderForm(req, res, pending.next, { oidcError: error.message }, 401);
    }
  }

  /** Ends the session server-side. Only from this service's own form (CSRF token). */
  @Post('sign-out')
  async signOut(@Body({ schema: SignOutForm }) form: z.infer<typeof SignOutForm>, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    if (session && !this.sessions.csrfMatches(session, form.csrfToken)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: ['the sign-out form did not come from this service'] });
    }
    await this.sessions.end(req, res);
    await this.renderForm(req, res, '/dashboard', { notice: 'You have signed out.' });
  }

  /** The sign-in page, with a fresh signed-out session for its CSRF token. */
  private async renderForm(req: PageRequest, res: Response, next: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    const session = await this.sessions.start(req, res, {});
    req.browserSession = session;
    req.principal = undefined;
    this.pages.render(req, res, 'sign-in.njk', { title: 'Sign in', next, oidc: this.oidc.enabled, apiKeys: this.authenticator.acceptsApiKeys, ...extra }, status);
  }
}
