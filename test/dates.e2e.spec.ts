import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/composition';
import { get, post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';
import { signedInCookie } from './support/page-session.js';

/**
 * Dates that are accepted everywhere, over real HTTP: every date parameter of every
 * endpoint and dashboard page is held to one documented range (1990-01-01 to
 * 2099-12-31) with a 400 naming the parameter; a knownAt after today is refused the
 * same way everywhere; and events dated outside the range, or before the child's birth
 * month, are refused and store nothing, one at a time or in a batch.
 */
/** 23:30 in London on 30 June (BST); an hour later it is 1 July there, still 30 June in UTC. */
const NOW = new Date('2026-06-30T22:30:00Z');
const TODAY = '2026-06-30';
const TOMORROW = '2026-07-01';
const OUT_OF_RANGE = ['0100-01-01', '9999-12-31', '2100-01-01', '1989-12-31'];
const RANGE_MESSAGE = 'must be between 1990-01-01 and 2099-12-31';

interface DatedRoute {
  /** The route as the server registers it (checked against the server's own list below). */
  route: string;
  /** A path to ask, with the subject recorded in beforeAll. */
  path: string;
  page: boolean;
  dates: string[];
  /** Parameters that ask "as known on": no date after today. */
  knownAt: string[];
}

const api = (route: string, path: string, dates = ['asOf', 'knownAt']): DatedRoute => ({ route: `/api/v1${route}`, path, page: false, dates, knownAt: dates.filter((d) => d === 'knownAt') });
const page = (route: string, path: string): DatedRoute => ({ route, path, page: true, dates: ['asOf', 'knownAt'], knownAt: ['knownAt'] });

/** Every GET route that takes a date, with every date parameter it takes. */
const DATED: DatedRoute[] = [
  api('/flags', '/flags'),
  api('/dashboard', '/dashboard'),
  api('/children/:id/timeline', '/children/C-1/timeline'),
  api('/workers/:id', '/workers/W-1'),
  api('/access-log', '/access-log', ['from', 'to']),
  page('/dashboard/overview', '/dashboard/overview'),
  page('/dashboard/trends', '/dashboard/trends'),
  page('/dashboard/flags', '/dashboard/flags'),
  page('/dashboard/flags.csv', '/dashboard/flags.csv'),
  page('/dashboard/workers/:id', '/dashboard/workers/W-1'),
  page('/dashboard/children/:id', '/dashboard/children/C-1'),
  page('/dashboard/team', '/dashboard/team'),
  page('/dashboard/teams', '/dashboard/teams'),
  page('/dashboard/rules', '/dashboard/rules'),
];

/** Every other GET route, and why it takes no date: a new route must be put in one list or the other. */
const UNDATED: Record<string, string> = {
  '/api/v1/rules': 'the policy in force, not a view',
  '/api/v1/flags/upcoming': 'always from today in England: what falls due next (`within` days ahead)',
  '/api/v1/health': 'liveness and readiness',
  '/': 'redirects to the dashboard',
  '/sign-in': 'the sign-in form',
  '/sign-in/oidc': 'starts single sign-on',
  '/auth/callback': 'the issuer answers here',
  '/dashboard/*path': "the global prefix's exclusion of the pages (WEB_PATHS), not a page",
  '/sign-in/*path': "the global prefix's exclusion (WEB_PATHS), not a page",
  '/sign-out': "the global prefix's exclusion (WEB_PATHS); signing out is a POST",
  '/accessibility': 'the accessibility statement',
  '/privacy': 'the privacy notice',
  '/favicon.ico': 'redirects to the icon',
  '/dashboard/find': 'the reference search: sends the reader to the child or worker, whose page takes the dates',
  '/dashboard/home': 'sends each reader to where their role starts, carrying the view (which that page checks)',
};
/** The OpenAPI document and its browsable UI (swagger's own files), which take no query. */
const isDocs = (route: string) => route === '/docs' || route.startsWith('/docs/') || route.startsWith('/docs-');

let t: TestApp;
let base: string;
let cookie = '';
const dirs: string[] = [];

/** A page as a signed-in browser asks for it (the API with the admin's bearer token). */
async function ask(route: DatedRoute, query: Record<string, string>): Promise<{ status: number; text: string }> {
  const qs = new URLSearchParams(query).toString();
  const url = route.page ? `${base}${route.path}?${qs}` : `${t.url}${route.path}?${qs}`;
  const res = await fetch(url, { redirect: 'manual', headers: route.page ? { cookie } : { authorization: `Bearer ${TEST_KEYS.admin}` } });
  return { status: res.status, text: await res.text() };
}

/** The GET routes the server has, as registered (Express 5's router). */
function registeredGetRoutes(): string[] {
  const express = t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return [...new Set(express.router.stack.filter((layer) => layer.route?.methods.get).map((layer) => layer.route!.path))];
}

beforeAll(async () => {
  const dir = tempDataDir('practice-audit-dates-');
  dirs.push(dir);
  t = await startTestApp(dir);
  t.clock.set(NOW);
  base = t.url.replace(/\/api\/v1$/, '');
  const events = [
    { type: 'WorkerJoined', occurredAt: '2026-01-05', data: { workerId: 'W-1', teamId: 'T-1', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } },
    { type: 'ChildRegistered', occurredAt: '2026-02-02', data: { childId: 'C-1', birthMonth: '2017-04', disabled: false } },
    { type: 'CaseAllocated', occurredAt: '2026-02-03', data: { childId: 'C-1', workerId: 'W-1', teamId: 'T-1' } },
  ];
  const recorded = await post(`${t.url}/events/batch`, { events });
  expect(recorded.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201]);
  cookie = await signedInCookie(t, TEST_KEYS.admin);
});

