import type { Migration } from './migration.js';

/**
 * The children's keys and the erasures' tombstones (the embedded default keeps them in
 * their own file, keys.sqlite). The first step is the schema the key storages used to
 * create at start, IF NOT EXISTS so that a database they created takes it as there.
 */
export const KEYRING_MIGRATIONS: readonly Migration[] = [
  {
    id: '20251123-02-child-keys',
    sqlite: `
      CREATE TABLE IF NOT EXISTS child_keys (
        child_id   TEXT PRIMARY KEY,
        key        BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS child_erasures (
        child_id    TEXT PRIMARY KEY,
        erased_at   TEXT NOT NULL,
        erased_by   TEXT NOT NULL,
        reason      TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      )`,
    postgres: `
      CREATE TABLE IF NOT EXISTS child_keys (
        child_id   TEXT PRIMARY KEY,
        key        BYTEA NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS child_erasures (
        child_id    TEXT PRIMARY KEY,
        erased_at   TEXT NOT NULL,
        erased_by   TEXT NOT NULL,
        reason      TEXT NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
  },
];
