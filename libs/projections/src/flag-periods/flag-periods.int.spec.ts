import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assessmentsAt, DEFAULT_POLICY, evaluate } from '@app/domain';
import { EVENT_STORE_MIGRATIONS, migrateSqlite, SqliteEventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import type { DataSource } from 'typeorm';
import { createTestDatabase, postgresAvailable } from '../../../event-store/src/testing/index.js';
import { appendHistory } from '../testing/generated-history.js';
import {
  FlagPeriodProjection,
  openPostgresReadModels,
  openSqliteReadModels,
  periodsAt,
  ProjectionRunner,
  READ_MODEL_MIGRATIONS,
  rebuildProjection,
  SubjectTimelineProjection,
  TimelineReader,
} from '../index.js';

/**
 * The flag read model on the embedded default, against the one evaluator: a generated
 * history (late entries and voids included) projected live in small batches answers
 * every as-of date, as known on any recording day, exactly as `evaluate` does on the
 * same timelines; a rebuild from zero in other batches, reading back the timelines it
 * no longer keeps in memory, writes the same rows.
 */
const HISTORY = { seed: 11, scale: 0.05, start: '2025-07-01', end: '2025-10-31' };
const history = [...generateHistory(HISTORY)];
const postgresReady = await postgresAvailable();

describe('the flag read model (SQLite)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let live: DataSource;
  const opened: DataSource[] = [];
  const open = async (name: string) => {
    migrateSqlite(path.join(dir, name), READ_MODEL_MIGRATIONS);
    const db = await openSqliteReadModels(path.join(dir, name));
    opened.push(db);
    return db;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flag-periods-'));
    migrateSqlite(path.join(dir, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
    store = await SqliteEventStore.open(path.join(dir, 'events.sqlite'));
    await appendHistory(store, history);
    live = await open('live.sqlite');
    const runner = new ProjectionRunner(store, live, new FlagPeriodProjection(DEFAULT_POLICY), { batchSize: 250 });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 240_000)).toBe(true);
    await runner.stop();
  }, 300_000);

  afterAll(async () => {
    await store.close();
    for (const db of opened.splice(0)) await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const recordingDays = [...new Set(history.map((e) => e.recordedAt.slice(0, 10)))].sort();
  const knownAts = [undefined, recordingDays[3], recordingDays[Math.floor(recordingDays.length / 2)], recordingDays.at(-2)];
  const asOfs = ['2025-06-30', '2025-07-01', '2025-08-15', '2025-09-30', '2025-10-31', '2026-01-01', '2026-07-01', '2027-03-31'];

  it.each(knownAts.map((k) => [k ?? 'today']))('answers every as-of date as known on %s exactly as the evaluator does', async (known) => {
    const knownAt = known === 'today' ? undefined : known;
    const reader = new TimelineReader(live);
    await reader.refresh();
    for (const asOf of asOfs) {
      const view = { asOf, ...(knownAt ? { knownAt } : {}) };
      const expected = evaluate(reader.all(), DEFAULT_POLICY, view);
      expect({ asOf, assessments: assessmentsAt(await periodsAt(live.manager, view), asOf) }).toEqual({ asOf, assessments: expected });
    }
  });

  it('is rebuilt from zero, in other batches and keeping 20 timelines in memory, row for row', async () => {
    const rebuilt = await open('rebuilt.sqlite');
    await rebuildProjection(store, rebuilt, new FlagPeriodProjection(DEFAULT_POLICY, new SubjectTimelineProjection(20)), { batchSize: 700 });
    const expected = await rows(live);
    expect(expected.length).toBeGreaterThan(0);
    expect(await rows(rebuilt)).toEqual(expected);
  }, 300_000);

  const onPostgres = postgresReady ? describe : describe.skip;

  onPostgres('on PostgreSQL', () => {
    let database: { url: string; drop(): Promise<void> };
    let postgres: DataSource;

    beforeAll(async () => {
      database = await createTestDatabase('flag_periods', READ_MODEL_MIGRATIONS);
      postgres = await openPostgresReadModels(database.url);
      await rebuildProjection(store, postgres, new FlagPeriodProjection(DEFAULT_POLICY), { batchSize: 400 });
    }, 300_000);
    afterAll(async () => {
      await postgres?.destroy();
      await database?.drop();
    });

    it('writes the same rows as on SQLite', async () => {
      expect(await rows(postgres)).toEqual(await rows(live));
    });

    it.each([[undefined], [recordingDays[Math.floor(recordingDays.length / 2)]]])('answers as the evaluator does, as known on %s', async (knownAt) => {
      const reader = new TimelineReader(live);
      await reader.refresh();
      for (const asOf of asOfs) {
        const view = { asOf, ...(knownAt ? { knownAt } : {}) };
        expect(assessmentsAt(await periodsAt(postgres.manager, view), asOf)).toEqual(evaluate(reader.all(), DEFAULT_POLICY, view));
      }
    });
  });
});

/** The read model's content, in a fixed order (ids differ between runs and stores). */
const rows = (db: DataSource): Promise<Record<string, string | null>[]> =>
  db.query('SELECT rule, subject_type, subject_id, valid_from, valid_to, known_from, known_to, state FROM flag_periods ORDER BY subject_type, subject_id, rule, valid_from, known_from, known_to');
