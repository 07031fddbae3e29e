export { runEventStoreContract, type EventStoreFactory } from './contract-suite.js';
export { readAllVisible, untilVisible, VISIBLE_WITHIN_MS, waitFor } from './wait-for.js';
export * from './postgres.js';
