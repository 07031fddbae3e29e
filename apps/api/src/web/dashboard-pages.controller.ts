import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { longDate, RULES, ruleTitle, todayInLondon, type Flag, type RuleId } from '@app/domain';
import type { Response } from 'express';
import type { z } from 'zod';
import { ChildReads } from '../access-log/access-log.module.js';
import { Public } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { scopedTeam } from '../auth/team-scope.js';
import { Clock, viewAsked } from '@app/composition';
import type { DashboardAnswer } from '../dashboard/get-dashboard.handler.js';
import { GetDashboardQuery } from '../dashboard/get-dashboard.query.js';
import type { FlagsPage } from '../flags/get-flags.handler.js';
import { GetFlagsQuery } from '../flags/get-flags.query.js';
import type { SubjectEvent, SubjectHistory } from '../subjects/get-subject-history.handler.js';
import { GetSubjectHistoryQuery } from '../subjects/subject-history.query.js';
import { flagsAsCsv } from './flags-csv.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageGuard } from './page.guard.js';
import { PageQuery, SubjectParam } from './page-query.js';
import { Pages, type PageRequest } from './pages.js';
import { complianceChart, flagsChart } from './trend-charts.js';

/** Flags per page of the flags list; the CSV export has them all. */
const PAGE_SIZE = 100;
/** The largest page the flags query gives. */
const ALL = 10_000;
const RULE_DESCRIPTIONS = new Map(RULES.map((r) => [r.rule, r.description]));

/** The dimensions of a view that every link on a page carries along. */
type View = Pick<PageQuery, 'knownAt' | 'teamId'> & { asOf: string };

/**
 * The managers' dashboard: compliance per rule and team, the flags behind it, and each
 * worker's and child's flags with their evidence and timeline. Every number comes from
 * the same queries as the API, so the page and the API cannot disagree.
 */
