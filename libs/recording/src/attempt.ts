import { DuplicateEventIdError, SubjectErasedError, WrongExpectedVersionError, type EventStore, type StreamAppend } from '@app/event-store';
import type { Actor } from './actor.js';
import type { RecorderClock } from './clock.js';
import { decideItem, type AttemptView } from './decide-item.js';
import { streamsReadFor } from './decision.js';
import type { Item } from './item.js';
import { settled, type RecordOutcome } from './outcome.js';
import type { StreamCache } from './stream-cache.js';
import { appendsOf, loadStreams, remember } from './stream-state.js';
import { writtenStreams } from './stream-routing.js';

/** One call of `record`, as every attempt at it sees it. */
export interface Call {
  items: Item[];
  /** The stream each item writes (undefined: a void without a target). */
  streams: (string | undefined)[];
  actor: Actor;
  /** Streams found erased by an earlier attempt: their items are refused. */
  erased: Set<string>;
}

/** What every attempt of one recorder works with. */
export interface Recorder {
  store: EventStore;
  clock: RecorderClock;
  /** The streams read or written by earlier calls, so that an attempt reads only the events stored since. */
  cache: StreamCache;
}

/**
 * One try: load what the items need, decide each in order, append everything accepted in one transaction at the
 * versions read. Undefined when another process wrote to one of the streams first, so the call is decided again.
 */
export async function attempt({ store, clock, cache }: Recorder, call: Call): Promise<RecordOutcome[] | undefined> {
  const existing = new Map((await store.findByEventIds(call.items.map((i) => i.eventId))).map((e) => [e.eventId, e]));
  const view: AttemptView = { existing, accepted: new Map(), streams: await loadStreams(store, cache, streamsToLoad(call), call.erased), actor: call.actor, clock };
  const outcomes = call.items.map((item, i) => decideItem(item, call.streams[i], view));
  const appends = appendsOf(view.streams);
  const positions = appends.length === 0 ? new Map<string, string>() : await appendAll(store, appends, call.erased);
  // Only a committed append reaches the cache: a lost or failed one leaves it as the store is.
  if (positions && appends.length > 0) remember(cache, view.streams);
  return positions && outcomes.map((o) => settled(o, positions));
}

/** Every stream the items write, and every worker stream the decider reads for them. */
const streamsToLoad = ({ items, streams }: Call) => new Set([...writtenStreams(streams), ...items.flatMap(({ request }) => streamsReadFor(request))]);

/** Each appended event's position; undefined when the attempt lost to another writer or met an erasure (decide again). */
async function appendAll(store: EventStore, appends: StreamAppend[], erased: Set<string>): Promise<Map<string, string> | undefined> {
  try {
    const results = await store.appendMany(appends);
    return new Map(appends.flatMap((a, i) => a.events.map((e, j) => [e.eventId, results[i].positions[j].toString()] as const)));
  } catch (error) {
    if (error instanceof WrongExpectedVersionError || error instanceof DuplicateEventIdError) return undefined;
    // Erased with nothing stored yet, or meanwhile: decide again, refusing that stream's items.
    if (error instanceof SubjectErasedError) return void erased.add(error.streamId);
    throw error;
  }
}
