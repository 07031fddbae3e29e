import { Body, Controller, Headers, HttpCode, HttpException, HttpStatus, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RecordEventRequest } from '@app/domain';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, RECORDERS } from '../auth/auth.guard.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { correlationIdOf } from '../http/correlation.js';
import { describeIssues } from '../http/issues.js';
import { markUnavailable } from '../http/unavailable.js';
import { RecordEventsCommand, type Actor, type RecordOutcome } from '@app/composition';

export const MAX_BATCH = 1000;

/** Items are validated one by one (each succeeds or fails on its own), so the body only fixes the envelope. */
const BatchRequest = z.strictObject({
  events: z.array(z.unknown()).min(1, 'must hold at least one event').max(MAX_BATCH, `must hold at most ${MAX_BATCH} events`),
});
const BatchRequestDoc = z.toJSONSchema(z.strictObject({ events: z.array(RecordEventRequest).max(MAX_BATCH) }), { target: 'openapi-3.0' });

@ApiTags('events')
@ApiBearerAuth()
@Allow(...RECORDERS)
@Controller('events')
export class EventsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Record one audit event' })
  @ApiResponse({ status: 201, description: 'Stored: { eventId, stream, position }' })
  @ApiResponse({ status: 200, description: 'The same eventId and body were stored before: the original result' })
  @ApiResponse({ status: 400, description: 'Schema errors, each naming its field' })
  @ApiResponse({ status: 409, description: 'Conflicts with what is recorded (or the eventId was used for another event)' })
  @ApiResponse({ status: 422, description: 'A business rule refuses it (DOMAIN.md)' })
  @ApiResponse({ status: 503, description: 'The store could not be reached: send it again with the same eventId' })
  async record(
    @Body({ schema: RecordEventRequest }) request: RecordEventRequest,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const [outcome] = await this.execute([request], actorOf(principal, correlationId));
    if (outcome.status === 503) markUnavailable(res);
    if (!outcome.ok) throw new HttpException({ statusCode: outcome.status, error: reasonOf(outcome.status), message: outcome.errors }, outcome.status);
    res.status(outcome.status);
    return { eventId: outcome.eventId, stream: outcome.stream, position: outcome.position };
  }

  @Post('batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: `Record up to ${MAX_BATCH} events; each succeeds or fails on its own, in order` })
  @ApiBody({ schema: BatchRequestDoc as object })
  async recordBatch(
    @Body({ schema: BatchRequest }) body: z.infer<typeof BatchRequest>,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const parsed = body.events.map((item) => RecordEventRequest.safeParse(item));
    const valid = parsed.flatMap((p) => (p.success ? [p.data] : []));
    const recorded = valid.length > 0 ? await this.execute(valid, actorOf(principal, correlationId)) : [];
    let next = 0;
    const results = parsed.map((p, index) => {
      const outcome: RecordOutcome = p.success ? recorded[next++] : { ok: false, status: 400, errors: describeIssues(p.error.issues) };
      return outcome.ok
        ? { index, status: outcome.status, eventId: outcome.eventId, stream: outcome.stream, position: outcome.position }
        : { index, status: outcome.status, eventId: outcome.eventId, errors: outcome.errors };
    });
    // The batch is answered 200 with each event's own status; those answered 503 are to be sent again after a while.
    if (results.some((r) => r.status === 503)) markUnavailable(res);
    return { results };
  }

  private execute(requests: RecordEventRequest[], actor: Actor): Promise<RecordOutcome[]> {
    return this.commands.execute<RecordEventsCommand, RecordOutcome[]>(new RecordEventsCommand(requests, actor));
  }
}

/** The event's metadata names who recorded it and the request it came in. */
function actorOf(principal: Principal, correlationId: string | undefined): Actor {
  return { id: principal.id, correlationId: correlationIdOf(correlationId), source: 'api' };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 409: 'Conflict', 410: 'Gone', 422: 'Unprocessable Entity', 503: 'Service Unavailable' };
const reasonOf = (status: number) => REASONS[status] ?? 'Error';