@ApiExcludeController()
@Public()
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@Controller('dashboard')
export class DashboardPagesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly pages: Pages,
    private readonly childReads: ChildReads,
    private readonly clock: Clock,
  ) {}

  @Get('overview')
  async overview(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const summary = await this.dashboard(view, false);
    const teams = view.teamId && !req.principal!.teamId ? (await this.dashboard({ ...view, teamId: undefined }, false)).teams : summary.teams;
    const workers = view.teamId ? workersOf(await this.allFlags(view)) : [];
    this.pages.render(req, res, 'overview.njk', {
      ...this.common(view, req.principal!, 'overview'),
      title: 'Practice compliance',
      summary,
      teams: teams.map((t) => t.teamId),
      workers,
      ruleLabel: (r: { rule: string }) => RULE_DESCRIPTIONS.get(r.rule as never),
      ruleName: (r: { rule: RuleId }) => ruleTitle(r.rule),
      trendsUrl: `/dashboard/trends${queryString(view)}`,
    });
  }

  @Get('trends')
  async trends(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const series = (await this.dashboard(view, true)).series ?? [];
    const inScope = series.filter((p) => p.overall.inScope > 0);
    this.pages.render(req, res, 'trends.njk', {
      ...this.common(view, req.principal!, 'overview'),
      title: 'Compliance over 12 months',
      backLink: `/dashboard/overview${queryString(view)}`,
      series: inScope.length > 0 ? series : [],
      rateChart: complianceChart(series, 'Line chart of overall compliance at each month end; the table below gives each value'),
      flagsChart: flagsChart(series, 'Bar chart of red and amber flags at each month end; the table below gives each count'),
    });
  }

  @Get('flags')
  async flagList(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const filters = { ...view, rule: query.rule, severity: query.severity };
    const page = await this.flags({ ...filters, limit: PAGE_SIZE, cursor: query.cursor });
    await this.childReads.record(req.principal!, req, 'GET /dashboard/flags', childrenIn(page.flags));
    this.pages.render(req, res, 'flags.njk', {
      ...this.common(view, req.principal!, 'flags'),
      title: query.rule ? `Flags: ${query.rule}` : 'Flags',
      view: filters,
      hidden: { rule: query.rule, severity: query.severity },
      sharedFields: view,
      rules: RULES.map((r) => r.rule),
      page,
      csvUrl: `/dashboard/flags.csv${queryString(filters)}`,
      prevUrl: query.cursor ? `/dashboard/flags${queryString(filters)}` : undefined,
      nextUrl: page.nextCursor ? `/dashboard/flags${queryString({ ...filters, cursor: page.nextCursor })}` : undefined,
    });
  }

  /** Every flag matching the filters (not only the page shown), one row each. */
  @Get('flags.csv')
  async flagsCsv(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const flags = await this.allFlags({ ...view, rule: query.rule, severity: query.severity });
    await this.childReads.record(req.principal!, req, 'GET /dashboard/flags.csv', childrenIn(flags));
    const { asOf } = view;
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Disposition', `attachment; filename="flags-${asOf}${view.knownAt ? `-known-${view.knownAt}` : ''}${view.teamId ? `-${view.teamId}` : ''}.csv"`)
      .send(flagsAsCsv(flags));
  }

  @Get('workers/:id')
  async worker(@Param({ schema: SubjectParam }) params: z.infer<typeof SubjectParam>, @Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const history = await this.history('worker', params.id, view, req.principal!);
    const childFlags = (await this.allFlags({ asOf: view.asOf, knownAt: view.knownAt, teamId: scopedTeam(req.principal!, undefined), workerId: params.id })).filter((f) => f.subject.type === 'child');
    await this.childReads.record(req.principal!, req, 'GET /dashboard/workers/{workerId}', childrenIn(childFlags));
    this.renderSubject(req, res, view, history, `Worker ${params.id}`, childFlags);
  }

  @Get('children/:id')
  async child(@Param({ schema: SubjectParam }) params: z.infer<typeof SubjectParam>, @Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const history = await this.history('child', params.id, view, req.principal!);
    await this.childReads.record(req.principal!, req, 'GET /dashboard/children/{childId}', [params.id]);
    this.renderSubject(req, res, view, history, `Child ${params.id}`);
  }

  private renderSubject(req: PageRequest, res: Response, view: View, history: SubjectHistory, heading: string, childFlags?: Flag[]): void {
    const eventsHere = Object.fromEntries(history.events.map((e) => [e.eventId, `${e.type}, ${e.occurredAt}`]));
    const evidenceFor: Record<string, string[]> = {};
    for (const f of history.flags) for (const id of f.evidence) (evidenceFor[id] ??= []).push(f.rule);
    this.pages.render(req, res, 'subject.njk', {
      ...this.common(view, req.principal!, 'overview'),
      title: heading,
      heading,
      backLink: `/dashboard/overview${queryString(view)}`,
      selfPath: `/dashboard/${history.subject.type === 'child' ? 'children' : 'workers'}/${encodeURIComponent(history.subject.id)}`,
      teamChoice: false,
      // A team-bound manager's timeline holds only the subject's time in their team: the caption says so.
      timelineTeam: req.principal!.teamId,
      history: { ...history, events: history.events.map(withDetails) },
      childFlags,
      eventsHere,
      evidenceFor,
    });
  }

  /** The view asked for (by the API's one rule for dates: see viewAsked), held to a team-bound manager's team. */
  private viewOf(query: PageQuery, principal: Principal): View {
    return { ...viewAsked(query, this.clock), teamId: scopedTeam(principal, query.teamId) };
  }

  private today(): string {
    return todayInLondon(this.clock.now());
  }

  /** What every page's template needs: the view, its sentence, links that keep it, and the filter choices. */
  private common(view: View, principal: Principal, section: string): Record<string, unknown> {
    const keep = (extra: Record<string, string | undefined> = {}) => queryString({ ...view, ...extra });
    return {
      section,
      view,
      today: this.today(),
      canUseKnownAt: principal.role !== 'manager',
      teamChoice: !principal.teamId,
      teams: view.teamId ? [view.teamId] : [],
      hidden: {},
      scopeCaption: view.teamId ? `Team ${view.teamId}` : 'All teams',
      viewSentence: `As of ${longDate(view.asOf)}, ${view.knownAt ? `from what was recorded by the end of ${longDate(view.knownAt)}` : 'from everything recorded so far'}${view.teamId ? `, team ${view.teamId}` : ''}.`,
      hrefs: {
        overview: () => `/dashboard/overview${keep()}`,
        flags: () => `/dashboard/flags${keep()}`,
        team: (teamId: string) => `/dashboard/overview${keep({ teamId })}`,
        teamRow: (r: { teamId: string }) => `/dashboard/overview${keep({ teamId: r.teamId })}`,
        ruleRow: (r: { rule: string }) => `/dashboard/flags${keep({ rule: r.rule })}`,
        worker: (id: string) => `/dashboard/workers/${encodeURIComponent(id)}${keep()}`,
        child: (id: string) => `/dashboard/children/${encodeURIComponent(id)}${keep()}`,
      },
    };
  }

  private dashboard(view: View, includeSeries: boolean): Promise<DashboardAnswer> {
    return this.queries.execute(new GetDashboardQuery({ asOf: view.asOf, knownAt: view.knownAt, teamId: view.teamId, includeSeries }));
  }

  private flags(query: Omit<ConstructorParameters<typeof GetFlagsQuery>[0], 'limit'> & { limit: number }): Promise<FlagsPage> {
    return this.queries.execute(new GetFlagsQuery(query));
  }

  /** Every flag matching, however many pages the query answers in. */
  private async allFlags(query: Omit<ConstructorParameters<typeof GetFlagsQuery>[0], 'limit' | 'cursor'>): Promise<Flag[]> {
    const flags: Flag[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.flags({ ...query, limit: ALL, cursor });
      flags.push(...page.flags);
      cursor = page.nextCursor;
    } while (cursor);
    return flags;
  }

  private history(type: 'child' | 'worker', id: string, view: View, principal: Principal): Promise<SubjectHistory> {
    return this.queries.execute(new GetSubjectHistoryQuery({ type, id }, { asOf: view.asOf, knownAt: view.knownAt }, principal));
  }
}

