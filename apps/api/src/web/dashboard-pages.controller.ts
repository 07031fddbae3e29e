import { setImmediate } from 'node:timers/promises';
import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  childSummary,
  EVENT_KIND_LABELS,
  eventKind,
  eventKindsOf,
  eventLabel,
  indicatorRows,
  londonDate,
  longDate,
  OPEN_CASES_RULE,
  RULES,
  ruleTitle,
  seriesDates,
  timelineOf,
  todayInLondon,
  workerSummary,
  type ChildSummary,
  type Compliance,
  type EventKind,
  type Flag,
  type IndicatorRow,
  type RuleId,
  type SubjectTimeline,
  type WorkerSummary,
} from '@app/domain';
import type { Response } from 'express';
import type { z } from 'zod';
import { ChildReads } from '../access-log/access-log.module.js';
import { Public } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { scopedTeam } from '../auth/team-scope.js';
import { APP_CONFIG, Clock, FlagReads, viewAsked, type AppConfig } from '@app/composition';
import type { DashboardAnswer } from '../dashboard/get-dashboard.handler.js';
import { GetDashboardQuery } from '../dashboard/get-dashboard.query.js';
import { DUE_WITHIN_DAYS, type TeamAnswer } from '../dashboard/get-team.handler.js';
import { GetTeamQuery } from '../dashboard/get-team.query.js';
import type { FlagsPage } from '../flags/get-flags.handler.js';
import { GetFlagsQuery } from '../flags/get-flags.query.js';
import type { SubjectEvent, SubjectHistory } from '../subjects/get-subject-history.handler.js';
import { GetSubjectHistoryQuery } from '../subjects/subject-history.query.js';
import { flagsAsCsv } from './flags-csv.js';
import { pageLinks, queryString } from './page-links.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageGuard } from './page.guard.js';
import { PageQuery, SubjectPageQuery, SubjectParam } from './page-query.js';
import { Pages, type PageRequest } from './pages.js';
import { countsChart, flaggedShareChart, ruleCells, ruleChart, rulesInScope, teamsChart, type RateCell, type TrendPoint } from './trend-charts.js';

