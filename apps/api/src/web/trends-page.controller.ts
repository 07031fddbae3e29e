import { setImmediate } from 'node:timers/promises';
import { Get, Query, Req, Res } from '@nestjs/common';
import { ruleTitle, seriesDates, type RuleId } from '@app/domain';
import { FlagReads } from '@app/composition';
import type { Response } from 'express';
import { seriesOf } from '../dashboard/get-dashboard.handler.js';
import { DashboardPages } from './dashboard-page.decorator.js';
import { PageContext, type View } from './page-context.js';
import { queryString } from './page-links.js';
import { PageQuery } from './page-query.js';
import { PageReads, teamsInScope } from './page-reads.js';
import { Pages, type PageRequest } from './pages.js';
import { countsChart, flaggedShareChart, ruleCells, ruleChart, rulesInScope, teamsChart, type RateCell, type TrendPoint } from './trend-charts.js';

/**
 * Twelve months of compliance: the share flagged beside how many were in scope, and a
 * small chart per rule in scope. With a rule (for a reader of every team): that rule
 * for each team side by side.
 */
@DashboardPages()
export class TrendsPageController {
  constructor(
    private readonly pages: Pages,
    private readonly context: PageContext,
    private readonly reads: PageReads,
    private readonly flagReads: FlagReads,
  ) {}

  @Get('trends')
  async trends(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.context.viewOf(query, req.principal!);
    const everyTeam = !req.principal!.teamId;
    if (query.rule && everyTeam) return this.teamsCompared({ ...view, teamId: undefined }, query.rule as RuleId, req, res);
    const series = (await this.reads.dashboard(view, true)).series ?? [];
    const inScope = series.some((p) => p.overall.inScope > 0);
    this.pages.render(req, res, 'trends.njk', {
      ...this.context.common(view, req.principal!, 'trends'),
      title: 'Compliance over 12 months',
      backLink: `/dashboard/overview${queryString(view)}`,
      series: inScope ? series : [],
      rulesUrl: `/dashboard/trends${queryString(view)}#rule-trends`,
      ...(inScope ? await overallTrend(series, everyTeam ? (rule) => `/dashboard/trends${queryString({ ...view, teamId: undefined, rule })}` : undefined) : {}),
    });
  }

  /** One rule's 12 months for each team, every team's series counted in one read. */
  private async teamsCompared(view: View, rule: RuleId, req: PageRequest, res: Response): Promise<void> {
    const byTeam = teamsInScope(await this.flagReads.complianceByTeam(seriesDates(view.asOf), view.knownAt), view.asOf).map(([teamId, summaries]) => ({ teamId, points: seriesOf(summaries) }));
    this.pages.render(req, res, 'trends.njk', {
      ...this.context.common(view, req.principal!, 'trends'),
      title: `${ruleTitle(rule)}: teams compared over 12 months`,
      backLink: `/dashboard/overview${queryString(view)}`,
      allRulesUrl: `/dashboard/trends${queryString(view)}#rule-trends`,
      comparison: teamsCompared(byTeam, rule),
    });
  }
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
