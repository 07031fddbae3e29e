import { Get, Inject, Query, Req, Res } from '@nestjs/common';
import { RULES, ruleTitle, type RuleId } from '@app/domain';
import { APP_CONFIG, type AppConfig } from '@app/composition';
import type { Response } from 'express';
import { ChildReads } from '../access-log/access-log.module.js';
import { DashboardPages } from './dashboard-page.decorator.js';
import { flagsAsCsv } from './flags-csv.js';
import { PageContext } from './page-context.js';
import { queryString } from './page-links.js';
import { PageQuery } from './page-query.js';
import { childrenIn, PageReads } from './page-reads.js';
import { Pages, type PageRequest } from './pages.js';

/** Flags per page of the flags list; the CSV export has them all. */
const PAGE_SIZE = 100;

/** The flags of a view, most urgent first, a page at a time, and all of them as a CSV file. */
@DashboardPages()
export class FlagsPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly context: PageContext,
    private readonly reads: PageReads,
    private readonly childReads: ChildReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('flags')
  async flagList(@Query({ schema: PageQuery }) query: PageQuery, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const view = this.context.viewOf(query, req.principal!);
    const filters = { ...view, rule: query.rule, severity: query.severity };
    const page = await this.reads.flags({ ...filters, limit: PAGE_SIZE, cursor: query.cursor });
    await this.childReads.record(req.principal!, req, 'GET /dashboard/flags', childrenIn(page.flags));
    this.pages.render(req, res, 'flags.njk', {
      ...this.context.common(view, req.principal!, 'flags'),
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
    const view = this.context.viewOf(query, req.principal!);
    const flags = await this.reads.allFlags({ ...view, rule: query.rule, severity: query.severity });
    await this.childReads.record(req.principal!, req, 'GET /dashboard/flags.csv', childrenIn(flags));
    const name = `flags-${view.asOf}${view.knownAt ? `-known-${view.knownAt}` : ''}${view.teamId ? `-${view.teamId}` : ''}.csv`;
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Disposition', `attachment; filename="${name}"`)
      .send(await flagsAsCsv(flags, this.config.policy, await this.reads.evidenceWords(flags)));
  }
}
