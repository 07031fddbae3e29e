import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { SubjectHistory } from './get-subject-history.handler.js';
import { GetSubjectHistoryQuery, SubjectParams, SubjectQuery } from './subject-history.query.js';

@ApiTags('subjects')
@Controller()
export class SubjectsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('children/:id/timeline')
  @ApiOperation({ summary: "A child's recorded events (voided ones marked) and current flags" })
  childTimeline(@Param({ schema: SubjectParams }) params: z.infer<typeof SubjectParams>, @Query({ schema: SubjectQuery }) query: SubjectQuery): Promise<SubjectHistory> {
    return this.queries.execute(new GetSubjectHistoryQuery({ type: 'child', id: params.id }, query));
  }

  @Get('workers/:id')
  @ApiOperation({ summary: "A worker's recorded events (voided ones marked) and current flags" })
  worker(@Param({ schema: SubjectParams }) params: z.infer<typeof SubjectParams>, @Query({ schema: SubjectQuery }) query: SubjectQuery): Promise<SubjectHistory> {
    return this.queries.execute(new GetSubjectHistoryQuery({ type: 'worker', id: params.id }, query));
  }
}
