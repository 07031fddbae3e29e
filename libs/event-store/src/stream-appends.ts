import type { StreamAppend } from './event-store.port.js';

/** appendMany takes each stream once: two appends to one stream would race their own expected versions. */
export function assertDistinctStreams(appends: StreamAppend[]): void {
  if (appends.length === 0) throw new Error('appendMany needs at least one stream');
  const seen = new Set<string>();
  for (const { streamId, events } of appends) {
    if (seen.has(streamId)) throw new Error(`appendMany: stream ${streamId} appears twice`);
    if (events.length === 0) throw new Error(`stream ${streamId}: cannot append an empty list of events`);
    seen.add(streamId);
  }
}
