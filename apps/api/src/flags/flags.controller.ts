import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Flag } from '@app/domain';
import { ChildReads } from '../access-log/access-log.module.js';
import { Allow, READERS } from '../auth/auth.guard.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { scopedTeam } from '../auth/team-scope.js';
import { FlagsQuery, GetFlagsQuery } from './get-flags.query.js';
import type { FlagsPage } from './get-flags.handler.js';
import { GetUpcomingFlagsQuery, UpcomingFlagsQuery } from './get-upcoming-flags.query.js';
import type { UpcomingFlagsPage } from './get-upcoming-flags.handler.js';

@ApiTags('flags')
@ApiBearerAuth()
@Controller('flags')
export class FlagsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly childReads: ChildReads,
  ) {}

  @Get()
  @Allow(...READERS)
  @ApiOperation({ summary: 'Open drift flags as of a date (and as known on a date), each with its evidence and the finding it answers' })
  async flags(@Query({ schema: FlagsQuery }) query: FlagsQuery, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<FlagsPage> {
    const teamId = scopedTeam(principal, query.teamId);
    const page = await this.queries.execute<GetFlagsQuery, FlagsPage>(new GetFlagsQuery({ ...query, teamId }));
    return this.logged(page, principal, req, 'GET /flags');
  }

  @Get('upcoming')
  @Allow(...READERS)
  @ApiOperation({ summary: 'What falls due next: duties that become overdue in the next `within` days (default 14) unless something is recorded first, soonest first' })
  async upcoming(@Query({ schema: UpcomingFlagsQuery }) query: UpcomingFlagsQuery, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<UpcomingFlagsPage> {
    const teamId = scopedTeam(principal, query.teamId);
    const page = await this.queries.execute<GetUpcomingFlagsQuery, UpcomingFlagsPage>(new GetUpcomingFlagsQuery({ ...query, teamId }));
    return this.logged(page, principal, req, 'GET /flags/upcoming');
  }

  /** Records who was shown the page's children (the access log) before the page is sent. */
  private async logged<P extends { flags: Flag[] }>(page: P, principal: Principal, req: Request, read: string): Promise<P> {
    const children = page.flags.filter((f) => f.subject.type === 'child').map((f) => f.subject.id);
    await this.childReads.record(principal, req, read, children);
    return page;
  }
}
