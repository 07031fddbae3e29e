import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { eventLabel, longDate, type ComplianceSummary, type Flag, type IsoDate } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/composition';
import type { Principal } from '../auth/principal.js';
import type { DashboardAnswer } from '../dashboard/get-dashboard.handler.js';
import { GetDashboardQuery } from '../dashboard/get-dashboard.query.js';
import type { TeamAnswer } from '../dashboard/get-team.handler.js';
import { GetTeamQuery } from '../dashboard/get-team.query.js';
import type { FlagsPage } from '../flags/get-flags.handler.js';
import { GetFlagsQuery } from '../flags/get-flags.query.js';
import type { SubjectHistory } from '../subjects/get-subject-history.handler.js';
import { GetSubjectHistoryQuery } from '../subjects/subject-history.query.js';
import type { View } from './page-context.js';

/** The largest page the flags query gives. */
const ALL = 10_000;
/** Evidence events read by id at a time: each store answers this many from its index (KurrentDB scans everything above 1,000). */
const EVIDENCE_SLICE = 500;

type FlagsAsked = Omit<ConstructorParameters<typeof GetFlagsQuery>[0], 'limit' | 'cursor'>;

/** The pages' reads: the API's own queries, so a page and the API cannot disagree. */
@Injectable()
export class PageReads {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  dashboard(view: View, includeSeries: boolean): Promise<DashboardAnswer> {
    return this.queries.execute(new GetDashboardQuery({ asOf: view.asOf, knownAt: view.knownAt, teamId: view.teamId, includeSeries }));
  }

  team(view: View & { teamId: string }): Promise<TeamAnswer> {
    return this.queries.execute(new GetTeamQuery(view));
  }

  flags(query: FlagsAsked & { limit: number; cursor?: string }): Promise<FlagsPage> {
    return this.queries.execute(new GetFlagsQuery(query));
  }

  /** Every flag matching, however many pages the query answers in. */
  async allFlags(query: FlagsAsked): Promise<Flag[]> {
    const flags: Flag[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.flags({ ...query, limit: ALL, cursor });
      flags.push(...page.flags);
      cursor = page.nextCursor;
    } while (cursor);
    return flags;
  }

  /**
   * Each evidence event of `flags` in words ("Visit, 3 March 2026"), by its id. A flag's
   * reason already gives these dates (the last visit, the plan's start), so a team-bound
   * reader learns nothing here that the flag does not say.
   */
  async evidenceWords(flags: Flag[]): Promise<Map<string, string>> {
    const ids = [...new Set(flags.flatMap((f) => f.evidence))];
    const words = new Map<string, string>();
    for (let i = 0; i < ids.length; i += EVIDENCE_SLICE) {
      for (const e of await this.store.findByEventIds(ids.slice(i, i + EVIDENCE_SLICE))) words.set(e.eventId, `${eventLabel(e.type)}, ${longDate(e.occurredAt)}`);
    }
    return words;
  }

  history(type: 'child' | 'worker', id: string, view: View, principal: Principal): Promise<SubjectHistory> {
    return this.queries.execute(new GetSubjectHistoryQuery({ type, id }, { asOf: view.asOf, knownAt: view.knownAt }, principal));
  }
}

/** The children a list of flags shows, for the record of who saw which child. */
export const childrenIn = (flags: Flag[]): string[] => flags.filter((f) => f.subject.type === 'child').map((f) => f.subject.id);

/** The teams with anyone in scope on `asOf` (as the dashboard lists them), in order, with their summaries. */
export function teamsInScope(byTeam: Map<string, Map<IsoDate, ComplianceSummary>>, asOf: IsoDate): [string, Map<IsoDate, ComplianceSummary>][] {
  return [...byTeam].filter(([, summaries]) => summaries.get(asOf)!.overall.inScope > 0);
}