/** `?a=1&b=2` from the set values, in a fixed order; empty when none is set. */
export function queryString(params: Record<string, string | undefined>): string {
  const set = Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return set.length ? `?${new URLSearchParams(set).toString()}` : '';
}

const childrenIn = (flags: Flag[]) => flags.filter((f) => f.subject.type === 'child').map((f) => f.subject.id);

/** Per worker in a team's flags: flags on the worker, flags on children allocated to them, and how many are red. */
function workersOf(flags: Flag[]): { workerId: string; own: number; children: number; red: number }[] {
  const byWorker = new Map<string, { workerId: string; own: number; children: number; red: number }>();
  for (const f of flags) {
    const workerId = f.subject.type === 'worker' ? f.subject.id : f.workerId;
    if (!workerId) continue;
    const row = byWorker.get(workerId) ?? { workerId, own: 0, children: 0, red: 0 };
    if (f.subject.type === 'worker') row.own++;
    else row.children++;
    if (f.severity === 'red') row.red++;
    byWorker.set(workerId, row);
  }
  return [...byWorker.values()].sort((a, b) => b.red - a.red || b.own + b.children - (a.own + a.children) || a.workerId.localeCompare(b.workerId));
}

/** An event's fields for people: references and dates as they are, lists joined, nested values as JSON. */
function withDetails(e: SubjectEvent): SubjectEvent & { details: { key: string; value: string }[] } {
  const details = Object.entries(e.data)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([key, v]) => ({ key, value: Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v) }));
  return { ...e, details };
}
