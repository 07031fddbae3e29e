import { Get, Inject, Query, Req, Res } from '@nestjs/common';
import { indicatorRows, RULES, seriesDates, type ComplianceSummary, type IndicatorRow, type IsoDate, type RuleId } from '@app/domain';
import { APP_CONFIG, FlagReads, type AppConfig } from '@app/composition';
import type { WorkerFlagCounts } from '@app/projections';
import type { Response } from 'express';
import { ChildReads } from '../access-log/access-log.module.js';
import { DUE_WITHIN_DAYS } from '../dashboard/get-team.handler.js';
import { DashboardPages } from './dashboard-page.decorator.js';
import { PageContext, type View } from './page-context.js';
import { queryString } from './page-links.js';
import { PageQuery } from './page-query.js';
import { childrenIn, PageReads, teamsInScope } from './page-reads.js';
import { Pages, type PageRequest } from './pages.js';

/** Flags listed as needing action on a team's page; the flags page has them all. */
const URGENT_SHOWN = 25;

/**
 * Where each reader starts: a team manager on their team's week, a head of service on
 * the teams side by side, others on the overview of every rule's indicator.
 */
@DashboardPages()
export class LandingPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly context: PageContext,
    private readonly reads: PageReads,
    private readonly childReads: ChildReads,
    private readonly flagReads: FlagReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Where /dashboard lands: a team manager on their team's week, a head of service (a manager of every team) on the teams side by side, others on the overview. */
  @Get('home')
  home(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): void {
    const { role, teamId } = req.principal!;
    const page = role !== 'manager' ? 'overview' : teamId ? 'team' : 'teams';
    res.redirect(303, `/dashboard/${page}${queryString({ asOf: query.asOf, knownAt: query.knownAt, teamId: query.teamId })}`);
  }

  /**
   * Each rule's indicator: the share in scope not flagged, in the words councils report
   * it, its change since the end of last month and where it stands against the target
   * the policy sets; the red and amber flags; each team's figures; a chosen team's workers.
   */
  @Get('overview')
  async overview(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.context.viewOf(query, req.principal!);
    const lastMonth = lastMonthEnd(view.asOf);
    // Both dates in one count (one pass over the periods), as the dashboard API counts its series.
    const counted = await this.flagReads.compliance([lastMonth, view.asOf], view.knownAt, view.teamId);
    const summary = counted.get(view.asOf)!;
    const workers = view.teamId ? byRedThenFlags(await this.flagReads.flagCountsByWorker(view, view.teamId)) : [];
    const indicators = indicatorRows(summary.rules, counted.get(lastMonth)!.rules, this.config.policy);
    this.pages.render(req, res, 'overview.njk', {
      ...this.context.common(view, req.principal!, 'overview'),
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

  /** A team's week: who needs action now (most urgent first, each with its reason and evidence), what falls due next, and each worker's caseload and supervision. */
  @Get('team')
  async team(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.context.viewOf(query, req.principal!);
    if (!view.teamId) return this.chooseTeam(view, req, res);
    const team = await this.reads.team({ ...view, teamId: view.teamId });
    const urgent = team.flags.slice(0, URGENT_SHOWN);
    await this.childReads.record(req.principal!, req, 'GET /dashboard/team', childrenIn([...urgent, ...(team.dueNext?.flags ?? [])]));
    this.pages.render(req, res, 'team.njk', {
      ...this.context.common(view, req.principal!, 'team'),
      title: `Team ${view.teamId}`,
      team,
      urgent,
      children: new Set(childrenIn(team.flags)).size,
      allFlagsUrl: `/dashboard/flags${queryString(view)}`,
      dueWithin: DUE_WITHIN_DAYS,
    });
  }

  /** An admin, auditor or head of service asking for a team's week without naming one: the teams to choose from. */
  private async chooseTeam(view: View, req: PageRequest, res: Response): Promise<void> {
    const { teams } = await this.reads.dashboard(view, false);
    this.pages.render(req, res, 'choose-team.njk', { ...this.context.common(view, req.principal!, 'team'), title: 'Choose a team', teamIds: teams.map((t) => t.teamId) });
  }

  /** Teams side by side: each rule's indicator per team, with the change since the end of last month, every team counted in one read. */
  @Get('teams')
  async teams(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.context.viewOf(query, req.principal!);
    if (req.principal!.teamId) return res.redirect(303, `/dashboard/team${queryString(view)}`);
    const lastMonth = lastMonthEnd(view.asOf);
    const byTeam = teamsInScope(await this.flagReads.complianceByTeam([lastMonth, view.asOf], view.knownAt), view.asOf).map(([teamId, summaries]) => ({
      teamId,
      now: summaries.get(view.asOf)!,
      before: summaries.get(lastMonth)!,
    }));
    this.pages.render(req, res, 'teams.njk', {
      ...this.context.common({ ...view, teamId: undefined }, req.principal!, 'teams'),
      title: 'Teams side by side',
      lastMonth,
      teamIds: byTeam.map((t) => t.teamId),
      rows: sideBySide(byTeam),
      totals: byTeam.map((t) => ({ teamId: t.teamId, now: t.now.overall, before: t.before.overall })),
    });
  }
}

/** The end of the month before `asOf`'s: what "since last month" compares with. */
const lastMonthEnd = (asOf: IsoDate): IsoDate => seriesDates(asOf).at(-2)!;

/** The workers with the most red flags first, then the most flags, then by reference. */
function byRedThenFlags(workers: WorkerFlagCounts[]): WorkerFlagCounts[] {
  return [...workers].sort((a, b) => b.red - a.red || b.own + b.children - (a.own + a.children) || a.workerId.localeCompare(b.workerId));
}

/** Of the indicators with a target and anyone in scope, how many meet it; undefined when the policy sets no target. */
function targetsMet(rows: IndicatorRow[]): { met: number; of: number } | undefined {
  if (!rows.some((r) => r.target)) return undefined;
  const judged = rows.filter((r) => r.target && r.complianceRate !== null);
  return { met: judged.filter((r) => r.status === 'met').length, of: judged.length };
}

/** One rule's rate per team, now and at the end of last month, for the rules any team has in scope. */
function sideBySide(byTeam: { teamId: string; now: ComplianceSummary; before: ComplianceSummary }[]) {
  const ofRule = (s: ComplianceSummary, rule: RuleId) => s.rules.find((x) => x.rule === rule)!;
  return RULES.map((r) => ({
    rule: r.rule,
    cells: byTeam.map((t) => ({ teamId: t.teamId, now: ofRule(t.now, r.rule), before: ofRule(t.before, r.rule) })),
  })).filter((row) => row.cells.some((c) => c.now.inScope > 0));
}
