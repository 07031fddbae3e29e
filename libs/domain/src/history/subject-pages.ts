/** What a child's and a worker's pages read of their histories: the summaries they open with, and the kinds their timelines filter by. */
export { ageBand, childSummary, type ChildSummary } from './child-summary.js';
export { SESSIONS_LISTED_MONTHS, workerSummary, type WorkerSummary } from './worker-summary.js';
export { EVENT_KIND_LABELS, EVENT_KINDS, eventKind, eventKindsOf, type EventKind } from './event-kinds.js';
export { timelineByYear } from './timeline-by-year.js';
