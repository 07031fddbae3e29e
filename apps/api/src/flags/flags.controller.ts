import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FlagsQuery, GetFlagsQuery } from './get-flags.query.js';
import type { FlagsPage } from './get-flags.handler.js';

@ApiTags('flags')
@Controller('flags')
export class FlagsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Open drift flags as of a date (and as known on a date), each with its evidence and the finding it answers' })
  flags(@Query({ schema: FlagsQuery }) query: FlagsQuery): Promise<FlagsPage> {
    return this.queries.execute<GetFlagsQuery, FlagsPage>(new GetFlagsQuery(query));
  }
}
