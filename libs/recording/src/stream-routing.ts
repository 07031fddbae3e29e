import { streamOf } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { Item } from './item.js';
import { refused, type RecordOutcome } from './outcome.js';

/**
 * Each item's stream; an EventVoided joins its target's (stored, or earlier in this call), so that the void is
 * decided against, and appended to, the subject it corrects. Undefined when there is no such target.
 */
export async function streamsOf(store: EventStore, items: Item[]): Promise<(string | undefined)[]> {
  const targets = items.flatMap(({ request }) => (request.type === 'EventVoided' ? [request.data.eventId] : []));
  const stored = new Map((await store.findByEventIds(targets)).map((e) => [e.eventId, e]));
  const inCall = new Map<string, { stream?: string; type: string }>();
  return items.map(({ request, eventId }) => {
    let stream = streamOf(request);
    if (request.type === 'EventVoided') {
      const target = stored.get(request.data.eventId) ?? inCall.get(request.data.eventId);
      stream = target && target.type !== 'EventVoided' ? ('streamId' in target ? target.streamId : target.stream) : undefined;
    }
    if (!inCall.has(eventId)) inCall.set(eventId, { stream, type: request.type });
    return stream;
  });
}

export function writtenStreams(streams: (string | undefined)[]): string[] {
  return streams.filter((s): s is string => s !== undefined);
}

/** A void whose target is neither stored nor earlier in the call (or is itself a void). */
export function unknownTarget({ request, eventId }: Item): RecordOutcome {
  const targetId = String((request.data as { eventId?: string }).eventId);
  return refused(422, eventId, `data.eventId: no event ${targetId} that can be voided is stored (a void cannot itself be voided)`);
}
