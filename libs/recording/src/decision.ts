import { decide, isRefusal, londonDate, namedWorkerIds, workerStream, type RecordEventRequest } from '@app/domain';
import type { NewEvent } from '@app/event-store';
import type { Actor } from './actor.js';
import { nextVersion, type StreamState } from './stream-state.js';

/** The domain's verdict on one event: the events to append to its stream (metadata included), or why not. */
export type Verdict = { accepted: NewEvent[] } | { refused: { status: 409 | 422; message: string } };

/**
 * The one place the recorder asks the pure decider, so that a change to the decider's signature is made here only.
 * The subject's timeline and those of the workers the event names include the events accepted before it in the call.
 */
export function judge(eventId: string, request: RecordEventRequest, actor: Actor, stream: StreamState, streams: Map<string, StreamState>, now: Date): Verdict {
  const workers = new Map(namedWorkerIds(request).map((id) => [id, streams.get(workerStream(id))!.timeline]));
  const recording = { eventId, recordedAt: now.toISOString(), recordedBy: actor.id, correlationId: actor.correlationId, source: actor.source, streamVersion: nextVersion(stream) };
  const decision = decide(request, recording, stream.timeline, { today: londonDate(now), workers });
  return isRefusal(decision) ? { refused: decision } : { accepted: decision.events };
}

/** The streams the decider reads for a request beside its own: those of the workers it names (a CaseAllocated's worker…). */
export const streamsReadFor = (request: RecordEventRequest): string[] => namedWorkerIds(request).map(workerStream);
