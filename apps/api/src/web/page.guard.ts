import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { READERS } from '../auth/auth.guard.js';
import { BrowserSessions } from './browser-sessions.js';
import type { PageRequest } from './pages.js';

/** No signed-in session: the page filter sends the browser to sign in, and back here afterwards. */
export class SignInRequired extends Error {
  constructor(readonly next: string) {
    super('sign-in required');
  }
}

/** The dashboard pages are for people signed in with a reading role (manager, auditor, admin). */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(private readonly sessions: BrowserSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PageRequest>();
    // Re-checked at every page: a session whose key was revoked or changed since sign-in opens nothing.
    const session = await this.sessions.signedIn(req);
    if (!session) throw new SignInRequired(req.originalUrl);
    req.principal = session.principal;
    req.browserSession = session;
    if (!READERS.includes(session.principal.role)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: [`the ${session.principal.role} role may not see the dashboard`] });
    }
    return true;
  }
}
