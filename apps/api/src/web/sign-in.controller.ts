import { createHash, timingSafeEqual } from 'node:crypto';
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

/** Compares the callback's state with the pending sign-in's, in constant time. */
function sameState(sent: string | null, expected: string): boolean {
  if (sent === null) return false;
  const digestOf = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  return timingSafeEqual(digestOf(sent), digestOf(expected));
}

/** `signedOut=1`: the page after signing out, which says so (any other value is ignored: nothing sent is shown). */
const NextQuery = z.object({ next: z.string().max(2000).optional(), signedOut: z.literal('1').optional().catch(undefined) });
/** Where signing out lands: the sign-in page, saying so (a GET, so a refresh does not post the form again). */
const SIGNED_OUT = '/sign-in?signedOut=1';
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
    if (await this.sessions.signedIn(req)) return res.redirect(303, safeNext(query.next));
    await this.renderForm(req, res, safeNext(query.next), { signedOut: query.signedOut === '1' });
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
    // A link must not sign anyone out: someone signed in stays so (to change account, sign out first).
    if (await this.sessions.signedIn(req)) return res.redirect(303, safeNext(query.next));
    const { url, pending } = await this.oidc.begin(safeNext(query.next));
    await this.sessions.start(req, res, { pending });
    res.redirect(303, url);
  }

  /**
   * The issuer sends the browser back here. Only the sign-in this browser's session
   * started (its state) may change the session: a callback with no sign-in pending, or
   * with another state (a link, a replay, a forged redirect), changes nothing, so it can
   * neither sign anyone out nor spoil a sign-in in progress. Once the state matches,
   * the pending sign-in is used up, whatever the outcome.
   */
  @Get(CALLBACK_PATH.slice(1))
  async callback(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    const pending = session?.pending;
    if (!pending || !this.oidc.enabled) return this.notThisSignIn(req, res, 'That sign-in had expired or was not started here. Please sign in again.', 400);
    const query = req.originalUrl.indexOf('?');
    const callbackQuery = query >= 0 ? req.originalUrl.slice(query) : '';
    if (!sameState(new URLSearchParams(callbackQuery).get('state'), pending.state)) {
      return this.notThisSignIn(req, res, 'the sign-in at your council account did not complete; try again', 401);
    }
    try {
      const { principal, idTokenExpires } = await this.oidc.complete(callbackQuery, pending);
      await this.sessions.start(req, res, { principal }, idTokenExpires);
      res.redirect(303, pending.next);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      await this.renderForm(req, res, pending.next, { oidcError: error.message }, 401);
    }
  }

  /**
   * A callback that is not this browser's sign-in, answered without touching its
   * session: someone signed in (and still allowed) gets an error page and stays signed
   * in; anyone else gets the sign-in page, with the session they had (a sign-in they
   * started stays pending) or, with none, a fresh signed-out one for the form.
   */
  private async notThisSignIn(req: PageRequest, res: Response, message: string, status: number): Promise<void> {
    const signedIn = await this.sessions.signedIn(req);
    if (signedIn) {
      req.principal = signedIn.principal;
      req.browserSession = signedIn;
      return this.pages.render(
        req,
        res,
        'error.njk',
        { title: 'That sign-in was not started here', heading: 'That sign-in was not started here', messages: ['You are still signed in; nothing has changed.'] },
        400,
      );
    }
    const session = await this.sessions.current(req);
    const extra = status === 401 ? { oidcError: message } : { notice: message };
    if (!session || session.principal) return this.renderForm(req, res, '/dashboard', extra, status);
    req.browserSession = session;
    req.principal = undefined;
    this.renderSignIn(req, res, session.pending?.next ?? '/dashboard', extra, status);
  }

  /** Ends the session server-side, then shows the sign-in page saying so. Only from this service's own form (CSRF token). */
  @Post('sign-out')
  async signOut(@Body({ schema: SignOutForm }) form: z.infer<typeof SignOutForm>, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    if (session && !this.sessions.csrfMatches(session, form.csrfToken)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: ['the sign-out form did not come from this service'] });
    }
    await this.sessions.end(req, res);
    res.redirect(303, SIGNED_OUT);
  }

  /** The sign-in page, with a fresh signed-out session for its CSRF token. */
  private async renderForm(req: PageRequest, res: Response, next: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    const session = await this.sessions.start(req, res, {});
    req.browserSession = session;
    req.principal = undefined;
    this.renderSignIn(req, res, next, extra, status);
  }

  private renderSignIn(req: PageRequest, res: Response, next: string, extra: Record<string, unknown>, status: number): void {
    this.pages.render(req, res, 'sign-in.njk', { title: 'Sign in', next, oidc: this.oidc.enabled, apiKeys: this.authenticator.acceptsApiKeys, ...extra }, status);
  }
}
