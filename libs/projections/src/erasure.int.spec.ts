import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY, evaluate, flagsOf, type Flag } from '@app/domain';
import { EncryptingEventStore, EVENT_STORE_MIGRATIONS, KEYRING_MIGRATIONS, migrateSqlite, openPostgresKeyring, openSqliteKeyring, PostgresEventStore, SqliteEventStore, START } from '@app/event-store';
import { generateHistory } from '@app/generator';
import type { DataSource } from 'typeorm';
import { createTestDatabase, postgresAvailable } from '../../event-store/src/testing/index.js';
import { appendHistory } from './testing/generated-history.js';
import { forgetSubject, openPostgresReadModels, openSqliteReadModels, ProjectionRunner, READ_MODEL_MIGRATIONS, rebuildProjection, SubjectTimelineProjection, TimelineReader } from './index.js';

const HISTORY = { seed: 11, scale: 0.05, start: '2025-07-01', end: '2026-06-30' };
const AS_OF = ['2025-10-15', '2026-03-31', HISTORY.end];
/** Erasures on the history's last day, under the default policy. */
const FORGET = { policy: DEFAULT_POLICY, knownOn: '2026-07-01' };
const ERASURE = { reason: 'court order 2026/117', erasedBy: 'admin-1', erasedAt: '2026-07-01T09:00:00.000Z' };

const history = [...generateHistory(HISTORY)];

const newEvent = (type: string, data: Record<string, unknown>) => ({
  eventId: crypto.randomUUID(),
  type,
  occurredAt: HISTORY.end,
  data,
  metadata: { recordedAt: `${HISTORY.end}T12:00:00.000Z`, recordedBy: 'test', correlationId: 'test', source: 'api', schemaVersion: 1 },
});

async function rows(db: DataSource): Promise<{ subject_key: string; facts: string }[]> {
  return db.query('SELECT subject_key, facts FROM subject_timelines ORDER BY subject_key');
}

async function flagsIn(db: DataSource, asOf: string): Promise<Flag[]> {
  const reader = new TimelineReader(db);
  await reader.refresh();
  return flagsOf(evaluate(reader.all(), DEFAULT_POLICY, { asOf }));
}

const isChild = (id: string) => (flag: Flag) => flag.subject.type === 'child' && flag.subject.id === id;
const not =
  <T>(predicate: (value: T) => boolean) =>
  (value: T) =>
    !predicate(value);

/** The database file and its WAL: where a deleted row's bytes could linger. */
function filesContain(file: string, text: string): boolean {
  const siblings = fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(path.basename(file)));
  return siblings.some((name) => fs.readFileSync(path.join(path.dirname(file), name)).includes(Buffer.from(text, 'utf8')));
}

