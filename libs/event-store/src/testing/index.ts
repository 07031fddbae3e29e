export { runEventStoreContract, type EventStoreFactory } from './contract-suite.js';
export { waitFor } from './wait-for.js';
export * from './postgres.js';
