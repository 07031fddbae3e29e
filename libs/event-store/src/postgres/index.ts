export * from './postgres-event-store.js';
export * from './positions.js';
export * from './databases.js';
export * from './advisory-locks.js';
