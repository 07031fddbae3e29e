import type { RecordEventRequest } from '@app/domain';

/** Who is recording, and the request they belong to: stored as the event's metadata. */
export interface Actor {
  id: string;
  correlationId: string;
  source: 'api' | 'import' | 'demo';
}

/** Record events in order; each succeeds or fails on its own (a single POST is a list of one). */
export class RecordEventsCommand {
  constructor(
    readonly requests: RecordEventRequest[],
    readonly actor: Actor,
  ) {}
}

export type RecordOutcome = { ok: true; status: 200 | 201; eventId: string; stream: string; position: string } | { ok: false; status: 400 | 409 | 410 | 422 | 503; eventId?: string; errors: string[] };
