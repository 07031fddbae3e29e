import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { NewEvent } from '@app/event-store';
import { createTestDatabase, postgresAvailable } from '../../../event-store/src/testing/index.js';
import { openStores, type StoreLocation } from '../stores/open-stores.js';
import { MIGRATIONS, SCHEMA, SCHEMA_COMPONENTS } from './registry.js';
import { migrateAll, SchemaMigrator, sqliteFileOf, type MigrationRun } from './schema-migrator.js';
import { OLD_POSTGRES, OLD_SQLITE, OLD_TABLES } from './testing/old-schema.js';

const ALL_IDS = MIGRATIONS.map((m) => m.id);
/** The old tables as the migrations leave them: the access log's rows moved into entries (20261203-01-access-log-entries). */
const MIGRATED_TABLES = OLD_TABLES.map((table) => (table === 'child_reads' ? 'access_entries' : table));
const idsOf = (component: keyof typeof SCHEMA) => SCHEMA[component].migrations.map((m) => m.id);
const everySqliteRun = (applied: (component: keyof typeof SCHEMA) => string[]): MigrationRun[] =>
  SCHEMA_COMPONENTS.map((component) => ({ database: SCHEMA[component].sqliteFile, applied: applied(component) }));

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-migrator-'));
const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(root, { recursive: true, force: true })];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
const freshDataDir = () => fs.mkdtempSync(path.join(root, 'data-'));

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'WorkerLeft',
  occurredAt: '2026-01-01',
  data: { workerId: 'W-OLD' },
  metadata: { recordedAt: new Date().toISOString(), recordedBy: 'test', correlationId: randomUUID(), source: 'test', schemaVersion: 1 },
});

/** The stores open on the migrated databases, and the old event is still there to append after. */
async function storesWork(location: StoreLocation): Promise<void> {
  const stores = await openStores(location);
  try {
    await stores.eventStore.append('worker-W-OLD', [event()], 0);
    expect((await stores.eventStore.readStream('worker-W-OLD')).map((e) => e.streamVersion)).toEqual([0, 1]);
  } finally {
    await stores.close();
  }
}

describe('the schema migrations on the embedded default', () => {
  const withFile = <T>(dataDir: string, component: keyof typeof SCHEMA, use: (db: Database.Database) => T): T => {
    const db = new Database(sqliteFileOf({ dataDir }, component));
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  const recorded = (dataDir: string, component: keyof typeof SCHEMA) => withFile(dataDir, component, (db) => db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all());

  it('gives every component its own file, recording its own migrations, and applies nothing the second time', async () => {
    const dataDir = freshDataDir();
    expect(await migrateAll({ dataDir })).toEqual(everySqliteRun(idsOf));
    for (const component of SCHEMA_COMPONENTS) expect(recorded(dataDir, component)).toEqual(idsOf(component));
    expect(await migrateAll({ dataDir })).toEqual(everySqliteRun(() => []));
  });

  it('takes over a DATA_DIR the old code created: every row kept, the triggers still refusing, the stores working', async () => {
    const dataDir = freshDataDir();
    for (const component of SCHEMA_COMPONENTS) withFile(dataDir, component, (db) => db.exec(OLD_SQLITE[component]));

    expect(await migrateAll({ dataDir })).toEqual(everySqliteRun(idsOf));
    const rows = SCHEMA_COMPONENTS.flatMap((component) =>
      withFile(dataDir, component, (db) =>
        MIGRATED_TABLES.filter((table) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)).map((table) => [
          table,
          db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(),
        ]),
      ),
    );
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(MIGRATED_TABLES.map((table) => [table, 1])));
    expect(() => withFile(dataDir, 'accessLog', (db) => db.exec('DELETE FROM access_entries'))).toThrow(/append-only/);
    expect(await migrateAll({ dataDir })).toEqual(everySqliteRun(() => []));
    await storesWork({ dataDir });
  });

  it('migrates only the files a process opens, each once, and again after a failed attempt', async () => {
    const blocked = path.join(freshDataDir(), 'not-yet-a-directory');
    fs.writeFileSync(blocked, '');
    const runs: MigrationRun[] = [];
    const schemas = new SchemaMigrator({ dataDir: blocked }, (run) => runs.push(run));

    await expect(schemas.ready('sessions')).rejects.toThrow();
    fs.rmSync(blocked);
    await schemas.ready('sessions');
    await schemas.ready('keys', 'events');
    await schemas.ready('events', 'sessions');
    expect(runs.map((r) => r.database).sort()).toEqual(['events.sqlite', 'keys.sqlite', 'sessions.sqlite']);
    expect(
      fs
        .readdirSync(blocked)
        .filter((f) => f.endsWith('.sqlite'))
        .sort(),
    ).toEqual(['events.sqlite', 'keys.sqlite', 'sessions.sqlite']);
  });
});

const onPostgres = (await postgresAvailable()) ? describe : describe.skip;

onPostgres('the schema migrations on PostgreSQL', () => {
  const dataDir = freshDataDir();
  const database = async (label: string) => {
    const db = await createTestDatabase(label);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    cleanups.push(async () => {
      await client.end();
      await db.drop();
    });
    const tables = async () => (await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map((r) => r.name);
    return { url: db.url, client, tables };
  };

  it('applies every migration to the one database, once, and nothing the second time', async () => {
    const { url } = await database('schema_fresh');
    expect(await migrateAll({ dataDir, databaseUrl: url })).toEqual([{ database: 'PostgreSQL', applied: ALL_IDS }]);
    expect(await migrateAll({ dataDir, databaseUrl: url })).toEqual([{ database: 'PostgreSQL', applied: [] }]);
  });

  it('applies each migration once when two processes start together', async () => {
    const { url, client } = await database('schema_race');
    const runs = await Promise.all([migrateAll({ dataDir, databaseUrl: url }), migrateAll({ dataDir, databaseUrl: url })]);
    expect(runs.flatMap((run) => run[0].applied).sort()).toEqual(ALL_IDS);
    expect((await client.query('SELECT id FROM schema_migrations')).rowCount).toBe(ALL_IDS.length);
  });

  it('takes over a database the old code created: every row kept, the trigger still refusing, the stores working', async () => {
    const { url, client } = await database('schema_old');
    await client.query(OLD_POSTGRES);

    expect(await migrateAll({ dataDir, databaseUrl: url })).toEqual([{ database: 'PostgreSQL', applied: ALL_IDS }]);
    for (const table of MIGRATED_TABLES) expect([table, (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n]).toEqual([table, 1]);
    expect((await client.query("SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'access_entries_append_only'")).rows[0].n).toBe(1);
    await expect(client.query('DELETE FROM access_entries')).rejects.toThrow(/append-only/);
    await storesWork({ dataDir, databaseUrl: url });
  });

  it('leaves the events to KurrentDB when it is configured: no events table', async () => {
    const { url, tables } = await database('schema_kurrent');
    const [run] = await migrateAll({ dataDir, databaseUrl: url, kurrentdbUrl: 'kurrentdb://127.0.0.1:2113?tls=false' });
    expect(run.applied).toEqual(ALL_IDS.filter((id) => !idsOf('events').includes(id)));
    expect(await tables()).not.toContain('events');
    expect(await tables()).toContain('child_keys');
  });
});
