import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SCENARIO, TODAY } from './support/scenario.js';
import { get, post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * Erasing a child despite the immutable log (README, Privacy): after it, no read,
 * export or rebuild reveals the child's data, and every other child's flags are as
 * they were. Over real HTTP on the embedded default, scanning the files themselves.
 */
const ERASED = 'C-S01';
/** A value only the erased child's data holds, to look for in every file afterwards. */
const MARKER = 'erasure-marker-7f3a';

type FlagBody = { rule: string; subject: { type: string; id: string } };

const dataDir = tempDataDir('practice-audit-erasure-');
let t: TestApp;
let before: FlagBody[];

async function recordScenario(app: TestApp): Promise<void> {
  for (const day of [...new Set(SCENARIO.map((e) => e.recordedOn))]) {
    app.clock.set(`${day}T12:00:00Z`);
    const res = await post(`${app.url}/events/batch`, { events: SCENARIO.filter((e) => e.recordedOn === day).map((e) => e.request) });
    expect(res.body.results.filter((r: { status: number }) => r.status !== 201)).toEqual([]);
  }
  app.clock.set(`${TODAY}T12:00:00Z`);
}

/** Every file of the data directory that holds `text` (SQLite files and their WALs). */
function filesHolding(text: string): string[] {
  return fs.readdirSync(dataDir).filter((f) => fs.readFileSync(path.join(dataDir, f)).includes(Buffer.from(text)));
}

const childFlags = (flags: FlagBody[]) => flags.filter((f) => f.subject.type === 'child');
const allFlags = async (app: TestApp): Promise<FlagBody[]> => (await get(`${app.url}/flags?asOf=${TODAY}`)).body.flags;

beforeAll(async () => {
  t = await startTestApp(dataDir);
  await recordScenario(t);
  const referral = { type: 'ReferralReceived', occurredAt: '2026-06-10', data: { childId: ERASED, source: MARKER, concerns: ['neglect'] } };
  expect((await post(`${t.url}/events`, referral)).status).toBe(201);
  before = await allFlags(t);
});

afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('erasing a child', () => {
  it('holds the child’s data in the read model and nowhere in plaintext in the event store (before)', async () => {
    expect((await get(`${t.url}/children/${ERASED}/timeline`)).body.events.some((e: { data: { source?: string } }) => e.data.source === MARKER)).toBe(true);
    const holding = filesHolding(MARKER);
    expect(holding.some((f) => f.startsWith('read-models'))).toBe(true);
    expect(holding.filter((f) => f.startsWith('events'))).toEqual([]);
  });

  it('is for admins only', async () => {
    for (const token of [TEST_KEYS.auditor, TEST_KEYS.manager]) {
      expect((await post(`${t.url}/children/${ERASED}/erasure`, { reason: 'SAR-2026-118' }, token)).status).toBe(403);
    }
    expect((await post(`${t.url}/children/${ERASED}/erasure`, {})).status).toBe(400);
    expect((await get(`${t.url}/children/${ERASED}/timeline`)).status).toBe(200);
  });

  it('destroys the key, records who, when and why, and is idempotent', async () => {
    const res = await post(`${t.url}/children/${ERASED}/erasure`, { reason: 'SAR-2026-118' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ childId: ERASED, reason: 'SAR-2026-118', erasedBy: expect.stringMatching(/^api-key:/), erasedAt: `${TODAY}T12:00:00.000Z` });
    const again = await post(`${t.url}/children/${ERASED}/erasure`, { reason: 'another reason' });
    expect(again.body).toEqual(res.body);
  });

  it('leaves no read revealing the child: timeline gone, no flags, nothing in any file', async () => {
    const timeline = await get(`${t.url}/children/${ERASED}/timeline`);
    expect(timeline.status).toBe(410);
    expect(JSON.stringify(timeline.body)).not.toContain(MARKER);
    expect((await get(`${t.url}/flags?childId=${ERASED}`)).body.flags).toEqual([]);
    expect(filesHolding(MARKER)).toEqual([]);
  });

  it("leaves every other child's flags exactly as they were", async () => {
    const after = await allFlags(t);
    expect(childFlags(before).some((f) => f.subject.id === ERASED)).toBe(true);
    expect(childFlags(after)).toEqual(childFlags(before).filter((f) => f.subject.id !== ERASED));
  });

  it('refuses anything more for the child with 410, and records the rest of a batch', async () => {
    const visit = { type: 'ReferralReceived', occurredAt: '2026-06-20', data: { childId: ERASED, source: 'police', concerns: ['neglect'] } };
    expect((await post(`${t.url}/events`, visit)).status).toBe(410);
    const other = { eventId: randomUUID(), type: 'ReferralReceived', occurredAt: '2026-06-20', data: { childId: 'C-S02', source: 'police', concerns: ['neglect'] } };
    const batch = await post(`${t.url}/events/batch`, { events: [visit, other] });
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([410, 201]);
  });

  it('stays erased through a rebuild of the read models from zero', async () => {
    const flags = await allFlags(t);
    await t.close();
    for (const f of fs.readdirSync(dataDir).filter((f) => f.startsWith('read-models'))) fs.rmSync(path.join(dataDir, f));
    t = await startTestApp(dataDir);
    t.clock.set(`${TODAY}T12:00:00Z`);
    expect(await allFlags(t)).toEqual(flags);
    expect((await get(`${t.url}/children/${ERASED}/timeline`)).status).toBe(410);
    expect(filesHolding(MARKER)).toEqual([]);
  });
});
