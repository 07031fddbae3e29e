import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { todayInLondon } from '@app/domain';
import { Clock, FlagReads } from '@app/composition';
import { READERS } from '../auth/auth.guard.js';
import { BrowserSessions } from './browser-sessions.js';
import type { PageRequest } from './pages.js';

/** No signed-in session: the page filter sends the browser to sign in, and back here afterwards. */
export class SignInRequired extends Error {
  constructor(readonly next: string) {
    super('sign-in required');
  }
}

/** How long a page filter's list of teams is kept. */
const TEAM_LIST_MS = 60_000;

/** The dashboard pages are for people signed in with a reading role (manager, auditor, admin); it finds the teams their filters offer. */
@Injectable()
export class PageGuard implements CanActivate {
  private allTeams?: { countedAt: number; teams: Promise<string[]> };

  constructor(
    private readonly sessions: BrowserSessions,
    private readonly reads: FlagReads,
    private readonly clock: Clock,
  ) {}

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
    req.teamChoices = await this.teamChoices(session.principal.teamId);
    return true;
  }

  /**
   * The teams a reader may choose between in a page's filter: their own, or every team
   * with anyone in scope today. Counted once a minute at most and shared by the pages
   * asking meanwhile (a burst of page views would otherwise each count today's flags).
   */
  private teamChoices(teamId: string | undefined): Promise<string[]> {
    if (teamId) return Promise.resolve([teamId]);
    const now = this.clock.now().getTime();
    if (!this.allTeams || now - this.allTeams.countedAt > TEAM_LIST_MS) {
      const today = todayInLondon(this.clock.now());
      const teams = this.reads.compliance([today], undefined, undefined).then((s) => s.get(today)!.teams.map((t) => t.teamId));
      this.allTeams = { countedAt: now, teams };
      teams.catch(() => (this.allTeams = undefined));
    }
    return this.allTeams.teams;
  }
}
