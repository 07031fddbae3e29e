import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, READERS } from '../auth/auth.guard.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { scopedTeam } from '../auth/team-scope.js';
import type { DashboardAnswer } from './get-dashboard.handler.js';
import { DashboardQuery, GetDashboardQuery } from './get-dashboard.query.js';

/**
 * Counts only, no child named: nothing here goes to the access log. A team-bound
 * manager sees their own team's figures, and is refused another team's.
 */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Allow(...READERS)
  @ApiOperation({
    summary: 'Compliance as of a date (and as known on a date): per rule and per team, subjects in scope, flagged (red, amber) and the compliance rate, with a 12-month series',
  })
  dashboard(@Query({ schema: DashboardQuery }) query: DashboardQuery, @CurrentPrincipal() principal: Principal): Promise<DashboardAnswer> {
    const teamId = scopedTeam(principal, query.teamId);
    return this.queries.execute<GetDashboardQuery, DashboardAnswer>(new GetDashboardQuery({ ...query, teamId, includeSeries: true }));
  }
}
