// The composition root every app shares: one parsed configuration, the stores and
// projections it selects, and the core that records events and assesses them.
export * from './config/app-config.js';
export * from './config/auth-config.js';
export * from './config/projector-config.js';
export * from './config/store-location.js';
export * from './clock.js';
export * from './tokens.js';
export * from './projections.js';
export * from './migrations/index.js';
export * from './stores/open-stores.js';
export * from './stores/store-startup.js';
export * from './stores/store.module.js';
export * from './recording/record-event.command.js';
export * from './recording/record-events.handler.js';
export * from './flags/flag-reads.service.js';
export * from './core.module.js';
