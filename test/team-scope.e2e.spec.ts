import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { startTestIssuer, type TestIssuer } from './support/oidc-issuer.js';
import { signInWithKey, visitPage, type PageSession } from './support/page-session.js';
import { routesOf } from './support/routes.js';
import { get, post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * Team scope over time, over real HTTP: a manager bound to T-NORTH never receives
 * anything from a time when a worker or child belonged to another team (or to none),
 * whatever the endpoint or page and whatever its parameters (asOf, knownAt, filters,
 * cursors). The history moves workers and children between teams, records some
 * events late and voids some; every combination of the parameters below is asked.
 */
const TODAY = '2026-06-30';
const NORTH = 'T-NORTH';
const SOUTH = 'T-SOUTH';

/** The oracle, written out by hand from the history below: when each subject truly belonged to T-NORTH, [from, to). */
const NORTH_PERIODS: Record<string, [string, string?][]> = {
  'worker W-N': [['2026-01-05']],
  'worker W-S': [],
  'worker W-M': [['2026-01-05', '2026-03-02'], ['2026-05-04']],
  'child C-N': [['2026-01-06']],
  'child C-A': [['2026-01-06', '2026-03-02']],
  'child C-B': [['2026-04-01']],
  'child C-C': [],
  'child C-D': [],
};
const SUBJECTS = Object.keys(NORTH_PERIODS);

/** asOf: before any allocation, before/on/after each move, and not given (today). */
const AS_OF = ['2026-01-05', '2026-02-05', '2026-03-01', '2026-03-02', '2026-03-25', '2026-04-10', '2026-05-04', undefined];
/** knownAt: before the mistaken allocation's void, before the late entries, after the late move, and not given. */
const KNOWN_AT = [undefined, '2026-02-05', '2026-03-25', '2026-04-16'];

interface Recorded {
  label: string;
  eventId: string;
  subject: string;
  occurredAt: string;
  recordedOn: string;
  request: { eventId: string; type: string; occurredAt: string; data: Record<string, unknown> };
  voids?: string;
}

const history: Recorded[] = [];
const byLabel = (label: string) => history.find((e) => e.label === label)!;

function record(subject: string, label: string, type: string, occurredAt: string, data: Record<string, unknown>, recordedOn = occurredAt): void {
  const eventId = randomUUID();
  history.push({ label, eventId, subject, occurredAt, recordedOn, request: { eventId, type, occurredAt, data } });
}

function voidOf(target: string, on: string): void {
  const t = byLabel(target);
  const eventId = randomUUID();
  history.push({
    label: `void of ${target}`,
    eventId,
    subject: t.subject,
    occurredAt: on,
    recordedOn: on,
    voids: target,
    request: { eventId, type: 'EventVoided', occurredAt: on, data: { eventId: t.eventId, reason: 'entered_in_error' } },
  });
}

const joined = (id: string, teamId: string) => ({ workerId: id, teamId, role: 'social_worker', caseHolding: true, agency: false, fte: 1 });
const supervision = (workerId: string) => ({ workerId, supervisorId: 'W-SUP', durationMinutes: 90, reflective: true });

// Workers: W-N in North, W-S in South, W-M North, South from 2 March, North again from 4 May.
record('worker W-N', 'W-N joined', 'WorkerJoined', '2026-01-05', joined('W-N', NORTH));
record('worker W-S', 'W-S joined', 'WorkerJoined', '2026-01-05', joined('W-S', SOUTH));
record('worker W-M', 'W-M joined', 'WorkerJoined', '2026-01-05', joined('W-M', NORTH));
record('worker W-S', 'W-S supervised', 'SupervisionHeld', '2026-02-02', supervision('W-S'));
record('worker W-M', 'W-M supervised in North', 'SupervisionHeld', '2026-02-02', supervision('W-M'));
record('worker W-M', 'W-M to South', 'WorkerChangedTeam', '2026-03-02', { workerId: 'W-M', teamId: SOUTH });
record('worker W-M', 'W-M supervised in South', 'SupervisionHeld', '2026-03-16', supervision('W-M'));
record('worker W-M', 'W-M supervised in South, logged late', 'SupervisionHeld', '2026-03-09', supervision('W-M'), '2026-04-20');
record('worker W-M', 'W-M mistaken supervision in South', 'SupervisionHeld', '2026-04-06', supervision('W-M'));
voidOf('W-M mistaken supervision in South', '2026-04-08');
record('worker W-M', 'W-M back to North', 'WorkerChangedTeam', '2026-05-04', { workerId: 'W-M', teamId: NORTH });
record('worker W-M', 'W-M supervised in North again', 'SupervisionHeld', '2026-05-18', supervision('W-M'));
record('worker W-M', 'W-M mistaken supervision in North', 'SupervisionHeld', '2026-05-20', supervision('W-M'));
voidOf('W-M mistaken supervision in North', '2026-05-25');

const child = (childId: string) => ({ childId, birthMonth: '2015-03', disabled: false });
// C-N: North only. Registered (and referred) before any allocation: no team's then.
record('child C-N', 'C-N registered', 'ChildRegistered', '2026-01-02', child('C-N'));
record('child C-N', 'C-N allocated in North', 'CaseAllocated', '2026-01-06', { childId: 'C-N', workerId: 'W-N', teamId: NORTH });
record('child C-N', 'C-N visited', 'ChildVisited', '2026-01-15', { childId: 'C-N', workerId: 'W-N', seenAlone: true });
// C-A: North, moved to South on 2 March, then a CP plan; a North visit logged late and a North visit voided from the South period.
record('child C-A', 'C-A registered', 'ChildRegistered', '2026-01-02', child('C-A'));
record('child C-A', 'C-A referred', 'ReferralReceived', '2026-01-02', { childId: 'C-A', source: 'police', concerns: ['neglect'] });
record('child C-A', 'C-A allocated in North', 'CaseAllocated', '2026-01-06', { childId: 'C-A', workerId: 'W-M', teamId: NORTH });
record('child C-A', 'C-A visited in North', 'ChildVisited', '2026-01-20', { childId: 'C-A', workerId: 'W-M', seenAlone: true });
record('child C-A', 'C-A mistaken visit in North', 'ChildVisited', '2026-02-15', { childId: 'C-A', workerId: 'W-M', seenAlone: false });
record('child C-A', 'C-A visited in North, logged late', 'ChildVisited', '2026-02-20', { childId: 'C-A', workerId: 'W-M', seenAlone: true }, '2026-04-01');
record('child C-A', 'C-A moved to South', 'CaseAllocated', '2026-03-02', { childId: 'C-A', workerId: 'W-S', teamId: SOUTH });
record('child C-A', 'C-A visited in South', 'ChildVisited', '2026-03-10', { childId: 'C-A', workerId: 'W-S', seenAlone: true });
record('child C-A', 'C-A CP plan in South', 'ChildProtectionPlanStarted', '2026-03-20', { childId: 'C-A', category: 'neglect' });
record('child C-A', 'C-A conference in South, logged late', 'ChildProtectionConferenceHeld', '2026-03-21', { childId: 'C-A', kind: 'initial' }, '2026-04-16');
record('child C-A', 'C-A mistaken visit in South', 'ChildVisited', '2026-03-25', { childId: 'C-A', workerId: 'W-S', seenAlone: true });
voidOf('C-A mistaken visit in South', '2026-03-30');
voidOf('C-A mistaken visit in North', '2026-04-05');
// C-B: South, moved to North on 1 April, the move logged a fortnight late.
record('child C-B', 'C-B registered', 'ChildRegistered', '2026-01-02', child('C-B'));
record('child C-B', 'C-B allocated in South', 'CaseAllocated', '2026-01-06', { childId: 'C-B', workerId: 'W-S', teamId: SOUTH });
record('child C-B', 'C-B visited in South', 'ChildVisited', '2026-01-25', { childId: 'C-B', workerId: 'W-S', seenAlone: true });
record('child C-B', 'C-B moved to North, logged late', 'CaseAllocated', '2026-04-01', { childId: 'C-B', workerId: 'W-N', teamId: NORTH }, '2026-04-15');
record('child C-B', 'C-B visited in North', 'ChildVisited', '2026-04-10', { childId: 'C-B', workerId: 'W-N', seenAlone: true }, '2026-04-15');
record('child C-B', 'C-B oversight in North', 'ManagementOversightRecorded', '2026-04-20', { childId: 'C-B', managerId: 'W-N', decisionPoint: 'allocation' });
// C-C: South throughout; an allocation to North on 1 February was a mistake, voided on 10 February.
record('child C-C', 'C-C registered', 'ChildRegistered', '2026-01-02', child('C-C'));
record('child C-C', 'C-C allocated in South', 'CaseAllocated', '2026-01-06', { childId: 'C-C', workerId: 'W-S', teamId: SOUTH });
record('child C-C', 'C-C mistaken allocation to North', 'CaseAllocated', '2026-02-01', { childId: 'C-C', workerId: 'W-N', teamId: NORTH });
record('child C-C', 'C-C visited in South', 'ChildVisited', '2026-02-05', { childId: 'C-C', workerId: 'W-S', seenAlone: true });
voidOf('C-C mistaken allocation to North', '2026-02-10');
// C-D: allocated to W-M while W-M was in South: a flag on W-M's children that is not North's.
record('child C-D', 'C-D registered', 'ChildRegistered', '2026-03-09', child('C-D'));
record('child C-D', 'C-D allocated to W-M in South', 'CaseAllocated', '2026-03-10', { childId: 'C-D', workerId: 'W-M', teamId: SOUTH });

const inNorth = (subject: string, on: string) => NORTH_PERIODS[subject].some(([from, to]) => from <= on && (to === undefined || on < to));
/** What the North manager may ever see: events dated in a North period of their subject, and the voids of those. */
const ALLOWED = new Set(history.filter((e) => inNorth(e.subject, byLabel(e.voids ?? e.label).occurredAt)).map((e) => e.eventId));
const FORBIDDEN = history.filter((e) => !ALLOWED.has(e.eventId));
const labelOf = (eventId: string) => history.find((e) => e.eventId === eventId)?.label ?? eventId;

const subjectPath = (subject: string) => {
  const [type, id] = subject.split(' ');
  return type === 'child' ? `children/${id}` : `workers/${id}`;
};
const subjectApiPath = (subject: string) => (subject.startsWith('child') ? `/${subjectPath(subject)}/timeline` : `/${subjectPath(subject)}`);
const qs = (params: Record<string, string | undefined>) => {
  const set = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return set.length ? `?${new URLSearchParams(set)}` : '';
};

let t: TestApp;
let issuer: TestIssuer;
let north: PageSession;
/** The T-NORTH manager's bearer tokens: an API key bound to the team, and a sign-on token with a team claim. */
const NORTH_TOKENS: { name: string; token: string }[] = [{ name: 'key', token: TEST_KEYS.northManager }];
const dataDir = tempDataDir('practice-audit-team-scope-');

beforeAll(async () => {
  issuer = await startTestIssuer();
  t = await startTestApp(dataDir, { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: issuer.audience });
  NORTH_TOKENS.push({ name: 'sign-on', token: await issuer.sign({ sub: 'north-manager', roles: ['manager'], team: NORTH }, { expiresIn: '1h' }) });
  const days = [...new Set(history.map((e) => e.recordedOn))].sort();
  for (const day of days) {
    t.clock.set(`${day}T12:00:00Z`);
    const events = history.filter((e) => e.recordedOn === day).map((e) => e.request);
    const res = await post(`${t.url}/events/batch`, { events });
    expect({ day, statuses: res.body.results.map((r: { status: number; errors?: unknown }) => r.errors ?? r.status) }).toEqual({ day, statuses: events.map(() => 201) });
  }
  t.clock.set(`${TODAY}T12:00:00Z`);
  north = await signInWithKey(t, TEST_KEYS.northManager);
});

afterAll(async () => {
  await t.close();
  await issuer.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The dashboard's pages, from the app's router (the CSV is read as CSV, below). */
let dashboardRoutes: string[] = [];

/**
 * The URLs asked of each dashboard page for one view: every filter and every parameter it
 * takes. A page missing here fails the test above, so a new page is checked once listed.
 */
const PAGE_URLS: Record<string, (view: { asOf?: string; knownAt?: string }) => string[]> = {
  '/dashboard/home': (view) => [`/dashboard/home${qs(view)}`, `/dashboard/home${qs({ ...view, teamId: SOUTH })}`],
  '/dashboard/overview': (view) => [`/dashboard/overview${qs(view)}`, `/dashboard/overview${qs({ ...view, teamId: SOUTH })}`],
  '/dashboard/team': (view) => [`/dashboard/team${qs(view)}`, `/dashboard/team${qs({ ...view, teamId: SOUTH })}`],
  '/dashboard/teams': (view) => [`/dashboard/teams${qs(view)}`],
  '/dashboard/rules': (view) => [`/dashboard/rules${qs(view)}`],
  '/dashboard/trends': (view) => [undefined, ...pagesOf(view).rules].map((rule) => `/dashboard/trends${qs({ ...view, rule })}`),
  '/dashboard/flags': (view) =>
    [{}, { severity: 'red' }, { severity: 'amber' }, { teamId: SOUTH }, ...pagesOf(view).rules.map((rule) => ({ rule })), ...pagesOf(view).cursors.map((cursor) => ({ cursor }))].map(
      (f) => `/dashboard/flags${qs({ ...view, ...f })}`,
    ),
  '/dashboard/children/:id': (view) => SUBJECTS.filter((s) => s.startsWith('child')).map((s) => `/dashboard/${subjectPath(s)}${qs(view)}`),
  '/dashboard/workers/:id': (view) => SUBJECTS.filter((s) => s.startsWith('worker')).map((s) => `/dashboard/${subjectPath(s)}${qs(view)}`),
  // The search knows no view: asked once, with the first.
  '/dashboard/find': (view) => (view === VIEWS[0] ? SUBJECTS.map((s) => `/dashboard/find${qs({ ref: s.split(' ')[1] })}`) : []),
};

/** A subject's page and the search that leads to it (the subject may not be the team's on the date), and anything asked of the other team are refused, not answered. */
const mayBeRefused = (url: string): boolean => /^\/dashboard\/(children\/|workers\/|find\?)/.test(url) || url.includes(`teamId=${SOUTH}`);

/** A page as the browser ends on it: redirects (the landing page, the search, the teams page for a team-bound manager) followed within the dashboard. */
async function followToPage(url: string): Promise<{ status: number; body: string }> {
  let page = await visitPage(t, url, north);
  for (let hops = 0; page.status === 303 && hops < 3; hops++) {
    const location = page.location ?? '';
    if (!location.startsWith('/dashboard/')) return { status: 303, body: `redirected out of the dashboard to ${location}` };
    page = await visitPage(t, location, north);
  }
  return page;
}

/** Every (asOf, knownAt) pair asked about. */
const VIEWS = AS_OF.flatMap((asOf) => KNOWN_AT.map((knownAt) => ({ asOf, knownAt })));

/** Refusals must be the project's error shape and name nothing of the subject's data. */
function refusalProblems(where: string, status: number, body: unknown): string[] {
  if (status !== 403) return [`${where}: answered ${status}`];
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (typeof body !== 'string' && !(body && (body as { statusCode?: number }).statusCode === 403 && Array.isArray((body as { message?: unknown }).message)))
    return [`${where}: 403 not in the error shape`];
  return FORBIDDEN.filter((e) => text.includes(e.eventId)).map((e) => `${where}: 403 names ${e.label}`);
}

/** Problems counted by path (query left off), with the first few in full: a failure shows every endpoint that leaks. */
function summary(problems: string[]): { total: number; byPath: Record<string, number>; first: string[] } {
  const byPath: Record<string, number> = {};
  for (const p of problems) {
    const path = p.replace(/^GET /, '').split(/[? :]/)[0];
    byPath[path] = (byPath[path] ?? 0) + 1;
  }
  return { total: problems.length, byPath, first: problems.slice(0, 10) };
}

function flagProblems(where: string, flags: { teamId?: string; subject: { type: string; id: string } }[]): string[] {
  return flags.filter((f) => f.teamId !== NORTH).map((f) => `${where}: flag on ${f.subject.type} ${f.subject.id} of team ${f.teamId}`);
}

/** The team of each row of every flags table on a page: the row's first cell of plain text. */
function teamsOfFlagRows(html: string): string[] {
  const tables = html
    .split('<table class="govuk-table app-flags">')
    .slice(1)
    .map((table) => table.slice(0, table.indexOf('</table>')));
  return tables.flatMap((table) =>
    table
      .split('<tr class="govuk-table__row" data-rule=')
      .slice(1)
      .map((row) => /<td class="govuk-table__cell">([^<]*)<\/td>/.exec(row.slice(0, row.indexOf('</tr>')))?.[1] ?? '(none)'),
  );
}

function pageProblems(where: string, html: string): string[] {
  const problems: string[] = [];
  if (html.includes(SOUTH)) problems.push(`${where}: names ${SOUTH}`);
  for (const team of teamsOfFlagRows(html)) if (team !== NORTH) problems.push(`${where}: a flag row of team ${team}`);
  for (const m of html.matchAll(/data-teamId="([^"]*)"/g)) if (m[1] !== NORTH) problems.push(`${where}: a row of team ${m[1]}`);
  for (const m of html.matchAll(/id="event-([^"]+)"/g)) if (!ALLOWED.has(m[1])) problems.push(`${where}: timeline row ${labelOf(m[1])}`);
  for (const e of FORBIDDEN) if (html.includes(e.eventId)) problems.push(`${where}: mentions ${e.label}`);
  return problems;
}

describe('a manager bound to T-NORTH, over a history of moves between teams', () => {
  it('is checked against a history that has both teams in it (the oracle is not empty either way)', () => {
    expect(ALLOWED.size).toBeGreaterThan(5);
    expect(FORBIDDEN.map((e) => e.label)).toEqual(
      expect.arrayContaining([
        'C-A CP plan in South',
        'C-A visited in South',
        'W-M supervised in South',
        'C-B visited in South',
        'C-C mistaken allocation to North',
        'void of C-C mistaken allocation to North',
        'C-A registered',
      ]),
    );
  });

  it('never receives an event, flag or team from outside their team’s periods, from any API endpoint, for any parameters', async () => {
    const problems: string[] = [];
    const shown = new Set<string>();
    let subjectAnswers = 0;
    for (const view of VIEWS) {
      const v = `asOf=${view.asOf ?? '-'} knownAt=${view.knownAt ?? '-'}`;
      for (const [subject, { name, token }] of SUBJECTS.flatMap((s) => NORTH_TOKENS.map((k) => [s, k] as const))) {
        const where = `GET ${subjectApiPath(subject)} ${v} (${name})`;
        const res = await get(`${t.url}${subjectApiPath(subject)}${qs(view)}`, token);
        if (res.status !== 200) {
          problems.push(...refusalProblems(where, res.status, res.body));
          continue;
        }
        subjectAnswers++;
        for (const e of res.body.events) {
          shown.add(e.eventId);
          if (!ALLOWED.has(e.eventId)) problems.push(`${where}: event ${labelOf(e.eventId)}`);
        }
        problems.push(...flagProblems(where, res.body.flags));
        if (JSON.stringify(res.body).includes(SOUTH)) problems.push(`${where}: names ${SOUTH}`);
      }

      const dashboard = await get(`${t.url}/dashboard${qs(view)}`, TEST_KEYS.northManager);
      if (dashboard.status !== 200 || dashboard.body.teamId !== NORTH || dashboard.body.teams.some((x: { teamId: string }) => x.teamId !== NORTH)) {
        problems.push(`GET /dashboard ${v}: ${dashboard.status} ${JSON.stringify(dashboard.body.teams?.map((x: { teamId: string }) => x.teamId))}`);
      }

      for (const filter of flagFilters(view)) {
        const res = await get(`${t.url}/flags${qs({ ...view, ...filter })}`, TEST_KEYS.northManager);
        const where = `GET /flags${qs({ ...view, ...filter })}`;
        if (res.status !== 200) problems.push(`${where}: answered ${res.status}`);
        else problems.push(...flagProblems(where, res.body.flags));
      }
      for (const page of pagesOf(view).flags) problems.push(...flagProblems(`GET /flags ${v} limit=1, page by page`, page));
    }
    for (const filter of [...flagFilters({}), { limit: '1' }]) {
      const where = `GET /flags/upcoming${qs({ within: '366', ...filter })}`;
      const res = await get(`${t.url}/flags/upcoming${qs({ within: '366', ...filter })}`, TEST_KEYS.northManager);
      if (res.status !== 200) problems.push(`${where}: answered ${res.status}`);
      else problems.push(...flagProblems(where, res.body.flags));
    }
    expect(summary(problems)).toEqual({ total: 0, byPath: {}, first: [] });
    // Not vacuous: the manager was shown their team's events, some of them only since this fix (a subject now in another team).
    expect(subjectAnswers).toBeGreaterThan(100);
    expect(shown).toEqual(ALLOWED);
  });

  it('has every dashboard page in the list of pages asked below', () => {
    dashboardRoutes = routesOf(t)
      .filter((r) => r.path.startsWith('/dashboard') && r.methods.has('GET') && r.path !== '/dashboard/flags.csv')
      .map((r) => r.path);
    expect([...dashboardRoutes].sort()).toEqual(Object.keys(PAGE_URLS).sort());
  });

  it('never sees another team’s period on any dashboard page, for any parameters', async () => {
    const problems: string[] = [];
    const seen = { flagRows: 0, csvRows: 0, timelineRows: 0, childFlagTables: 0 };
    for (const view of VIEWS) {
      const urls = dashboardRoutes.flatMap((route) => PAGE_URLS[route](view));
      for (const url of urls) {
        const page = await followToPage(url);
        if (page.status === 200) {
          problems.push(...pageProblems(url, page.body));
          seen.flagRows += teamsOfFlagRows(page.body).length;
          seen.timelineRows += [...page.body.matchAll(/id="event-/g)].length;
          if (page.body.includes('<caption class="govuk-table__caption govuk-table__caption--m">Flags on the children allocated to')) seen.childFlagTables++;
          if (/\/dashboard\/(children|workers)\//.test(url) && !page.body.includes(`Timeline: every event recorded while in team ${NORTH}`))
            problems.push(`${url}: the timeline's caption does not say it is the team's time only`);
        } else if (mayBeRefused(url)) problems.push(...refusalProblems(url, page.status, page.body));
        else problems.push(`${url}: answered ${page.status}`);
        if (page.body.includes(SOUTH)) problems.push(`${url}: names ${SOUTH}`);
      }
      for (const f of [{}, { severity: 'red' }, { teamId: SOUTH }, ...pagesOf(view).rules.map((rule) => ({ rule }))]) {
        const url = `/dashboard/flags.csv${qs({ ...view, ...f })}`;
        const csv = await visitPage(t, url, north);
        if (csv.status !== 200) {
          problems.push(...(mayBeRefused(url) ? refusalProblems(url, csv.status, csv.body) : [`${url}: answered ${csv.status}`]));
          continue;
        }
        const rows: Record<string, string>[] = parse(csv.body, { columns: true, bom: true });
        seen.csvRows += rows.length;
        for (const r of rows) if (r.Team !== NORTH) problems.push(`${url}: a row of team ${r.Team}`);
        if (csv.body.includes(SOUTH)) problems.push(`${url}: names ${SOUTH}`);
      }
    }
    expect(summary(problems)).toEqual({ total: 0, byPath: {}, first: [] });
    // Not vacuous: the pages did show flags (on a worker's page, their children's too), CSV rows and timelines.
    expect(Math.min(seen.flagRows, seen.csvRows, seen.timelineRows, seen.childFlagTables)).toBeGreaterThan(0);
  });

  it('is shown a subject’s time in their team even when asked about a date after it left (and nothing after)', async () => {
    const ids = async (path: string) => ((await get(`${t.url}${path}`, TEST_KEYS.northManager)).body.events ?? []).map((e: { eventId: string }) => labelOf(e.eventId)).sort();
    expect(await ids('/children/C-A/timeline?asOf=2026-04-10')).toEqual(
      ['C-A allocated in North', 'C-A visited in North', 'C-A mistaken visit in North', 'C-A visited in North, logged late', 'void of C-A mistaken visit in North'].sort(),
    );
    expect(await ids('/workers/W-M?asOf=2026-03-25')).toEqual(['W-M joined', 'W-M supervised in North'].sort());
    // Asked about a date before the move back, the time back in North is not shown; from that date, it is.
    expect(await ids('/workers/W-M?asOf=2026-05-03')).toEqual(['W-M joined', 'W-M supervised in North'].sort());
    expect(await ids('/workers/W-M?asOf=2026-05-04')).toEqual(
      ['W-M joined', 'W-M supervised in North', 'W-M back to North', 'W-M supervised in North again', 'W-M mistaken supervision in North', 'void of W-M mistaken supervision in North'].sort(),
    );
  });

  it('is refused a subject that was never theirs as known then: a voided allocation, a move not yet recorded', async () => {
    const status = async (path: string) => (await get(`${t.url}${path}`, TEST_KEYS.northManager)).status;
    expect(await status('/children/C-C/timeline?asOf=2026-02-05&knownAt=2026-02-05')).toBe(403);
    expect(await status('/children/C-B/timeline?asOf=2026-04-10&knownAt=2026-03-25')).toBe(403);
    expect(await status('/children/C-B/timeline?asOf=2026-04-10&knownAt=2026-04-16')).toBe(200);
    expect(await status('/workers/W-S')).toBe(403);
  });

  it('cannot tell another team’s reference from one never recorded: both are refused alike', async () => {
    for (const path of ['/children/C-NEVER-RECORDED/timeline', '/workers/W-NEVER-RECORDED', '/children/C-A/timeline?asOf=2026-01-01', '/workers/W-S']) {
      const res = await get(`${t.url}${path}`, TEST_KEYS.northManager);
      expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 403, error: 'Forbidden' });
    }
    // Everyone else still learns that a reference is unknown.
    expect((await get(`${t.url}/children/C-NEVER-RECORDED/timeline`, TEST_KEYS.admin)).status).toBe(404);
  });

  it('leaves every other reader’s answers whole: all of a subject’s events, whatever the view', async () => {
    for (const view of [
      { asOf: '2026-02-05', knownAt: '2026-03-25' },
      { asOf: undefined, knownAt: undefined },
    ]) {
      for (const subject of SUBJECTS) {
        for (const key of [TEST_KEYS.admin, TEST_KEYS.auditor, TEST_KEYS.manager]) {
          const res = await get(`${t.url}${subjectApiPath(subject)}${qs(view)}`, key);
          expect({ subject, events: res.body.events.map((e: { eventId: string }) => e.eventId).sort() }).toEqual({
            subject,
            events: history
              .filter((e) => e.subject === subject)
              .map((e) => e.eventId)
              .sort(),
          });
        }
      }
    }
  });
});

/**
 * Per view: the rules that flag anything (any team's) in it, the filters worth asking,
 * and the manager's flags a page of one at a time with the cursors between them.
 */
const PER_VIEW = new Map<string, { rules: string[]; cursors: string[]; flags: { teamId?: string; subject: { type: string; id: string } }[][] }>();
const viewKey = (view: { asOf?: string; knownAt?: string }) => `${view.asOf}|${view.knownAt}`;
const pagesOf = (view: { asOf?: string; knownAt?: string }) => PER_VIEW.get(viewKey(view))!;

beforeAll(async () => {
  for (const view of VIEWS) {
    const rules = [...new Set<string>((await get(`${t.url}/flags${qs(view)}`)).body.flags.map((f: { rule: string }) => f.rule))].sort();
    PER_VIEW.set(viewKey(view), { rules, ...(await pagesOfOne(view)) });
  }
  expect([...PER_VIEW.values()].some((v) => v.cursors.length > 1)).toBe(true);
});

function flagFilters(view: { asOf?: string; knownAt?: string }): Record<string, string>[] {
  return [
    {},
    { teamId: NORTH },
    { severity: 'red' },
    { severity: 'amber' },
    ...['W-N', 'W-S', 'W-M'].map((workerId) => ({ workerId })),
    ...['C-N', 'C-A', 'C-B', 'C-C', 'C-D'].map((childId) => ({ childId })),
    ...pagesOf(view).rules.map((rule) => ({ rule })),
  ];
}

/** The manager's flags for a view a page of one at a time, following nextCursor (bounded: a cursor that does not move on fails, not hangs). */
async function pagesOfOne(view: { asOf?: string; knownAt?: string }): Promise<{ cursors: string[]; flags: { teamId?: string; subject: { type: string; id: string } }[][] }> {
  const cursors: string[] = [];
  const flags = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await get(`${t.url}/flags${qs({ ...view, limit: '1', cursor })}`, TEST_KEYS.northManager);
    flags.push(res.body.flags);
    cursor = res.body.nextCursor;
    if (!cursor) return { cursors, flags };
    cursors.push(cursor);
  }
  throw new Error('more than 100 pages of flags: the cursor does not move on');
}
