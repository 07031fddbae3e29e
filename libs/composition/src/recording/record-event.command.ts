import type { RecordEventRequest } from '@app/domain';
import type { Actor } from '@app/recording';

// The apps import these from the composition root, as they did when the recording lived here.
export type { Actor, RecordOutcome } from '@app/recording';

/** Record events in order; each succeeds or fails on its own (a single POST is a list of one). */
export class RecordEventsCommand {
  constructor(
    readonly requests: RecordEventRequest[],
    readonly actor: Actor,
  ) {}
}
