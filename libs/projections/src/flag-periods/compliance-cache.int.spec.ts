import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, DEFAULT_POLICY, type IsoDate } from '@app/domain';
import { EncryptingEventStore, EVENT_STORE_MIGRATIONS, KEYRING_MIGRATIONS, migrateSqlite, openSqliteKeyring, SqliteEventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import type { DataSource } from 'typeorm';
import { createTestDatabase, postgresAvailable } from '../../../event-store/src/testing/index.js';
import { appendHistory } from '../testing/generated-history.js';
import { ComplianceCache, complianceCounts, FlagPeriodProjection, forgetSubject, openPostgresReadModels, openSqliteReadModels, ProjectionRunner, READ_MODEL_MIGRATIONS } from '../index.js';

/**
 * Compliance summaries kept between reads by two processes (two caches) answer as a
 * fresh count does, at every step of a history projected as it arrives (late entries
 * and voids among it) and after an erasure: what the projection changed is forgotten,
 * whatever date and belief it changed.
 */
const HISTORY = { seed: 13, scale: 0.05, start: '2025-07-01', end: '2025-12-31' };
const history = [...generateHistory(HISTORY)];
const STEPS = 6;
const monthEnds = ['2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31', '2026-03-31'];
const recordingDays = [...new Set(history.map((e) => e.recordedAt.slice(0, 10)))].sort();
const knownAts = [undefined, ...[0.2, 0.5, 0.8].map((f) => recordingDays[Math.floor(recordingDays.length * f)])];

/** The read model on each store: a SQLite file, or a scratch PostgreSQL database when the server is there. */
const readModels: [string, (dir: string) => Promise<{ db: DataSource; drop(): Promise<void> }>][] = [
  [
    'SQLite',
    async (dir) => {
      migrateSqlite(path.join(dir, 'read.sqlite'), READ_MODEL_MIGRATIONS);
      return { db: await openSqliteReadModels(path.join(dir, 'read.sqlite')), drop: async () => undefined };
    },
  ],
  ...((await postgresAvailable())
    ? [
        [
          'PostgreSQL',
          async () => {
            const database = await createTestDatabase('compliance_cache', READ_MODEL_MIGRATIONS);
            return { db: await openPostgresReadModels(database.url), drop: () => database.drop() };
          },
        ] as [string, (dir: string) => Promise<{ db: DataSource; drop(): Promise<void> }>],
      ]
    : []),
];

describe.each(readModels)('compliance summaries kept between reads (%s)', (_, openReadModel) => {
  let dir: string;
  let store: EncryptingEventStore;
  let db: DataSource;
  let drop: () => Promise<void>;
  let runner: ProjectionRunner;
  const caches = [new ComplianceCache(), new ComplianceCache()];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-cache-'));
    migrateSqlite(path.join(dir, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
    migrateSqlite(path.join(dir, 'keys.sqlite'), KEYRING_MIGRATIONS);
    store = new EncryptingEventStore(SqliteEventStore.open(path.join(dir, 'events.sqlite')), openSqliteKeyring(path.join(dir, 'keys.sqlite')));
    ({ db, drop } = await openReadModel(dir));
    runner = new ProjectionRunner(store, db, new FlagPeriodProjection(DEFAULT_POLICY), { batchSize: 200 });
    await runner.start();
  });

  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.destroy();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Each cache's summaries, for every date, belief and team asked, against a fresh count in the same transaction. */
  async function expectFresh(dates: IsoDate[]): Promise<void> {
    const [team] = (await db.query('SELECT team_id FROM flag_periods WHERE team_id IS NOT NULL LIMIT 1')) as { team_id: string }[];
    for (const knownAt of knownAts)
      for (const teamId of [undefined, team?.team_id])
        for (const cache of caches)
          await db.transaction(async (tx) => {
            const kept = await cache.summaries(tx, dates, knownAt, teamId);
            expect({ knownAt, teamId, kept }).toEqual({ knownAt, teamId, kept: await complianceCounts(tx, dates, knownAt, teamId) });
          });
  }

  it('answers as a fresh count while the history arrives', async () => {
    for (let step = 1; step <= STEPS; step++) {
      await appendHistory(store, history, Math.floor((history.length * (step - 1)) / STEPS), Math.floor((history.length * step) / STEPS));
      expect(await runner.waitFor(await store.headPosition(), 120_000)).toBe(true);
      // Today's date moves on with the history, as the dashboard's last point does.
      await expectFresh([...monthEnds, addDays(recordingDays[Math.floor((recordingDays.length * step) / STEPS) - 1], 0)]);
    }
  }, 240_000);

  it('answers as a fresh count after an erasure', async () => {
    const [{ subject_id: childId }] = (await db.query("SELECT subject_id FROM flag_periods WHERE subject_type = 'child' AND severity IS NOT NULL LIMIT 1")) as { subject_id: string }[];
    await expectFresh(monthEnds);
    await store.erase(childId, { reason: 'court order 2026/118', erasedBy: 'admin-1', erasedAt: '2026-01-05T09:00:00.000Z' });
    expect(await forgetSubject(db, 'child', childId, { policy: DEFAULT_POLICY, knownOn: '2026-01-05' })).toBe(true);
    await expectFresh(monthEnds);
  });
});
