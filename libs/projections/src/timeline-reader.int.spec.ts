import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SubjectTimeline } from '@app/domain';
import type { DataSource } from 'typeorm';
import { migrateSqlite } from '@app/event-store';
import { openSqliteReadModels, READ_MODEL_MIGRATIONS, TimelineReader } from './index.js';

/**
 * The query side's first load of a whole authority is thousands of rows: it must
 * give the event loop back as it goes, and a query must never see half of it.
 */
const SUBJECTS = 1200;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-reader-'));
let db: DataSource;

/** Writes `count` timeline rows in batch `batch` and moves the checkpoint to it, as the projection would. */
async function project(count: number, batch: number): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = `C-${String(i).padStart(6, '0')}`;
      await tx.query('INSERT OR REPLACE INTO subject_timelines (subject_key, subject_type, subject_id, facts, batch) VALUES (?, ?, ?, ?, ?)', [
        `child:${id}`,
        'child',
        id,
        JSON.stringify([{ batch }]),
        batch,
      ]);
    }
    await tx.query('INSERT OR REPLACE INTO projection_checkpoints (projection, position, batches, updated_at) VALUES (?, ?, ?, ?)', [
      'subject-timelines',
      String(batch * 1000),
      batch,
      new Date().toISOString(),
    ]);
  });
}

const batchOf = (timeline: SubjectTimeline) => (timeline.facts[0] as unknown as { batch: number }).batch;

beforeAll(async () => {
  migrateSqlite(path.join(dir, 'read-models.sqlite'), READ_MODEL_MIGRATIONS);
  db = await openSqliteReadModels(path.join(dir, 'read-models.sqlite'));
});

afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TimelineReader', () => {
  it('loads thousands of rows giving the event loop back between pages, and applies them all at once', async () => {
    await project(SUBJECTS, 1);
    const reader = new TimelineReader(db);
    const seen: string[] = []; // what a query would have seen at each turn of the loop meanwhile: how many timelines, of which batches
    let loading = true;
    const watch = () => {
      if (!loading) return;
      const timelines = [...reader.all()];
      seen.push(`${timelines.length} of batch ${[...new Set(timelines.map(batchOf))].join(' and ')}`);
      setImmediate(watch);
    };
    setImmediate(watch);
    await reader.refresh();
    loading = false;

    expect([...reader.all()].length).toBe(SUBJECTS);
    expect(seen.length).toBeGreaterThan(2); // the loop turned while it loaded
    expect(new Set(seen)).toEqual(new Set(['0 of batch '])); // and nothing was visible before all of it was

    await project(SUBJECTS, 2); // every row changed: applied at once over the old ones
    const before = [...reader.all()];
    seen.length = 0;
    loading = true;
    setImmediate(watch);
    await reader.refresh();
    loading = false;
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen)).toEqual(new Set([`${SUBJECTS} of batch 1`])); // never a mixture
    expect(new Set([...reader.all()].map(batchOf))).toEqual(new Set([2]));
    expect(new Set(before.map(batchOf))).toEqual(new Set([1]));
  });
});
