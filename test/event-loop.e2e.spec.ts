import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { evaluate, flagsOf, seriesDates, summarise, type View } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import { ProjectionRunner, TimelineReader } from '@app/projections';
import { loadHistory } from '../apps/cli/src/load-history.js';
import { EventRecorder } from '@app/recording';
import { EVENT_STORE, READ_MODEL_READER } from '@app/composition';
import { get, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';
import { signedInCookie } from './support/page-session.js';

/**
 * One read must not freeze the server. On a generated year of a small authority,
 * far-date flags and dashboards (twelve dates each) are asked for at once while
 * /health is polled: it must go on answering promptly, and the reads (of the flag read
 * model) must answer exactly what the synchronous evaluator gives.
 */
const END = '2026-06-30';
const SCALE = 0.1;
/**
 * Far above a healthy answer (tens of milliseconds here, a few hundred at worst on a
 * loaded 2-core machine), below the seconds the unsliced evaluations held the loop
 * (1.7 s for half of these reads on an idle machine). When every page worked at once,
 * /health waited for a slice of each between two of its own turns: 0.53–0.60 s for the
 * 30 reads of the second test on an idle machine, up to 1.46 s inside the whole suite's
 * process. The pages now take turns (PageTurns) and each read of the read model is a
 * turn of its own: 0.23–0.33 s for those 30 reads, 0.39–0.52 s for the 36 asked now.
 */
const HEALTH_BOUND_MS = 1000;

let t: TestApp;
/** The subject timelines as the projection left them, for the evaluator. */
let timelines: TimelineReader;

beforeAll(async () => {
  t = await startTestApp(tempDataDir('event-loop-e2e-'));
  timelines = new TimelineReader(t.app.get(READ_MODEL_READER));
  const loaded = await loadHistory(t.app.get(EventRecorder), t.clock, generateHistory({ seed: 23, scale: SCALE, start: '2025-07-01', end: END }));
  expect(loaded.refused).toEqual([]);
  await t.app.get(ProjectionRunner).waitFor(await t.app.get<EventStore>(EVENT_STORE).headPosition(), 120_000);
  await timelines.refresh(); // what the evaluator is held to (the API itself reads flag periods)
  t.clock.set(new Date(`${END}T16:00:00Z`));
  expect((await get(`${t.url}/flags?limit=1`, TEST_KEYS.manager)).status).toBe(200); // the read model is loaded
  expect((await get(`${t.url}/health`)).status).toBe(200); // and the health check's code, once
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** Polls /health back to back until `work` settles; each answer's latency in ms. */
async function healthLatenciesDuring(work: Promise<unknown>): Promise<number[]> {
  let settled = false;
  void work.finally(() => (settled = true)).catch(() => undefined);
  const latencies: number[] = [];
  while (!settled) {
    const started = performance.now();
    const res = await fetch(`${t.url}/health`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** What the synchronous evaluator says for a view, over the same timelines the server reads. */
const evaluated = (view: View) => evaluate([...timelines.all()], t.config.policy, view);
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('long reads and the event loop', () => {
  it('keeps /health answering while far-date flags and dashboards are evaluated, and answers as the synchronous evaluator', async () => {
    const flagViews: View[] = [
      { asOf: '2099-12-31' },
      { asOf: '2099-12-31' }, // the same view at once: one evaluation between them
      { asOf: '1990-01-01' },
      { asOf: '2098-06-15', knownAt: END },
      { asOf: '2026-03-15', knownAt: '2026-04-01' },
    ];
    // Eight dashboards of twelve evaluations each: unsliced, seconds of blocked loop; sliced, no longer a turn.
    const dashboardDates = ['2099-12-31', '2026-02-14', '2098-03-03', '2026-05-20', '2097-07-07', '2025-12-24', '2090-10-10', '2060-01-15'];
    const query = (view: View) => `asOf=${view.asOf}${view.knownAt ? `&knownAt=${view.knownAt}` : ''}`;
    const reads = Promise.all([
      ...flagViews.map((view) => get(`${t.url}/flags?${query(view)}&limit=10000`, TEST_KEYS.manager)),
      ...dashboardDates.map((asOf) => get(`${t.url}/dashboard?asOf=${asOf}`, TEST_KEYS.manager)),
    ]);
    const health = await healthLatenciesDuring(reads);
    const answers = await reads;

    expect(Math.round(Math.max(...health))).toBeLessThan(HEALTH_BOUND_MS);
    expect(health.length).toBeGreaterThan(0); // (reads of the flag read model are lookups: they may all end within a poll or two)
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));

    flagViews.forEach((view, i) => {
      const expected = flagsOf(evaluated(view));
      expect([view, answers[i].body.total, answers[i].body.flags]).toEqual([view, expected.length, plain(expected)]);
    });
    expect(answers[0].body.total).toBeGreaterThan(0);
    dashboardDates.forEach((asOf, i) => {
      const body = answers[flagViews.length + i].body;
      const { overall, rules, teams } = summarise(evaluated({ asOf }));
      expect([asOf, body.overall, body.rules, body.teams]).toEqual([asOf, overall, plain(rules), plain(teams)]);
      expect(body.series.map((point: { overall: unknown }) => point.overall)).toEqual(seriesDates(asOf).map((on) => summarise(evaluated({ asOf: on })).overall));
    });
  }, 120_000);

  it('holds for every read that evaluates: the API endpoints and the dashboard pages', async () => {
    // Every handler that asks AssessmentsService for assessments, each as of three far dates of its own (nothing cached).
    const all = [...timelines.all()];
    const child = all.find((tl) => tl.type === 'child')!.id;
    const worker = all.find((tl) => tl.type === 'worker')!.id;
    const apiReads = ['/flags', '/dashboard', `/children/${child}/timeline`, `/workers/${worker}`];
    const team: string = (await get(`${t.url}/dashboard`, TEST_KEYS.manager)).body.teams[0].teamId;
    const pages = [
      '/dashboard/overview',
      `/dashboard/team?teamId=${team}`,
      '/dashboard/teams',
      '/dashboard/trends',
      '/dashboard/trends?rule=SUPERVISION_OVERDUE',
      '/dashboard/flags',
      '/dashboard/flags.csv',
      `/dashboard/workers/${worker}`,
      `/dashboard/children/${child}`,
    ];
    const cookie = await signedInCookie(t, TEST_KEYS.manager);
    const base = t.url.replace(/\/api\/v1$/, '');
    let year = 2080;
    const asked = (path: string) => [1, 2, 3].map(() => `${path}${path.includes('?') ? '&' : '?'}asOf=${year--}-03-31`);
    const reads = Promise.all([
      ...apiReads.flatMap(asked).map((path) => fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${TEST_KEYS.manager}` } })),
      ...pages.flatMap(asked).map((path) => fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' })),
    ]).then((answers) => Promise.all(answers.map(async (res) => [res.status, (await res.arrayBuffer()).byteLength > 0] as const)));
    const health = await healthLatenciesDuring(reads);

    expect(Math.round(Math.max(...health))).toBeLessThan(HEALTH_BOUND_MS);
    expect(await reads).toEqual((await reads).map(() => [200, true]));
  }, 120_000);
});
