import type { SubjectTimeline } from '@app/domain';

/** What the recorder keeps of a stream between calls: enough to read only the events stored after it. */
export interface CachedStream {
  /** The stream version of the last event read (the stream holds one more event than this). */
  version: number;
  /** That event's id: read again with the newer ones, it shows the store still holds what was cached. */
  lastEventId: string;
  /** The subject's timeline from every event up to `version`. Never changed once cached: an attempt changes a copy. */
  timeline: SubjectTimeline;
}

/** A few times a mid-size LA's children and workers in a year (~5,000 streams). */
export const DEFAULT_CACHED_STREAMS = 10_000;

/**
 * The streams the recorder read or wrote most recently, at most `capacity` of them: the least recently used go first,
 * so memory stays bounded however many subjects a process records for. Only a speed-up: whatever is dropped is read
 * again from the store.
 */
export class StreamCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(readonly capacity = DEFAULT_CACHED_STREAMS) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`cached streams must be a non-negative integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    // Re-inserting moves the entry to the end: Map order is the LRU order.
    if (entry) this.touch(streamId, entry);
    return entry;
  }

  /** Keeps the entry unless one further along the stream is cached: a call that read earlier may finish after one that wrote later. */
  put(streamId: string, entry: CachedStream): void {
    const current = this.entries.get(streamId);
    this.touch(streamId, current && current.version > entry.version ? current : entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  private touch(streamId: string, entry: CachedStream): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
  }
}
