import { Injectable } from '@nestjs/common';
import { longDate, todayInLondon } from '@app/domain';
import { Clock, viewAsked } from '@app/composition';
import type { Principal } from '../auth/principal.js';
import { scopedTeam } from '../auth/team-scope.js';
import { pageLinks } from './page-links.js';
import type { PageQuery } from './page-query.js';

/** The dimensions of a view that every link on a page carries along. */
export type View = Pick<PageQuery, 'knownAt' | 'teamId'> & { asOf: string };

/** What every dashboard page starts from: the view asked for, and what its template needs to show and keep it. */
@Injectable()
export class PageContext {
  constructor(private readonly clock: Clock) {}

  /** The view asked for (by the API's one rule for dates: see viewAsked), held to a team-bound manager's team. */
  viewOf(query: Pick<PageQuery, 'asOf' | 'knownAt' | 'teamId'>, principal: Principal): View {
    return { ...viewAsked(query, this.clock), teamId: scopedTeam(principal, query.teamId) };
  }

  /** What every page's template needs: the view, its sentence, links that keep it, and which filters the reader may use. */
  common(view: View, principal: Principal, section: string): Record<string, unknown> {
    return {
      section,
      view,
      today: todayInLondon(this.clock.now()),
      canUseKnownAt: principal.role !== 'manager',
      teamChoice: !principal.teamId,
      scopeCaption: view.teamId ? `Team ${view.teamId}` : 'All teams',
      viewSentence: `As of ${longDate(view.asOf)}, ${view.knownAt ? `from what was recorded by the end of ${longDate(view.knownAt)}` : 'from everything recorded so far'}${view.teamId ? `, team ${view.teamId}` : ''}.`,
      hrefs: pageLinks(view),
    };
  }
}
