export * from './event-store.port.js';
export { isDatabaseUnavailable, unavailableReason } from './database-unavailable.js';
export { CatchUpSubscription, DEFAULT_BATCH_SIZE } from './catch-up-subscription.js';
export * from './sqlite/index.js';
export * from './postgres/index.js';
export * from './kurrentdb/index.js';
// The contract suite imports jest: it is exported from './testing/index.js' only, never from here.
export * from './encryption/index.js';
export * from './migrations/index.js';
