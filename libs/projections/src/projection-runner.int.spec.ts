import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY, evaluate, flagsOf } from '@app/domain';
import { EVENT_STORE_MIGRATIONS, migrateSqlite, SqliteEventStore, type StoredEvent } from '@app/event-store';
import { generateHistory } from '@app/generator';
import type { DataSource, EntityManager } from 'typeorm';
import { appendHistory } from './testing/generated-history.js';
import { openSqliteReadModels, ProjectionRunner, READ_MODEL_MIGRATIONS, rebuildProjection, SubjectTimelineProjection, TimelineReader, type Projection } from './index.js';

const HISTORY = { seed: 11, scale: 0.05, start: '2025-07-01', end: '2026-06-30' };
const AS_OF = ['2025-09-30', '2026-01-15', '2026-06-30'];

const history = [...generateHistory(HISTORY)];

async function flagsIn(db: DataSource, asOf: string) {
  const reader = new TimelineReader(db);
  await reader.refresh();
  return flagsOf(evaluate(reader.all(), DEFAULT_POLICY, { asOf }));
}

/** The read model's content (the batch that wrote each row differs between a live run and a rebuild). */
async function rows(db: DataSource) {
  return db.query('SELECT subject_key, facts FROM subject_timelines ORDER BY subject_key');
}

/** A projection that fails once, on its `failOn`-th batch, after writing its rows. */
class FailingOnce implements Projection {
  readonly name = 'subject-timelines';
  private batches = 0;
  constructor(
    private readonly inner: SubjectTimelineProjection,
    private readonly failOn: number,
  ) {}
  async apply(events: StoredEvent[], tx: EntityManager, batch: number) {
    await this.inner.apply(events, tx, batch);
    if (++this.batches === this.failOn) throw new Error('disk full (simulated)');
  }
  reset = (tx: EntityManager) => this.inner.reset(tx);
  invalidate = () => this.inner.invalidate();
}

describe('projections on the embedded default', () => {
  let dir: string;
  let store: SqliteEventStore;
  const opened: DataSource[] = [];
  const open = async (name: string) => {
    migrateSqlite(path.join(dir, name), READ_MODEL_MIGRATIONS);
    const db = await openSqliteReadModels(path.join(dir, name));
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projections-'));
    migrateSqlite(path.join(dir, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
    store = await SqliteEventStore.open(path.join(dir, 'events.sqlite'));
  });

  afterEach(async () => {
    await store.close();
    for (const db of opened.splice(0)) await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a rebuild from zero gives the same rows and flags as the live projection', async () => {
    const live = await open('live.sqlite');
    const runner = new ProjectionRunner(store, live, new SubjectTimelineProjection(), { batchSize: 300 });
    await runner.start();
    const appended = await appendHistory(store, history);
    expect(await runner.waitFor(await store.headPosition(), 60_000)).toBe(true);
    await runner.stop();

    const rebuilt = await open('rebuilt.sqlite');
    const progress = await rebuildProjection(store, rebuilt, new SubjectTimelineProjection(), { batchSize: 700 });
    expect(progress.done).toBe(appended);
    expect(await rows(rebuilt)).toEqual(await rows(live));
    for (const asOf of AS_OF) {
      const flags = await flagsIn(live, asOf);
      expect(await flagsIn(rebuilt, asOf)).toEqual(flags);
    }
    expect((await flagsIn(live, HISTORY.end)).length).toBeGreaterThan(0);
  });

  it('a failed batch commits neither rows nor checkpoint, and the runner resumes without double counting', async () => {
    const appended = await appendHistory(store, history);
    const db = await open('read.sqlite');
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(store, db, new FailingOnce(new SubjectTimelineProjection(), 3), {
      batchSize: 250,
      retryDelayMs: 10,
      onError: (e) => errors.push(e),
    });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 60_000)).toBe(true);
    await runner.stop();
    expect(errors).toHaveLength(1);
    expect(runner.applied).toBe(appended); // the failed batch, applied again, is counted once

    const clean = await open('clean.sqlite');
    await rebuildProjection(store, clean, new SubjectTimelineProjection());
    expect(await rows(db)).toEqual(await rows(clean));
  });

  it('a runner stopped and started again continues from its checkpoint', async () => {
    const half = Math.floor(history.length / 2);
    await appendHistory(store, history, 0, half);
    const db = await open('read.sqlite');
    const first = new ProjectionRunner(store, db, new SubjectTimelineProjection(), { batchSize: 200 });
    await first.start();
    expect(await first.waitFor(await store.headPosition(), 60_000)).toBe(true);
    await first.stop();
    await appendHistory(store, history, half);

    const second = new ProjectionRunner(store, db, new SubjectTimelineProjection(), { batchSize: 200 });
    await second.start();
    expect(await second.waitFor(await store.headPosition(), 60_000)).toBe(true);
    await second.stop();

    const clean = await open('clean.sqlite');
    await rebuildProjection(store, clean, new SubjectTimelineProjection());
    expect(await rows(db)).toEqual(await rows(clean));
  });
});
