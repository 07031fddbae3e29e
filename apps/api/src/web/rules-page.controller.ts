import { Get, Inject, Query, Req, Res } from '@nestjs/common';
import { rulePages } from '@app/domain';
import { APP_CONFIG, type AppConfig } from '@app/composition';
import type { Response } from 'express';
import type { z } from 'zod';
import { DashboardPages } from './dashboard-page.decorator.js';
import { PageContext } from './page-context.js';
import { pageLinks } from './page-links.js';
import { ViewQuery } from './page-query.js';
import { Pages, type PageRequest } from './pages.js';

/** The view a visitor came with (dates, team), carried on to the flags and the other pages; unknown parameters are refused. */
const RulesPageQuery = ViewQuery;
type RulesPageQuery = z.infer<typeof RulesPageQuery>;

/**
 * What each rule checks, the thresholds the running policy gives it, and the
 * inspection finding it answers in the inspectors' words: so a manager can see why a
 * flag stands and where its limit comes from.
 */
@DashboardPages()
export class RulesPageController {
  constructor(
    private readonly pages: Pages,
    private readonly context: PageContext,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('rules')
  rules(@Query({ schema: RulesPageQuery }) query: RulesPageQuery, @Req() req: PageRequest, @Res() res: Response): void {
    const view = this.context.viewOf(query, req.principal!);
    this.pages.render(req, res, 'rules.njk', {
      section: 'rules',
      title: 'Rules',
      groups: rulePages(this.config.policy),
      hrefs: pageLinks(view),
    });
  }
}