describe('erasing a child (crypto-shredding) and the subject-timeline read model', () => {
  let dir: string;
  let store: EncryptingEventStore;
  let live: DataSource;
  let rebuilt: DataSource;
  let runner: ProjectionRunner;
  let erased: string;
  let erasedEventIds: string[];
  let rowsBefore: { subject_key: string; facts: string }[];
  const flagsBefore = new Map<string, Flag[]>();
  const liveFile = () => path.join(dir, 'live.sqlite');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erasure-projections-'));
    migrateSqlite(path.join(dir, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
    migrateSqlite(path.join(dir, 'keys.sqlite'), KEYRING_MIGRATIONS);
    for (const file of [liveFile(), path.join(dir, 'rebuilt.sqlite')]) migrateSqlite(file, READ_MODEL_MIGRATIONS);
    store = new EncryptingEventStore(SqliteEventStore.open(path.join(dir, 'events.sqlite')), openSqliteKeyring(path.join(dir, 'keys.sqlite')));
    await appendHistory(store, history);
    live = await openSqliteReadModels(liveFile());
    runner = new ProjectionRunner(store, live, new SubjectTimelineProjection(), { batchSize: 500 });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 30_000)).toBe(true);

    rowsBefore = await rows(live);
    for (const asOf of AS_OF) flagsBefore.set(asOf, await flagsIn(live, asOf));
    erased = pickChild(await store.readAll({ after: START, limit: 100_000 }), flagsBefore.get(HISTORY.end)!);
    erasedEventIds = (await store.readStream(`child-${erased}`)).map((event) => event.eventId);
    expect(filesContain(liveFile(), erasedEventIds[0])).toBe(true); // the scan finds the child's facts while they are there

    // What the API does on erasure: erase, stop the projection, forget the row, resume.
    await store.erase(erased, ERASURE);
    await runner.stop();
    expect(await forgetSubject(live, 'child', erased, FORGET)).toBe(true);
    await runner.start();

    rebuilt = await openSqliteReadModels(path.join(dir, 'rebuilt.sqlite'));
    await rebuildProjection(store, rebuilt, new SubjectTimelineProjection(), { batchSize: 700 });
  }, 60_000);

  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await live?.destroy();
    await rebuilt?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('picked a child with a real history: several events and flags', () => {
    expect(erasedEventIds.length).toBeGreaterThanOrEqual(8);
    expect(flagsBefore.get(HISTORY.end)!.filter(isChild(erased)).length).toBeGreaterThan(0);
  });

  it("forgetSubject removes the child's row from the live read model, leaving none of its facts in the file", async () => {
    const withoutChild = rowsBefore.filter((row) => row.subject_key !== `child:${erased}`);
    expect(withoutChild).toHaveLength(rowsBefore.length - 1);
    expect(await rows(live)).toEqual(withoutChild);
    for (const eventId of erasedEventIds) expect(filesContain(liveFile(), eventId)).toBe(false);
    expect(await forgetSubject(live, 'child', erased, FORGET)).toBe(false);
  });

  it('a rebuild from zero has no trace of the child and exactly the same rows for every other subject', async () => {
    expect(await rows(rebuilt)).toEqual(rowsBefore.filter((row) => row.subject_key !== `child:${erased}`));
    for (const eventId of erasedEventIds) expect(filesContain(path.join(dir, 'rebuilt.sqlite'), eventId)).toBe(false);
  });

  it('gives every other child exactly the flags it had, and the erased child none', async () => {
    for (const asOf of AS_OF) {
      const after = await flagsIn(rebuilt, asOf);
      const before = flagsBefore.get(asOf)!;
      const children = (flags: Flag[]) => flags.filter((f) => f.subject.type === 'child').filter(not(isChild(erased)));
      expect(children(after)).toEqual(children(before));
      expect(after.filter(isChild(erased))).toEqual([]);
      expect(await flagsIn(live, asOf)).toEqual(after);
    }
  });

  it('changes worker and team flags only where the erased case counted: caseloads', async () => {
    const staffFlags = (flags: Flag[]) => flags.filter((f) => f.subject.type !== 'child' && !f.rule.includes('CASELOAD'));
    for (const asOf of AS_OF) expect(staffFlags(await flagsIn(rebuilt, asOf))).toEqual(staffFlags(flagsBefore.get(asOf)!));
  });

  // Last: it appends and erases more, which the tests above must not see.
  it('keeps projecting live past erased events: skips them and moves the checkpoint on', async () => {
    await runner.stop();
    const other = rowsBefore.find((row) => row.subject_key.startsWith('child:') && row.subject_key !== `child:${erased}`)!.subject_key.slice(6);
    const visit = newEvent('ChildVisited', { childId: other, workerId: 'W-0001', seenAlone: true });
    await store.append(`child-${other}`, [visit], 'any');
    await store.append('child-C-NEW', [newEvent('ChildRegistered', { childId: 'C-NEW', birthMonth: '2020-01', disabled: false })], 'no_stream');
    await store.erase('C-NEW', ERASURE);
    await runner.start();

    expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
    const after = await rows(live);
    expect(after.find((row) => row.subject_key === `child:${other}`)!.facts).toContain(visit.eventId);
    expect(after.map((row) => row.subject_key)).not.toContain('child:C-NEW');
    expect(after.map((row) => row.subject_key)).not.toContain(`child:${erased}`);
  });
});

const onPostgres = (await postgresAvailable()) ? describe : describe.skip;

onPostgres('erasing a child: PostgreSQL event store and read model', () => {
  let database: { url: string; drop(): Promise<void> };
  let store: EncryptingEventStore;
  let readModel: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('erasure_read_model', [...EVENT_STORE_MIGRATIONS, ...KEYRING_MIGRATIONS, ...READ_MODEL_MIGRATIONS]);
    store = new EncryptingEventStore(await PostgresEventStore.open(database.url), await openPostgresKeyring(database.url));
    readModel = await openPostgresReadModels(database.url);
  });
  afterAll(async () => {
    await store?.close();
    await readModel?.destroy();
    await database?.drop();
  });

  it('forgets the row, and a rebuild brings back every other subject only', async () => {
    for (const id of ['C-1', 'C-2']) {
      await store.append(
        `child-${id}`,
        [newEvent('ChildRegistered', { childId: id, birthMonth: '2019-05', disabled: false }), newEvent('ReferralReceived', { childId: id, source: 'police', concerns: ['neglect'] })],
        'no_stream',
      );
    }
    await rebuildProjection(store, readModel, new SubjectTimelineProjection());
    const before = await rows(readModel);
    expect(before.map((row) => row.subject_key)).toEqual(['child:C-1', 'child:C-2']);

    await store.erase('C-2', ERASURE);
    expect(await forgetSubject(readModel, 'child', 'C-2', FORGET)).toBe(true);
    expect(await rows(readModel)).toEqual([before[0]]);
    await rebuildProjection(store, readModel, new SubjectTimelineProjection());
    expect(await rows(readModel)).toEqual([before[0]]);
  });
});

/** A child with several events and flags at the end of the history, the same one every run (the generator is seeded). */
function pickChild(events: { streamId: string }[], flags: Flag[]): string {
  const counts = new Map<string, number>();
  for (const { streamId } of events) if (streamId.startsWith('child-')) counts.set(streamId.slice(6), (counts.get(streamId.slice(6)) ?? 0) + 1);
  const flagged = new Set(flags.filter((f) => f.subject.type === 'child').map((f) => f.subject.id));
  const candidates = [...counts].filter(([id, count]) => count >= 8 && flagged.has(id)).sort(([a], [b]) => (a < b ? -1 : 1));
  if (candidates.length === 0) throw new Error('no child with several events and flags in the generated history');
  return candidates[0][0];
}
