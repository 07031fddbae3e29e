import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { EVENT_STORE_MIGRATIONS } from '../migrations/event-store.migrations.js';
import { KEYRING_MIGRATIONS } from '../migrations/keyring.migrations.js';
import { migrateSqlite } from '../migrations/sqlite-migrations.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { createTestDatabase, postgresAvailable, runEventStoreContract } from '../testing/index.js';
import { EncryptingEventStore } from './encrypting-event-store.js';
import { openPostgresKeyring } from './postgres-key-storage.js';
import { openSqliteKeyring } from './sqlite-key-storage.js';

// The contract suite names its streams `contract-…`, not `child-…`: treating every stream
// as a child's makes the decorator encrypt and decrypt every event the suite writes.
const everyStream = { childOfStream: (streamId: string) => streamId };

let directory: string;

const openOnSqlite = () => new EncryptingEventStore(SqliteEventStore.open(path.join(directory, 'events.sqlite')), openSqliteKeyring(path.join(directory, 'keys.sqlite')), everyStream);

runEventStoreContract('EncryptingEventStore over SQLite', {
  async create() {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'encrypting-store-'));
    migrateSqlite(path.join(directory, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
    migrateSqlite(path.join(directory, 'keys.sqlite'), KEYRING_MIGRATIONS);
    return openOnSqlite();
  },
  async createSecondConnection() {
    return openOnSqlite();
  },
  async cleanup() {
    fs.rmSync(directory, { recursive: true, force: true });
  },
});

if (await postgresAvailable()) {
  let database: { url: string; drop(): Promise<void> } | undefined;
  const openOnPostgres = async () => new EncryptingEventStore(await PostgresEventStore.open(database!.url, { pollIntervalMs: 50 }), await openPostgresKeyring(database!.url), everyStream);

  beforeAll(async () => {
    database = await createTestDatabase('encrypting_contract', [...EVENT_STORE_MIGRATIONS, ...KEYRING_MIGRATIONS]);
  });
  afterAll(async () => {
    await database?.drop();
  });
  runEventStoreContract('EncryptingEventStore over PostgreSQL', {
    create: openOnPostgres,
    createSecondConnection: openOnPostgres,
  });
}
