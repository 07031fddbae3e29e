import type { Item } from './item.js';

/** How one request ended: stored (201), stored before (200), or refused with the reasons to show the client. */
export type RecordOutcome = { ok: true; status: 200 | 201; eventId: string; stream: string; position: string } | { ok: false; status: 400 | 409 | 410 | 422 | 503; eventId?: string; errors: string[] };

/** Accepted by the current attempt: its position is known only once the append commits. */
export interface Pending {
  pending: true;
  status: 200 | 201;
  eventId: string;
  stream: string;
}

export const refused = (status: 409 | 410 | 422, eventId: string, message: string): RecordOutcome => ({ ok: false, status, eventId, errors: [message] });

/** A commit may or may not have happened: a resend with the same eventId answers 200 if it did. */
export const unavailable = ({ eventId }: Item): RecordOutcome => ({
  ok: false,
  status: 503,
  eventId,
  errors: [`the event store could not be reached; send the event again with eventId ${eventId}`],
});

/** Every attempt lost to writers in other processes: the client may simply send it again. */
export const keptChanging = ({ eventId }: Item): RecordOutcome => refused(409, eventId, 'other requests kept changing these subjects; send it again');

/** A pending outcome once its append committed, with the position the store gave it. */
export function settled(outcome: RecordOutcome | Pending, positions: Map<string, string>): RecordOutcome {
  if (!('pending' in outcome)) return outcome;
  return { ok: true, status: outcome.status, eventId: outcome.eventId, stream: outcome.stream, position: positions.get(outcome.eventId)! };
}
