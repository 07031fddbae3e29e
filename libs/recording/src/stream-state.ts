import { recordOnTimeline, subjectOfStream, timelineOf, type SubjectTimeline } from '@app/domain';
import type { EventStore, NewEvent, StoredEvent, StreamAppend } from '@app/event-store';

/** A stream as one attempt sees it: what is stored, and what the attempt has accepted so far. */
export interface StreamState {
  stored: StoredEvent[];
  pending: NewEvent[];
  timeline: SubjectTimeline;
  /** The subject was erased (its key destroyed): nothing more is recorded for it. */
  erased: boolean;
}

/** Loads each stream once, concurrently: on a server each read is a round trip. */
export async function loadStreams(store: EventStore, streamIds: Iterable<string>, erased: Set<string>): Promise<Map<string, StreamState>> {
  const loaded = await Promise.all([...streamIds].map(async (streamId) => [streamId, stateOf(streamId, await store.readStream(streamId), erased)] as const));
  return new Map(loaded);
}

function stateOf(streamId: string, stored: StoredEvent[], erased: Set<string>): StreamState {
  const subject = subjectOfStream(streamId);
  const live = stored.filter((e) => !e.erased);
  const timeline = timelineOf(
    subject.type,
    subject.id,
    live.map((e) => ({ ...e, recordedAt: e.metadata.recordedAt })),
  );
  return { stored, pending: [], timeline, erased: erased.has(streamId) || live.length < stored.length };
}

/** The stream version the next accepted event will have. */
export const nextVersion = (stream: StreamState): number => stream.stored.length + stream.pending.length;

/** Adds an accepted event to the stream's timeline too, so the call's later events are decided with it. */
export function accept(stream: StreamState, event: NewEvent): void {
  const streamVersion = nextVersion(stream);
  stream.pending.push(event);
  recordOnTimeline(stream.timeline, { ...event, recordedAt: event.metadata.recordedAt, streamVersion });
}

/** What to append: each stream's accepted events, at the version it was read at (optimistic concurrency). */
export function appendsOf(state: Map<string, StreamState>): StreamAppend[] {
  return [...state.entries()]
    .filter(([, s]) => s.pending.length > 0)
    .map(([streamId, s]) => ({ streamId, events: s.pending, expected: s.stored.length === 0 ? ('no_stream' as const) : s.stored.length - 1 }));
}
