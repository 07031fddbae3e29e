import fs from 'node:fs';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { loadConfig } from '@app/composition';
import { createTestDatabase, postgresAvailable } from '../../../libs/event-store/src/testing/index.js';
import { tempDataDir } from '../../../test/support/test-app.js';
import { migrate } from './migrate.command.js';

const available = await postgresAvailable();

/** `npm run migrate` opens only what has a schema to migrate: the event store, its keys and the read models; not sign-in, sessions or the access log. */
describe('migrate', () => {
  const dataDir = tempDataDir('migrate-');
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates the event store, keys and read-model files in DATA_DIR, and nothing else', async () => {
    await migrate(loadConfig({ DATA_DIR: dataDir }));
    expect(
      fs
        .readdirSync(dataDir)
        .filter((f) => f.endsWith('.sqlite'))
        .sort(),
    ).toEqual(['events.sqlite', 'keys.sqlite', 'read-models.sqlite']);
  });

  (available ? it : it.skip)('creates the same tables in PostgreSQL, and none of the sessions or the access log', async () => {
    const db = await createTestDatabase('migrate');
    const client = new pg.Client({ connectionString: db.url });
    try {
      await migrate(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: db.url }));
      await client.connect();
      const tables = (await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)).rows.map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['events', 'child_keys', 'child_erasures', 'migrations']));
      expect(tables).not.toContain('web_sessions');
      expect(tables).not.toContain('child_reads');
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
