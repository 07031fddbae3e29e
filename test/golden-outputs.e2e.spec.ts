import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import { ProjectionRunner } from '@app/projections';
import { EVENT_STORE } from '@app/composition';
import { loadHistory } from '../apps/cli/src/load-history.js';
import { EventRecorder } from '@app/recording';
import { get, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * The answers a restructuring must not change: GET /flags, /dashboard and timelines on
 * a generated history, compared by digest with those recorded before it
 * (test/golden/outputs.json). A change of behaviour on purpose re-records them with
 * UPDATE_GOLDEN=1 and says why in its commit. On a mismatch the answers are written to
 * test-artifacts/golden/ to compare.
 */
const GOLDEN = path.join('test', 'golden', 'outputs.json');
const ARTIFACTS = path.join('test-artifacts', 'golden');
const END = '2026-06-30';

const QUERIES = [
  '/flags',
  '/flags?asOf=2026-03-31',
  '/flags?asOf=2026-03-31&knownAt=2026-04-15',
  '/flags?asOf=2025-12-31&knownAt=2025-12-31',
  '/flags?severity=red&limit=50',
  '/dashboard',
  '/dashboard?asOf=2026-02-28&knownAt=2026-03-10',
  '/rules',
];

let t: TestApp;
let subjects: string[] = [];

beforeAll(async () => {
  t = await startTestApp(tempDataDir('golden-'));
  const history = [...generateHistory({ seed: 23, scale: 0.04, start: '2025-10-01', end: END })];
  const loaded = await loadHistory(t.app.get(EventRecorder), t.clock, history);
  expect(loaded.refused).toEqual([]);
  await t.app.get(ProjectionRunner).waitFor(await t.app.get<EventStore>(EVENT_STORE).headPosition(), 300_000);
  t.clock.set(new Date(`${END}T16:00:00Z`));
  const data: Record<string, unknown>[] = history.map((e) => ({ type: e.request.type, ...e.request.data }));
  const children = [...new Set(data.filter((d) => d.type === 'ChildRegistered').map((d) => String(d.childId)))].sort();
  const workers = [...new Set(data.filter((d) => d.type === 'WorkerJoined').map((d) => String(d.workerId)))].sort();
  subjects = [...children.filter((_, i) => i % 7 === 0).map((id) => `/children/${id}/timeline`), ...workers.filter((_, i) => i % 5 === 0).map((id) => `/workers/${id}`)];
}, 600_000);

afterAll(async () => {
  await t?.close();
});

/** The answer as the API sends it, less what differs between runs by design (each load's correlation id). */
function canonical(body: unknown): string {
  return JSON.stringify(body, (key, value) => (key === 'correlationId' ? '(run)' : value));
}

describe('answers before and after a restructuring', () => {
  it('are byte-identical to the recorded ones', async () => {
    const answers: Record<string, string> = {};
    for (const query of [...QUERIES, ...subjects, ...subjects.map((s) => `${s}?asOf=2026-03-31&knownAt=2026-04-15`)]) {
      const res = await get(`${t.url}${query}`, TEST_KEYS.admin);
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
      answers[query] = canonical(res.body);
      if (query === '/flags') expect(res.body.total).toBeGreaterThan(50);
    }
    const digests = Object.fromEntries(Object.entries(answers).map(([q, body]) => [q, createHash('sha256').update(body).digest('hex')]));
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
      fs.writeFileSync(GOLDEN, `${JSON.stringify(digests, null, 2)}\n`);
    }
    const recorded = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    const changed = Object.keys({ ...recorded, ...digests }).filter((q) => recorded[q] !== digests[q]);
    if (changed.length > 0) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      for (const q of changed) if (answers[q]) fs.writeFileSync(path.join(ARTIFACTS, `${q.replace(/[^A-Za-z0-9-]+/g, '_')}.json`), answers[q]);
    }
    expect(changed).toEqual([]);
    expect(Object.keys(recorded).length).toBeGreaterThan(20);
  });
});
