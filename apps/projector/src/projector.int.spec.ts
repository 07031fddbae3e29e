import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DEFAULT_POLICY } from '@app/domain';
import { createTestDatabase, postgresAvailable } from '../../../libs/event-store/src/testing/index.js';
import { waitFor } from '../../../libs/event-store/src/testing/wait-for.js';
import { tempDataDir } from '../../../test/support/test-app.js';
import { startProjector, type Projector } from './projector.js';

const available = await postgresAvailable();

/** The projector's GET /health shows when a transaction open anywhere on the server (here in another database) holds its reader back. */
(available ? describe : describe.skip)('projector health: the reader held back', () => {
  let projector: Projector;
  let db: { url: string; drop(): Promise<void> };
  let other: { url: string; drop(): Promise<void> };
  let elsewhere: pg.Client;
  const dataDir = tempDataDir('projector-holdback-');

  beforeAll(async () => {
    db = await createTestDatabase('projector');
    other = await createTestDatabase('projector_other');
    projector = await startProjector({ dataDir, databaseUrl: db.url, port: 0, policy: DEFAULT_POLICY });
    // Its runner's start (checkpoint, projection version) writes in a transaction of its own: let it end before the one measured.
    const active = async () => ((await (await fetch(`http://127.0.0.1:${projector.port}/health`)).json()) as { active: boolean }).active;
    await waitFor(active, 'the projector to hold its lease and start', 30_000);
    elsewhere = new pg.Client({ connectionString: other.url });
    await elsewhere.connect();
  });

  afterAll(async () => {
    await elsewhere?.end();
    await projector?.close();
    await db?.drop();
    await other?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports the open transaction in another database holding the reader back, and its age', async () => {
    await elsewhere.query('CREATE TABLE IF NOT EXISTS unrelated (n int)');
    await elsewhere.query('BEGIN');
    await elsewhere.query('INSERT INTO unrelated VALUES (1)');
    const health = (await (await fetch(`http://127.0.0.1:${projector.port}/health`)).json()) as { reader: Record<string, any> };
    expect(health.reader).toMatchObject({ heldBack: true, oldestTransaction: { holdsReaders: true } });
    expect(health.reader.oldestTransaction.ageSeconds).toBeGreaterThan(0);
    await elsewhere.query('COMMIT');
  });
});
