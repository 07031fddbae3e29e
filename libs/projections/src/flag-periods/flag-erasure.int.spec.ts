import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY } from '@app/domain';
import { EncryptingEventStore, EVENT_STORE_MIGRATIONS, KEYRING_MIGRATIONS, migrateSqlite, openSqliteKeyring, SqliteEventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import type { DataSource } from 'typeorm';
import { appendHistory } from '../testing/generated-history.js';
import { FlagPeriodProjection, forgetSubject, openSqliteReadModels, ProjectionRunner, READ_MODEL_MIGRATIONS } from '../index.js';

/**
 * An erasure done by one process (an API instance) while a projector in another keeps
 * running: the projector holds the child's timeline and links in memory, and must not
 * derive anyone's flags from them afterwards. Here both are in one process with their
 * own projection instances, on one SQLite read model.
 */
const HISTORY = { seed: 11, scale: 0.05, start: '2025-07-01', end: '2025-12-31' };
const history = [...generateHistory(HISTORY)];
const ERASED_ON = '2026-01-05';
/** Caseloads of more than one case flagged: each names the open cases it counts (its evidence). */
const POLICY = { ...DEFAULT_POLICY, caseload: { maxPerFte: 1, newlyQualifiedMaxPerFte: 1 }, teamCaseload: { maxPerFte: 1 } };

describe('an erasure by another process, while the projector runs', () => {
  let dir: string;
  let store: EncryptingEventStore;
  let live: DataSource;
  let runner: ProjectionRunner;
  let erasedEventIds: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flag-erasure-'));
    migrateSqlite(path.join(dir, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
    migrateSqlite(path.join(dir, 'keys.sqlite'), KEYRING_MIGRATIONS);
    migrateSqlite(path.join(dir, 'live.sqlite'), READ_MODEL_MIGRATIONS);
    store = new EncryptingEventStore(SqliteEventStore.open(path.join(dir, 'events.sqlite')), openSqliteKeyring(path.join(dir, 'keys.sqlite')));
    await appendHistory(store, history);
    live = await openSqliteReadModels(path.join(dir, 'live.sqlite'));
    runner = new ProjectionRunner(store, live, new FlagPeriodProjection(POLICY), { batchSize: 500 });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 120_000)).toBe(true);
  }, 180_000);

  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await live?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("derives no one's flags from the erased child afterwards", async () => {
    // A child whose open case a worker's or team's caseload counts, and goes on counting.
    const counted: { state: string }[] = await live.query("SELECT state FROM flag_periods WHERE known_to IS NULL AND valid_to IS NULL AND subject_type <> 'child'");
    const allocation = history.find((e) => e.request.type === 'CaseAllocated' && counted.some((r) => r.state.includes(e.request.eventId!)))!;
    const { childId, workerId, teamId } = allocation.request.data as { childId: string; workerId: string; teamId: string };
    erasedEventIds = (await store.readStream(`child-${childId}`)).map((e) => e.eventId);
    expect(await periodsNaming(erasedEventIds)).toBeGreaterThan(0);

    await store.erase(childId, { reason: 'court order 2026/117', erasedBy: 'admin-1', erasedAt: `${ERASED_ON}T09:00:00.000Z` });
    expect(await forgetSubject(live, 'child', childId, { policy: POLICY, knownOn: ERASED_ON })).toBe(true);
    expect(await periodsNaming(erasedEventIds)).toBe(0);

    // A new case for the same worker: the projector derives the worker's and the team's caseloads again.
    const child = 'C-AFTER';
    const at = { occurredAt: '2026-01-05', metadata: { recordedAt: `${ERASED_ON}T12:00:00.000Z`, recordedBy: 'test', correlationId: 'test', source: 'api' as const, schemaVersion: 1 } };
    await store.append(`child-${child}`, [{ eventId: crypto.randomUUID(), type: 'ChildRegistered', data: { childId: child, birthMonth: '2019-01', disabled: false }, ...at }], 'no_stream');
    await store.append(`child-${child}`, [{ eventId: crypto.randomUUID(), type: 'CaseAllocated', data: { childId: child, workerId, teamId }, ...at }], 'any');
    expect(await runner.waitFor(await store.headPosition(), 30_000)).toBe(true);

    expect(await periodsNaming(erasedEventIds)).toBe(0);
  });

  /** Current flag periods whose evidence names one of these events. */
  async function periodsNaming(eventIds: string[]): Promise<number> {
    const rows: { state: string }[] = await live.query('SELECT state FROM flag_periods WHERE known_to IS NULL');
    return rows.filter((r) => eventIds.some((id) => r.state.includes(id))).length;
  }
});
