import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import { ChildReads } from '../access-log/access-log.module.js';
import { Allow, READERS } from '../auth/auth.guard.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import type { SubjectHistory } from './get-subject-history.handler.js';
import { GetSubjectHistoryQuery, SubjectParams, SubjectQuery } from './subject-history.query.js';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller()
export class SubjectsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly childReads: ChildReads,
  ) {}

  @Get('children/:id/timeline')
  @Allow(...READERS)
  @ApiOperation({ summary: "A child's recorded events (voided ones marked) and current flags; a team-bound manager gets only its time in their team" })
  async childTimeline(
    @Param({ schema: SubjectParams }) params: z.infer<typeof SubjectParams>,
    @Query({ schema: SubjectQuery }) query: SubjectQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<SubjectHistory> {
    const history = await this.queries.execute<GetSubjectHistoryQuery, SubjectHistory>(new GetSubjectHistoryQuery({ type: 'child', id: params.id }, query, principal));
    await this.childReads.record(principal, req, 'GET /children/{childId}/timeline', [params.id]);
    return history;
  }

  @Get('workers/:id')
  @Allow(...READERS)
  @ApiOperation({ summary: "A worker's recorded events (voided ones marked) and current flags; a team-bound manager gets only their time in that team" })
  worker(
    @Param({ schema: SubjectParams }) params: z.infer<typeof SubjectParams>,
    @Query({ schema: SubjectQuery }) query: SubjectQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubjectHistory> {
    return this.queries.execute(new GetSubjectHistoryQuery({ type: 'worker', id: params.id }, query, principal));
  }
}
