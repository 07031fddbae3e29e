export * from './postgres-event-store.js';
export * from './positions.js';
