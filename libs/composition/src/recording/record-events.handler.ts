import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventRecorder, type RecordOutcome } from '@app/recording';
import { RecordEventsCommand } from './record-event.command.js';

/**
 * The API records through the command bus (the stack's CQRS shape); the work is the EventRecorder's, which
 * the demo loader and importers call without Nest.
 */
@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand, RecordOutcome[]> {
  constructor(private readonly recorder: EventRecorder) {}

  execute({ requests, actor }: RecordEventsCommand): Promise<RecordOutcome[]> {
    return this.recorder.record(requests, actor);
  }
}
