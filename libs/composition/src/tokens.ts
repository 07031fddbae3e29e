/** Injection tokens for the adapters chosen at start. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODEL_WRITER = Symbol('ReadModelWriter');
export const READ_MODEL_READER = Symbol('ReadModelReader');
export const APP_CONFIG = Symbol('AppConfig');
