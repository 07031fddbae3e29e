import type { RecordEventRequest } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { Item } from './item.js';
import { refused, type Pending, type RecordOutcome } from './outcome.js';

/** An item accepted earlier in the same call, and the stream it went to. */
export interface Accepted {
  item: Item;
  stream: string;
}

/** A resent eventId: the original result when the body is the same, 409 when it is not, 410 once its child was erased. */
export function replayed(existing: StoredEvent, request: RecordEventRequest): RecordOutcome {
  if (existing.erased) return refused(410, existing.eventId, `eventId: ${existing.eventId} belongs to a child whose records were erased`);
  if (!sameEvent(existing, request)) return refused(409, existing.eventId, `eventId: ${existing.eventId} was already used for a different event`);
  return { ok: true, status: 200, eventId: existing.eventId, stream: existing.streamId, position: existing.position.toString() };
}

/** An eventId used twice in one call: stored once, the second answered 200 like a resend (or 409 when the body differs). */
export function repeated(earlier: Accepted, { request, eventId }: Item): RecordOutcome | Pending {
  return sameRequest(earlier.item.request, request)
    ? { pending: true, status: 200, eventId, stream: earlier.stream }
    : refused(409, eventId, `eventId: ${eventId} was already used for a different event`);
}

/** Whether a resent request is the stored event again (same type, date and data), whatever the key order. */
export function sameEvent(stored: Pick<StoredEvent, 'type' | 'occurredAt' | 'data'>, request: RecordEventRequest): boolean {
  return stored.type === request.type && stored.occurredAt === request.occurredAt && canonical(stored.data) === canonical(request.data);
}

const sameRequest = (a: RecordEventRequest, b: RecordEventRequest) => sameEvent({ type: a.type, occurredAt: a.occurredAt, data: a.data }, b);

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