afterAll(async () => {
  await t?.close();
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

describe('dates asked about', () => {
  it('lists every GET route the server has, each with the date parameters it takes or a reason it takes none', () => {
    const listed = [...DATED.map((r) => r.route), ...Object.keys(UNDATED)].sort();
    expect(
      registeredGetRoutes()
        .filter((r) => !isDocs(r))
        .sort(),
    ).toEqual(listed);
  });

  it('states the range in the OpenAPI document for every date parameter of the API', async () => {
    const doc = (await get(`${base}/docs-json`)).body as { paths: Record<string, { get?: { parameters?: { name: string; description?: string }[] } }> };
    const missing: string[] = [];
    for (const route of DATED.filter((r) => !r.page)) {
      const path = route.route.replace(/:(\w+)/g, '{$1}');
      const parameters = doc.paths[path]?.get?.parameters ?? [];
      for (const param of route.dates) {
        if (!parameters.find((p) => p.name === param)?.description?.includes('from 1990-01-01 to 2099-12-31')) missing.push(`${path} ${param}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers each route with a date in the range and a knownAt of today', async () => {
    const wrong: string[] = [];
    for (const route of DATED) {
      const query = Object.fromEntries(route.dates.map((d) => [d, d === 'knownAt' || d === 'to' ? TODAY : '1990-01-01']));
      const answer = await ask(route, query);
      if (answer.status !== 200) wrong.push(`${route.path}?${new URLSearchParams(query)}: ${answer.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a date outside 1990-01-01..2099-12-31 in every date parameter with 400 naming the parameter, not the value', async () => {
    const wrong: string[] = [];
    for (const route of DATED) {
      for (const param of route.dates) {
        for (const value of OUT_OF_RANGE) {
          const answer = await ask(route, { [param]: value });
          const message = `${param}: ${RANGE_MESSAGE}`;
          const named = route.page ? answer.text.includes(message) : sameJson(answer.text, { statusCode: 400, error: 'Bad Request', message: [message] });
          if (answer.status !== 400 || !named || answer.text.includes(value)) wrong.push(`${route.path}?${param}=${value}: ${answer.status} ${answer.text.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses the access log a date-time outside the range, or one that is no date-time', async () => {
    const log = DATED.find((r) => r.path === '/access-log')!;
    for (const [param, value] of [
      ['from', '2100-01-01T00:00:00Z'],
      ['to', '1989-12-31T23:59:59.999Z'],
    ]) {
      const answer = await ask(log, { [param]: value });
      expect([answer.status, JSON.parse(answer.text).message]).toEqual([400, [`${param}: ${RANGE_MESSAGE}`]]);
    }
    for (const value of ['2026-02-30', '2026-01-01T99:00Z']) expect((await ask(log, { from: value })).status).toBe(400);
  });

  it('refuses a knownAt after today (Europe/London, by the server clock) on every route that takes one, with the same 400', async () => {
    const wrong: string[] = [];
    for (const route of DATED) {
      for (const param of route.knownAt) {
        const answer = await ask(route, { [param]: TOMORROW });
        const message = `${param}: must not be in the future`;
        const named = route.page ? answer.text.includes(message) : sameJson(answer.text, { statusCode: 400, error: 'Bad Request', message: [message] });
        if (answer.status !== 400 || !named) wrong.push(`${route.path}?${param}=${TOMORROW}: ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('counts today in London: at 23:30 UTC on 30 June it is already 1 July there, so 1 July is not in the future', async () => {
    t.clock.set(new Date('2026-06-30T23:30:00Z'));
    try {
      for (const route of DATED.filter((r) => r.knownAt.length > 0)) expect([route.path, (await ask(route, { knownAt: TOMORROW })).status]).toEqual([route.path, 200]);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('dates recorded', () => {
  const store = () => t.app.get<EventStore>(EVENT_STORE);
  const visit = (occurredAt: string, childId = 'C-1') => ({ type: 'ChildVisited', occurredAt, data: { childId, workerId: 'W-1', seenAlone: true } });
  const registration = (occurredAt: string, birthMonth: string, childId = 'C-2') => ({ type: 'ChildRegistered', occurredAt, data: { childId, birthMonth, disabled: false } });

  /** Every refused event, with the status and the message it must get. */
  const REFUSED: { name: string; event: object; status: number; message: string }[] = [
    ...OUT_OF_RANGE.map((d) => ({ name: `occurredAt ${d}`, event: visit(d), status: 400, message: `occurredAt: ${RANGE_MESSAGE}` })),
    { name: 'occurredAt as a date-time before the range', event: visit('1989-12-31T12:00:00Z'), status: 400, message: `occurredAt: ${RANGE_MESSAGE}` },
    ...['0100-01', '1989-12', '2100-01', '9999-12'].map((m) => ({
      name: `birthMonth ${m}`,
      event: registration('2026-03-02', m),
      status: 400,
      message: 'data.birthMonth: must be between 1990-01 and 2099-12',
    })),
    { name: 'a registration before the birth month', event: registration('2016-12-01', '2017-04'), status: 422, message: 'occurredAt: child C-2 was born in 2017-04; the event is dated 2016-12-01' },
    {
      name: 'a void dated outside the range',
      event: { type: 'EventVoided', occurredAt: '2100-01-01', data: { eventId: '6f1c0e1e-2b7a-4c1d-9a51-3f0f7d0b9e11', reason: 'typo' } },
      status: 400,
      message: `occurredAt: ${RANGE_MESSAGE}`,
    },
  ];

  it('refuses each, one at a time, with its status and message, and stores nothing', async () => {
    const head = await store().headPosition();
    const wrong: string[] = [];
    for (const refused of REFUSED) {
      const answer = await post(`${t.url}/events`, refused.event);
      if (answer.status !== refused.status || JSON.stringify(answer.body.message) !== JSON.stringify([refused.message])) wrong.push(`${refused.name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(wrong).toEqual([]);
    expect(await store().headPosition()).toBe(head);
    expect((await get(`${t.url}/children/C-2/timeline`)).status).toBe(404);
  });

  it('refuses each in a batch, item by item, storing only the good item beside them', async () => {
    const head = await store().headPosition();
    const good = visit('2026-06-01');
    const answer = await post(`${t.url}/events/batch`, { events: [...REFUSED.map((r) => r.event), good] });
    expect(answer.status).toBe(200);
    const results = answer.body.results as { status: number; errors?: string[] }[];
    expect(results.slice(0, -1).map((r) => [r.status, r.errors])).toEqual(REFUSED.map((r) => [r.status, [r.message]]));
    expect(results.at(-1)!.status).toBe(201);
    const added = await store().readAll({ after: head, limit: 100 });
    expect(added.map((e) => e.type)).toEqual(['ChildVisited']);
  });

  it('accepts a registration on the first of the birth month and a birth month at the start of the range; the last month is in range but after any event', async () => {
    const batch = [registration('2017-04-01', '2017-04', 'C-3'), registration('2026-03-02', '1990-01', 'C-4'), registration('2026-03-02', '2099-12', 'C-5')];
    const answer = await post(`${t.url}/events/batch`, { events: batch });
    expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 422]);
    expect(answer.body.results[2].errors).toEqual(['occurredAt: child C-5 was born in 2099-12; the event is dated 2026-03-02']);
  });
});

function sameJson(text: string, expected: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(expected);
  } catch {
    return false;
  }
}
