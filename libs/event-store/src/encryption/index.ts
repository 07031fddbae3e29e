export { EncryptingEventStore, childOfChildStream, type EncryptingEventStoreOptions } from './encrypting-event-store.js';
export { ChildKeyring, type ErasureDetails, type ErasureRecord, type KeyringOptions, type KeyState, type KeyStorage } from './keyring.js';
export { SqliteKeyStorage, openSqliteKeyring } from './sqlite-key-storage.js';
export { PostgresKeyStorage, openPostgresKeyring } from './postgres-key-storage.js';
export { SubjectErasedError, MissingChildKeyError, EventDecryptionError } from './errors.js';
