import type { RecordEventRequest } from '@app/domain';
import { StoreUnavailableError, type EventStore } from '@app/event-store';
import type { Actor } from './actor.js';
import { attempt, type Call, type Recorder } from './attempt.js';
import type { RecorderClock } from './clock.js';
import { itemsOf } from './item.js';
import { keptChanging, unavailable, type RecordOutcome } from './outcome.js';
import { StreamCache } from './stream-cache.js';
import { StreamLocks } from './stream-locks.js';
import { streamsOf, unknownTarget, writtenStreams } from './stream-routing.js';

/** Attempts lost to a writer in another process are retried this many times before answering 409. */
export const MAX_ATTEMPTS = 5;

export interface EventRecorderOptions {
  /** Streams whose state is kept between calls at most (least recently used dropped first); 0 reads every stream whole each time. */
  cachedStreams?: number;
}

/**
 * Records events in order, each accepted or refused on its own: answers resent eventIds from the store
 * (idempotency), loads each subject's stream once, lets the pure decider judge every event against its subject's
 * timeline (including the events accepted before it in the same call), then appends everything accepted in one
 * transaction at the versions it read. When another writer got in first, the whole call is decided again.
 *
 * Each stream's timeline is kept between calls (an LRU of `cachedStreams`) at the version it was read or written at,
 * so a call reads, and decrypts, only the events stored since. The store stays the judge: every attempt reads those
 * newer events (another process's too) and sees an erasure before deciding, and the append's expected version still
 * catches a writer that got in after the read.
 *
 * Plain TypeScript over the EventStore port, so the API, the demo loader and any importer record alike. Share one
 * instance per process: its locks keep the process's own calls from racing each other into retries.
 */
export class EventRecorder {
  private readonly locks = new StreamLocks();
  private readonly recorder: Recorder;

  constructor(
    private readonly store: EventStore,
    clock: RecorderClock,
    options: EventRecorderOptions = {},
  ) {
    this.recorder = { store, clock, cache: new StreamCache(options.cachedStreams) };
  }

  async record(requests: RecordEventRequest[], actor: Actor): Promise<RecordOutcome[]> {
    const items = itemsOf(requests);
    try {
      return await this.recordWithRetries({ items, streams: await streamsOf(this.store, items), actor, erased: new Set() });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      return items.map(unavailable);
    }
  }

  /** Drops what is kept of a stream (an erased child's timeline: the process holds no copy of their data after an erasure). */
  forgetStream(streamId: string): void {
    this.recorder.cache.forget(streamId);
  }

  private async recordWithRetries(call: Call): Promise<RecordOutcome[]> {
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const outcomes = await this.locks.run(writtenStreams(call.streams), () => attempt(this.recorder, call));
      if (outcomes) return outcomes;
    }
    return call.items.map((item, i) => (call.streams[i] ? keptChanging(item) : unknownTarget(item)));
  }
}
