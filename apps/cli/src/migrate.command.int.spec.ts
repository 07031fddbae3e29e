import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { loadConfig, MIGRATIONS } from '@app/composition';
import { createTestDatabase, postgresAvailable } from '../../../libs/event-store/src/testing/index.js';
import { tempDataDir } from '../../../test/support/test-app.js';
import { migrate } from './migrate.command.js';

const available = await postgresAvailable();
const ALL_IDS = MIGRATIONS.map((m) => m.id);

/** What `npm run migrate` printed: it says which migrations it applied, or that there were none. */
const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
const output = () => printed.mock.calls.map((call) => String(call[0])).join('\n');
afterEach(() => {
  printed.mockClear();
});

describe('migrate', () => {
  const dataDir = tempDataDir('migrate-');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates every store file in DATA_DIR, naming each migration it applied and where', async () => {
    await migrate(loadConfig({ DATA_DIR: dataDir }));
    expect(
      fs
        .readdirSync(dataDir)
        .filter((f) => f.endsWith('.sqlite'))
        .sort(),
    ).toEqual(['access-log.sqlite', 'events.sqlite', 'keys.sqlite', 'read-models.sqlite', 'sessions.sqlite']);
    expect(output()).toContain(`Applied ${ALL_IDS.length} migrations in ${dataDir}:`);
    expect(output()).toContain('20251123-01-events (events.sqlite)');
    for (const id of ALL_IDS) expect(output()).toContain(id);
  });

  it('says there is nothing to do when run again', async () => {
    await migrate(loadConfig({ DATA_DIR: dataDir }));
    expect(output()).toBe(`No migrations to apply: the schemas in ${dataDir} are up to date`);
  });

  it('leaves the events to KurrentDB when it is configured: no events file', async () => {
    const kurrentDir = path.join(dataDir, 'kurrent');
    await migrate(loadConfig({ DATA_DIR: kurrentDir, KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' }));
    expect(fs.readdirSync(kurrentDir).filter((f) => f.endsWith('.sqlite'))).not.toContain('events.sqlite');
    expect(output()).not.toContain('20251123-01-events');
  });

  (available ? it : it.skip)('creates every table in one PostgreSQL database, recording each migration once', async () => {
    const db = await createTestDatabase('migrate');
    const client = new pg.Client({ connectionString: db.url });
    try {
      await migrate(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: db.url }));
      expect(output()).toBe([`Applied ${ALL_IDS.length} migrations in PostgreSQL:`, ...ALL_IDS.map((id) => `  ${id}`)].join('\n'));
      await client.connect();
      const tables = (await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)).rows.map((r) => r.name);
      expect(tables.sort()).toEqual([
        'access_entries',
        'child_erasures',
        'child_keys',
        'events',
        'flag_period_changes',
        'flag_periods',
        'projection_checkpoints',
        'read_model_erasures',
        'schema_migrations',
        'subject_links',
        'subject_timelines',
        'web_sessions',
      ]);
      expect((await client.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).rows.map((r) => r.id)).toEqual(ALL_IDS);
      printed.mockClear();
      await migrate(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: db.url }));
      expect(output()).toBe('No migrations to apply: the schemas in PostgreSQL are up to date');
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
