import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { GeneratedEvent } from '@app/generator';
import { RecordEventCommand, type Actor, type RecordOutcome } from '../../api/src/events/record-event.command.js';
import type { ManualClock } from '../../api/src/clock.js';

export interface LoadResult {
  stored: number;
  refused: { index: number; type: string; status: number; errors: string[] }[];
}

/**
 * Records a generated history through the same command handler as the API, with
 * the clock set to each event's recording time so `knownAt` questions have answers.
 */
export async function loadHistory(
  app: INestApplicationContext,
  clock: ManualClock,
  events: Iterable<GeneratedEvent>,
  onEvent?: () => void,
): Promise<LoadResult> {
  const bus = app.get(CommandBus);
  const actor: Actor = { id: 'demo-loader', correlationId: `demo-${Date.now()}`, source: 'demo' };
  const result: LoadResult = { stored: 0, refused: [] };
  let index = 0;
  for (const event of events) {
    clock.set(new Date(event.recordedAt));
    const outcome = await bus.execute<RecordEventCommand, RecordOutcome>(new RecordEventCommand(event.request, actor));
    if (outcome.ok) result.stored++;
    else result.refused.push({ index, type: event.request.type, status: outcome.status, errors: outcome.errors });
    index++;
    onEvent?.();
  }
  return result;
}
