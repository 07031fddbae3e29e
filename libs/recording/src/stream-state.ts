import { copyTimeline, recordOnTimeline, subjectOfStream, timelineOf, type SubjectTimeline } from '@app/domain';
import type { EventStore, NewEvent, StoredEvent, StreamAppend } from '@app/event-store';
import type { CachedStream, StreamCache } from './stream-cache.js';

/** A stream as one attempt sees it: what is stored, and what the attempt has accepted so far. */
export interface StreamState {
  /** Events stored in the stream when it was read: the first accepted one takes this version. */
  storedCount: number;
  pending: NewEvent[];
  timeline: SubjectTimeline;
  /** The timeline is the cache's: copied before an accepted event changes it, so that a failed append leaves the cache as the store is. */
  shared: boolean;
  /** The subject was erased (its key destroyed): nothing more is recorded for it. */
  erased: boolean;
}

/** Loads each stream once, concurrently: on a server each read is a round trip. */
export async function loadStreams(store: EventStore, cache: StreamCache, streamIds: Iterable<string>, erased: Set<string>): Promise<Map<string, StreamState>> {
  const loaded = await Promise.all([...streamIds].map(async (streamId) => [streamId, await loadStream(store, cache, streamId, erased)] as const));
  return new Map(loaded);
}

/**
 * A stream brought up to date: its cached state and the events stored since, read from the last cached event on.
 * Reading that event again costs one event and is what keeps the cache honest: it must still be the one cached (else
 * the whole stream is read), and through the encrypting store it reads as erased once the child was erased, by any
 * process, even when nothing was stored since.
 */
async function loadStream(store: EventStore, cache: StreamCache, streamId: string, erased: Set<string>): Promise<StreamState> {
  const cached = cache.get(streamId);
  const since = cached && (await store.readStream(streamId, { fromVersion: cached.version }));
  const continued = cached && since?.[0]?.eventId === cached.lastEventId;
  // Not the events cached (the store was replaced): forgotten, so the whole stream read replaces them.
  if (cached && !continued) cache.forget(streamId);
  const events = continued ? since : await store.readStream(streamId);
  if (erased.has(streamId) || events.some((e) => e.erased)) return erasedState(cache, streamId, events);
  const entry = continued ? advanced(cached, events.slice(1)) : built(streamId, events);
  if (entry) cache.put(streamId, entry);
  return entry ? { storedCount: entry.version + 1, pending: [], timeline: entry.timeline, shared: true, erased: false } : { ...emptyState(streamId), erased: false };
}

/** An erased subject: everything it is asked to record is refused, and the cache lets go of the plaintext it held. */
function erasedState(cache: StreamCache, streamId: string, events: StoredEvent[]): StreamState {
  cache.forget(streamId);
  return { ...emptyState(streamId), storedCount: (events.at(-1)?.streamVersion ?? -1) + 1, erased: true };
}

function emptyState(streamId: string): Omit<StreamState, 'erased'> {
  const subject = subjectOfStream(streamId);
  return { storedCount: 0, pending: [], timeline: timelineOf(subject.type, subject.id, []), shared: false };
}

/** A whole stream's state; undefined for a stream with no events (nothing worth caching). */
function built(streamId: string, events: StoredEvent[]): CachedStream | undefined {
  return events.length === 0 ? undefined : advanced({ version: -1, lastEventId: '', timeline: emptyState(streamId).timeline }, events);
}

/** The cached state with newer events added, to a copy: the cached one may be in use by another call meanwhile. */
function advanced(cached: CachedStream, newer: StoredEvent[]): CachedStream {
  if (newer.length === 0) return cached;
  const timeline = copyTimeline(cached.timeline);
  for (const event of newer) recordOnTimeline(timeline, { ...event, recordedAt: event.metadata.recordedAt });
  const last = newer[newer.length - 1];
  return { version: last.streamVersion, lastEventId: last.eventId, timeline };
}

/** The stream version the next accepted event will have. */
export const nextVersion = (stream: StreamState): number => stream.storedCount + stream.pending.length;

/** Adds an accepted event to the stream's timeline too, so the call's later events are decided with it. */
export function accept(stream: StreamState, event: NewEvent): void {
  const streamVersion = nextVersion(stream);
  if (stream.shared) {
    stream.timeline = copyTimeline(stream.timeline);
    stream.shared = false;
  }
  stream.pending.push(event);
  // The timeline outlives the call (cached): its own copy of the data, so a caller reusing its request objects cannot change it.
  recordOnTimeline(stream.timeline, { ...event, data: structuredClone(event.data), recordedAt: event.metadata.recordedAt, streamVersion });
}

/** What to append: each stream's accepted events, at the version it was read at (optimistic concurrency). */
export function appendsOf(state: Map<string, StreamState>): StreamAppend[] {
  return [...state.entries()]
    .filter(([, s]) => s.pending.length > 0)
    .map(([streamId, s]) => ({ streamId, events: s.pending, expected: s.storedCount === 0 ? ('no_stream' as const) : s.storedCount - 1 }));
}

/** Once the append committed, each written stream's timeline (its accepted events included) is what the store holds: cached. */
export function remember(cache: StreamCache, state: Map<string, StreamState>): void {
  for (const [streamId, s] of state) {
    if (s.pending.length === 0) continue;
    cache.put(streamId, { version: nextVersion(s) - 1, lastEventId: s.pending[s.pending.length - 1].eventId, timeline: s.timeline });
  }
}
