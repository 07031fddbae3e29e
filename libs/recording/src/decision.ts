import { decide, londonDate, namedWorkerIds, proposedEvent, workerStream, type RecordEventRequest } from '@app/domain';
import type { NewEvent } from '@app/event-store';
import { nextVersion, type StreamState } from './stream-state.js';

/** The domain's verdict on one event: the events to append to its stream, or why not. */
export type Verdict = { accepted: NewEvent[] } | { refused: { status: 409 | 422; message: string } };

/**
 * The one place the recorder asks the pure decider, so that a change to the decider's signature is made here only.
 * The subject's timeline and those of the workers the event names include the events accepted before it in the call.
 */
export function judge(event: NewEvent, request: RecordEventRequest, stream: StreamState, streams: Map<string, StreamState>, now: Date): Verdict {
  const workers = new Map(namedWorkerIds(request).map((id) => [id, streams.get(workerStream(id))!.timeline]));
  const refusal = decide(proposedEvent(event.eventId, request, event.metadata.recordedAt, nextVersion(stream)), stream.timeline, { today: londonDate(now), workers });
  return refusal ? { refused: refusal } : { accepted: [event] };
}

/** The streams the decider reads for a request beside its own: those of the workers it names (a CaseAllocated's worker…). */
export const streamsReadFor = (request: RecordEventRequest): string[] => namedWorkerIds(request).map(workerStream);
