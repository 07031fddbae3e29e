import { streamOf, type RecordEventRequest } from '@app/domain';
import type { EventStore, NewEvent } from '@app/event-store';
import type { GeneratedEvent } from '@app/generator';

/** A generated request as the store keeps it, recorded when the generator says. */
export const storedForm = (r: RecordEventRequest, recordedAt: string): NewEvent => ({
  eventId: r.eventId!,
  type: r.type,
  occurredAt: r.occurredAt,
  data: r.data,
  metadata: { recordedAt, recordedBy: 'test', correlationId: 'test', source: 'import', schemaVersion: 1 },
});

/** Appends `history[from, to)` straight to the store in arrival order (a void joins its target's stream); returns how many. */
export async function appendHistory(store: EventStore, history: GeneratedEvent[], from = 0, to = history.length): Promise<number> {
  const streams = new Map(history.map(({ request }) => [request.eventId!, streamOf(request)]));
  for (const { request, recordedAt } of history.slice(from, to)) {
    const stream = streams.get(request.eventId!) ?? streams.get(String((request.data as { eventId: string }).eventId))!;
    await store.append(stream, [storedForm(request, recordedAt)], 'any');
  }
  return to - from;
}
