// Recording events, without a framework: what the API's command handler, the demo loader and any importer call.
export { EventRecorder, MAX_ATTEMPTS, type EventRecorderOptions } from './event-recorder.js';
export { DEFAULT_CACHED_STREAMS } from './stream-cache.js';
export type { Actor } from './actor.js';
export type { RecorderClock } from './clock.js';
export type { RecordOutcome } from './outcome.js';