/** Flags per page of the flags list; the CSV export has them all. */
const PAGE_SIZE = 100;
/** The largest page the flags query gives. */
const ALL = 10_000;
/** Flags listed as needing action on a team's page; the flags page has them all. */
const URGENT_SHOWN = 25;

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
    private readonly flagReads: FlagReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Each rule's indicator: the share in scope not flagged, in the words councils report
   * it, its change since the end of last month and where it stands against the target
   * the policy sets; the red and amber flags; each team's figures; a chosen team's workers.
   */
  @Get('overview')
  async overview(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const lastMonth = seriesDates(view.asOf).at(-2)!;
    // Both dates in one count (one pass over the periods), as the dashboard API counts its series.
    const counted = await this.flagReads.compliance([lastMonth, view.asOf], view.knownAt, view.teamId);
    const summary = counted.get(view.asOf)!;
    const before = counted.get(lastMonth)!;
    const workers = view.teamId ? workersOf(await this.allFlags(view)) : [];
    const indicators = indicatorRows(summary.rules, before.rules, this.config.policy);
    this.pages.render(req, res, 'overview.njk', {
      ...this.common(view, req.principal!, 'overview'),
      title: 'Practice compliance',
      summary,
      lastMonth,
      indicators,
      targets: targetsMet(indicators),
      flagsOf: (severity: 'red' | 'amber') => `/dashboard/flags${queryString({ ...view, severity })}`,
      workers,
      trendsUrl: `/dashboard/trends${queryString(view)}`,
    });
  }

  /** Where /dashboard lands: a team manager on their team's week, a head of service (a manager of every team) on the teams side by side, others on the overview. */
  @Get('home')
  home(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): void {
    const { role, teamId } = req.principal!;
    const page = role !== 'manager' ? 'overview' : teamId ? 'team' : 'teams';
    res.redirect(303, `/dashboard/${page}${queryString({ asOf: query.asOf, knownAt: query.knownAt, teamId: query.teamId })}`);
  }

  /** A team's week: who needs action now (most urgent first, each with its reason and evidence), what falls due next, and each worker's caseload and supervision. */
  @Get('team')
  async team(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    if (!view.teamId) return this.chooseTeam(view, req, res);
    const team = await this.queries.execute<GetTeamQuery, TeamAnswer>(new GetTeamQuery({ ...view, teamId: view.teamId }));
    await this.childReads.record(req.principal!, req, 'GET /dashboard/team', childrenIn([...team.flags.slice(0, URGENT_SHOWN), ...(team.dueNext?.flags ?? [])]));
    this.pages.render(req, res, 'team.njk', {
      ...this.common(view, req.principal!, 'team'),
      title: `Team ${view.teamId}`,
      team,
      urgent: team.flags.slice(0, URGENT_SHOWN),
      children: new Set(team.flags.filter((f) => f.subject.type === 'child').map((f) => f.subject.id)).size,
      allFlagsUrl: `/dashboard/flags${queryString(view)}`,
      dueWithin: DUE_WITHIN_DAYS,
    });
  }

  /** An admin, auditor or head of service asking for a team's week without naming one: the teams to choose from. */
  private async chooseTeam(view: View, req: PageRequest, res: Response): Promise<void> {
    const { teams } = await this.dashboard(view, false);
    this.pages.render(req, res, 'choose-team.njk', { ...this.common(view, req.principal!, 'team'), title: 'Choose a team', teamIds: teams.map((t) => t.teamId) });
  }

  /** Teams side by side: each rule's indicator per team, with the change since the end of last month. */
  @Get('teams')
  async teams(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    if (req.principal!.teamId) return res.redirect(303, `/dashboard/team${queryString(view)}`);
    const lastMonth = seriesDates(view.asOf).at(-2)!;
    const now = await this.dashboard({ ...view, teamId: undefined }, false);
    const teamIds = now.teams.map((t) => t.teamId);
    const byTeam: { teamId: string; now: DashboardAnswer; before: DashboardAnswer }[] = [];
    // One after another: the embedded store answers one transaction at a time.
    for (const teamId of teamIds) byTeam.push({ teamId, now: await this.dashboard({ ...view, teamId }, false), before: await this.dashboard({ ...view, asOf: lastMonth, teamId }, false) });
    this.pages.render(req, res, 'teams.njk', {
      ...this.common({ ...view, teamId: undefined }, req.principal!, 'teams'),
      title: 'Teams side by side',
      lastMonth,
      teamIds,
      rows: sideBySide(byTeam),
      totals: byTeam.map((t) => ({ teamId: t.teamId, now: t.now.overall, before: t.before.overall })),
    });
  }

  /**
   * Twelve months of compliance: the share flagged beside how many were in scope, and a
   * small chart per rule in scope. With a rule (for a reader of every team): that rule
   * for each team side by side.
   */
  @Get('trends')
  async trends(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const everyTeam = !req.principal!.teamId;
    if (query.rule && everyTeam) {
      const all = { ...view, teamId: undefined };
      const teamIds = (await this.dashboard(all, false)).teams.map((t) => t.teamId);
      const byTeam: { teamId: string; points: TrendPoint[] }[] = [];
      // One after another: the embedded store answers one transaction at a time.
      for (const teamId of teamIds) byTeam.push({ teamId, points: (await this.dashboard({ ...all, teamId }, true)).series ?? [] });
      const rule = query.rule as RuleId;
      this.pages.render(req, res, 'trends.njk', {
        ...this.common(all, req.principal!, 'trends'),
        title: `${ruleTitle(rule)}: teams compared over 12 months`,
        backLink: `/dashboard/overview${queryString(all)}`,
        allRulesUrl: `/dashboard/trends${queryString(all)}#rule-trends`,
        comparison: teamsCompared(byTeam, rule),
      });
      return;
    }
    const series = (await this.dashboard(view, true)).series ?? [];
    const inScope = series.some((p) => p.overall.inScope > 0);
    this.pages.render(req, res, 'trends.njk', {
      ...this.common(view, req.principal!, 'trends'),
      title: 'Compliance over 12 months',
      backLink: `/dashboard/overview${queryString(view)}`,
      series: inScope ? series : [],
      rulesUrl: `/dashboard/trends${queryString(view)}#rule-trends`,
      ...(inScope ? await overallTrend(series, everyTeam ? (rule) => `/dashboard/trends${queryString({ ...view, teamId: undefined, rule })}` : undefined) : {}),
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
      title: query.rule ? `Flags: ${ruleTitle(query.rule as RuleId)}` : 'Flags',
      view: filters,
      ruleChoices: RULES.map((r) => r.rule),
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
      .send(await flagsAsCsv(flags, this.config.policy));
  }

  /** A worker's page: who they are and how they are supervised on the date, their open cases, the flags on them and their children, and their timeline. */
  @Get('workers/:id')
  async worker(
    @Param({ schema: SubjectParam }) params: z.infer<typeof SubjectParam>,
    @Query({ schema: SubjectPageQuery }) query: SubjectPageQuery,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const history = await this.history('worker', params.id, view, req.principal!);
    // A team-bound manager's count and flags are of their team's children only, as the rest of the page.
    const teamId = scopedTeam(req.principal!, undefined);
    const childFlags = (await this.allFlags({ asOf: view.asOf, knownAt: view.knownAt, teamId, workerId: params.id })).filter((f) => f.subject.type === 'child');
    const openCases = (await this.flagReads.inScope(view, { rule: OPEN_CASES_RULE, teamId, workerId: params.id })).length;
    await this.childReads.record(req.principal!, req, 'GET /dashboard/workers/{workerId}', childrenIn(childFlags));
    const summary = { ...workerSummary(subjectTimeline(history), view), openCases };
    this.renderSubject(req, res, view, history, `Worker ${params.id}`, query.kind, { workerSummary: summary, childFlags });
  }

  /** A child's page: where the child stands on the date, their flags with the evidence, and their timeline. */
  @Get('children/:id')
  async child(
    @Param({ schema: SubjectParam }) params: z.infer<typeof SubjectParam>,
    @Query({ schema: SubjectPageQuery }) query: SubjectPageQuery,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const view = this.viewOf(query, req.principal!);
    const history = await this.history('child', params.id, view, req.principal!);
    await this.childReads.record(req.principal!, req, 'GET /dashboard/children/{childId}', [params.id]);
    // From the events the page shows (a team-bound manager's: their team's time), so the summary tells no more than the timeline.
    this.renderSubject(req, res, view, history, `Child ${params.id}`, query.kind, { childSummary: childSummary(subjectTimeline(history), view) });
  }

  private renderSubject(req: PageRequest, res: Response, view: View, history: SubjectHistory, heading: string, kind: EventKind | undefined, extra: SubjectExtras): void {
    const eventsHere = Object.fromEntries(history.events.map((e) => [e.eventId, `${eventLabel(e.type)}, ${longDate(e.occurredAt)}`]));
    const evidenceFor: Record<string, string[]> = {};
    // Lists link to a flag's nth piece of evidence by the flag, not the event's id, which a team-bound manager may not see.
    const evidenceAnchors: Record<string, string[]> = {};
    for (const f of history.flags) {
      f.evidence.forEach((id, n) => {
        (evidenceFor[id] ??= []).push(f.rule);
        (evidenceAnchors[id] ??= []).push(evidenceAnchor(f.rule, n));
      });
    }
    const selfPath = `/dashboard/${history.subject.type === 'child' ? 'children' : 'workers'}/${encodeURIComponent(history.subject.id)}`;
    this.pages.render(req, res, 'subject.njk', {
      ...this.common(view, req.principal!, 'overview'),
      title: heading,
      heading,
      backLink: `/dashboard/overview${queryString(view)}`,
      selfPath,
      teamChoice: false,
      // The view's form keeps the timeline's kind; the kind's form keeps the view.
      hidden: { kind },
      viewFields: { asOf: view.asOf, knownAt: view.knownAt, teamId: view.teamId },
      // A team-bound manager's summary and timeline hold only the subject's time in their team: the captions say so.
      timelineTeam: req.principal!.teamId,
      history,
      ...extra,
      eventsHere,
      evidenceFor,
      evidenceAnchors,
      kind,
      kinds: eventKindsOf(history.subject.type).map((k) => ({ value: k, text: EVENT_KIND_LABELS[k] })),
      kindLabel: kind && EVENT_KIND_LABELS[kind],
      everythingUrl: `${selfPath}${queryString(view)}#timeline`,
      years: timelineByYear(history.events, kind, evidenceFor),
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
      hrefs: pageLinks(view),
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

/** Of the indicators with a target and anyone in scope, how many meet it; undefined when the policy sets no target. */
function targetsMet(rows: IndicatorRow[]): { met: number; of: number } | undefined {
  if (!rows.some((r) => r.target)) return undefined;
  const judged = rows.filter((r) => r.target && r.complianceRate !== null);
  return { met: judged.filter((r) => r.status === 'met').length, of: judged.length };
}

/** One rule's rate per team, now and at the end of last month, for the rules any team has in scope. */
function sideBySide(byTeam: { teamId: string; now: DashboardAnswer; before: DashboardAnswer }[]): { rule: RuleId; cells: { teamId: string; now: Compliance; before: Compliance }[] }[] {
  return RULES.map((r) => ({
    rule: r.rule,
    cells: byTeam.map((t) => ({ teamId: t.teamId, now: t.now.rules.find((x) => x.rule === r.rule)!, before: t.before.rules.find((x) => x.rule === r.rule)! })),
  })).filter((row) => row.cells.some((c) => c.now.inScope > 0));
}

/**
 * The overall charts, and a small chart per rule in scope (its title linking to the teams
 * compared, for a reader of every team). Each chart takes tens of milliseconds to draw:
 * the event loop gets a turn between them, so other requests are not held for all two dozen.
 */
async function overallTrend(series: TrendPoint[], compareTeams?: (rule: RuleId) => string) {
  const ruleTrends = [];
  for (const rule of rulesInScope(series)) {
    await setImmediate();
    const cells = ruleCells(series, rule);
    ruleTrends.push({ rule, title: ruleTitle(rule), href: compareTeams?.(rule), latest: lastKnown(cells), chart: ruleChart(series, rule), cells });
  }
  return { shareChart: flaggedShareChart(series), countsChart: countsChart(series), months: series.map((p) => ({ month: p.month, asOf: p.asOf })), ruleTrends };
}

/** One rule's 12 months for each team with it in scope in any of them: one chart, a line per team, and the figures. */
function teamsCompared(byTeam: { teamId: string; points: TrendPoint[] }[], rule: RuleId) {
  const teams = byTeam.map((t) => ({ teamId: t.teamId, cells: ruleCells(t.points, rule) }));
  const shown = teams.filter((t) => t.cells.some((c) => c.rate !== null));
  const points = byTeam[0]?.points ?? [];
  return {
    rule,
    ruleTitle: ruleTitle(rule),
    months: points.map((p) => ({ month: p.month, asOf: p.asOf })),
    teams: shown,
    notInScope: teams.filter((t) => !shown.includes(t)).map((t) => t.teamId),
    chart: shown.length > 0 ? teamsChart(shown, points, rule) : undefined,
  };
}

/** The latest month with anything in scope, for a small chart's heading. */
const lastKnown = (cells: RateCell[]) => cells.filter((c) => c.rate !== null).at(-1);

/** What a child's or a worker's page shows above its flags: the child's summary, or the worker's with their open cases and their children's flags. */
type SubjectExtras = { childSummary: ChildSummary } | { workerSummary: WorkerSummary & { openCases: number }; childFlags: Flag[] };

/** The page's events as the domain's timeline (in the order recorded, voids marking their targets): the summary is folded from what the page shows. */
function subjectTimeline(history: SubjectHistory): SubjectTimeline {
  return timelineOf(
    history.subject.type,
    history.subject.id,
    history.events.map((e, i) => ({ ...e, streamVersion: i })),
  );
}

/**
 * The timeline by the year each event occurred, the latest year and event first (a
 * manager reads a case from where it stands now; the summary above says where that
 * is), same-day events latest recorded first. Narrowed to one kind, the events behind
 * the flags stay, so every evidence link lands on its row.
 */
function timelineByYear(events: SubjectEvent[], kind: EventKind | undefined, evidenceFor: Record<string, string[]>): { year: string; events: SubjectEvent[] }[] {
  // A date-time counts on its London date, as everywhere else.
  const shown = events.map((e, i) => ({ e, i, on: londonDate(e.occurredAt) })).filter(({ e }) => !kind || eventKind(e.type) === kind || evidenceFor[e.eventId]);
  shown.sort((a, b) => b.on.localeCompare(a.on) || b.i - a.i);
  const years = new Map<string, SubjectEvent[]>();
  for (const { e, on } of shown) {
    const year = on.slice(0, 4);
    if (years.has(year)) years.get(year)!.push(e);
    else years.set(year, [e]);
  }
  return [...years].map(([year, inYear]) => ({ year, events: inYear }));
}

/** Where a list's link to a flag's nth piece of evidence lands on the child's or worker's page (`evidenceLinks` in _macros.njk). */
const evidenceAnchor = (rule: string, n: number): string => `evidence-${rule}-${n + 1}`;
