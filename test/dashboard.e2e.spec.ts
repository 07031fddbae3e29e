/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ruleTitle, type Flag, type RuleId } from '@app/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, checkAccessible, DESKTOP, launchBrowser, openPage, readmeScreenshot } from './support/browser.js';
import { startWithGeneratedYear, YEAR_END } from './support/generated-year.js';
import { getOk, TEST_KEYS, type TestSite } from './support/test-app.js';

/**
 * The dashboard in a real browser (Debian's chromium) against a real server holding a
 * generated year of a small local authority: sign in, filter, drill down, change the
 * date, export, sign out. Every view is checked with axe and kept as a screenshot,
 * and every number on it is compared with what the API answers for the same query.
 */
const END = YEAR_END;
/**
 * A tenth of a mid-size authority by default. DASHBOARD_TEST_SCALE=1 runs the same
 * test on a whole authority's year (as `npm run demo`) to measure the page timings
 * the README reports; loading it takes a few minutes.
 */
const SCALE = Number(process.env.DASHBOARD_TEST_SCALE ?? '0.1');
const OTHER_DATE = '2026-05-15'; // not a month end: a new evaluation, not one the trend made

let t: TestSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const timings: Record<string, { interactiveMs: number; loadedMs: number }> = {};
let eventsLoaded = 0;

beforeAll(async () => {
  // As after `npm run demo`: the projections have caught up before anyone opens the page.
  const year = await startWithGeneratedYear('dashboard-e2e-', { scale: SCALE });
  t = year;
  eventsLoaded = year.generated.length; // every one stored: none refused
  browser = await launchBrowser();
  page = await openPage(browser, { viewport: DESKTOP, acceptDownloads: true });
  context = page.context();
}, 1_800_000);

afterAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, `dashboard-timings-scale-${SCALE}.json`), `${JSON.stringify({ scale: SCALE, events: eventsLoaded, timings }, null, 2)}\n`);
  await browser?.close();
  await t?.close();
});

/** Axe finds no serious or critical problem, and the view is kept as a screenshot. */
const checkView = (name: string) => checkAccessible(page, name);

/** When the browser could first use the page, and when it had loaded, after the last navigation (reported, not asserted). */
async function recordTiming(name: string): Promise<void> {
  await page.waitForLoadState('load');
  timings[name] = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { interactiveMs: Math.round(nav.domInteractive - nav.startTime), loadedMs: Math.round(nav.loadEventEnd - nav.startTime) };
  });
}

const api = (pathAndQuery: string, token: string = TEST_KEYS.manager) => getOk(t, pathAndQuery, token);

const total = async (query: string) => (await api(`/flags?${query}&limit=1`)).total as number;

interface Row {
  key: string;
  inScope: number;
  flagged: number;
  red: number;
  amber: number;
  complianceRate: string;
}

/** The numbers of a compliance table as shown. */
function tableRows(selector: string, keyAttribute: string): Promise<Row[]> {
  return page.$$eval(
    `${selector} tbody tr`,
    (rows, key) =>
      rows.map((r) => {
        const cell = (m: string) => r.querySelector(`[data-measure="${m}"]`)!.textContent!.trim();
        const number = (m: string) => Number(cell(m).replace(/,/g, ''));
        return { key: r.getAttribute(key)!, inScope: number('inScope'), flagged: number('flagged'), red: number('red'), amber: number('amber'), complianceRate: cell('complianceRate') };
      }),
    keyAttribute,
  );
}

const percent = (rate: number | null) => (rate === null ? '–' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

/** Every rule's and team's numbers on the page equal the dashboard API's and the flags endpoint's for the same view. */
async function expectOverviewMatchesApi(view: string): Promise<void> {
  const dashboard = await api(`/dashboard?${view}`);
  const rules = await tableRows('#rules', 'data-rule');
  expect(rules.map((r) => r.key)).toEqual(dashboard.rules.map((r: { rule: string }) => r.rule));
  for (const row of rules) {
    const expected = dashboard.rules.find((r: { rule: string }) => r.rule === row.key);
    expect(row).toEqual({ key: row.key, inScope: expected.inScope, flagged: expected.flagged, red: expected.red, amber: expected.amber, complianceRate: percent(expected.complianceRate) });
    expect([row.key, row.flagged]).toEqual([row.key, await total(`${view}&rule=${row.key}`)]);
    expect([row.key, row.red]).toEqual([row.key, await total(`${view}&rule=${row.key}&severity=red`)]);
  }
  const overall = await page.$$eval('[data-overall]', (cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-overall'), c.textContent!.trim()])));
  // No pooled rate or count of rule × subject pairs: only the flags, each a link to them.
  expect(overall).toEqual({
    red: (await total(`${view}&severity=red`)).toLocaleString('en-GB'),
    amber: (await total(`${view}&severity=amber`)).toLocaleString('en-GB'),
  });
  const teams = await tableRows('#teams', 'data-teamId');
  expect(teams.map((r) => r.key)).toEqual(dashboard.teams.map((r: { teamId: string }) => r.teamId));
  for (const row of teams) {
    const teamView = new URLSearchParams(view);
    teamView.set('teamId', row.key);
    expect([row.key, row.flagged]).toEqual([row.key, await total(teamView.toString())]);
  }
}

test('a signed-out visitor is sent to sign in, and a wrong key is refused with a clear message', async () => {
  await page.goto(`${t.base}/dashboard`);
  await page.waitForURL(/\/sign-in\?next=%2Fdashboard%2Fhome$/);
  await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
  await checkView('01-sign-in');

  await page.fill('#apiKey', 'not-a-key-of-this-service');
  await page.click('button:has-text("Sign in")');
  await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter a valid API key');
  await checkView('02-sign-in-refused');
});

test('a manager signs in and sees compliance per rule and team, every number equal to the API', async () => {
  await page.fill('#apiKey', TEST_KEYS.manager);
  await page.click('button:has-text("Sign in")');
  // A manager of every team lands on the teams side by side (dashboard-roles.e2e.spec.ts); the overview is one click on.
  await page.waitForURL(/\/dashboard\/teams$/);
  await recordTiming('teams side by side, the first view after the load');
  await page.click('a.govuk-service-navigation__link:has-text("Overview")');
  await page.waitForURL(/\/dashboard\/overview\?asOf=/);
  await recordTiming('overview');
  await expect(page.locator('h1').textContent()).resolves.toBe('Practice compliance');
  await expectOverviewMatchesApi(`asOf=${END}`);
  expect(await page.locator('#knownAt').count()).toBe(0); // known-at is for auditors

  // The trend loads after the page (twelve evaluations): a loading state, then the charts and their table.
  await page.waitForSelector('#trends[aria-busy="false"]');
  timings['trend brought into the overview (12 month ends), from the overview’s start'] = await page.evaluate(() => {
    const ms = Math.round(performance.getEntriesByName('app:trend-shown')[0].startTime);
    return { interactiveMs: ms, loadedMs: ms };
  });
  expect(await page.locator('#trends svg[role="img"]').count()).toBe(2);
  const series = (await api(`/dashboard?asOf=${END}`)).series;
  const shown = await page.$$eval('#trend-table tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-month'), ...[...r.querySelectorAll('td')].map((c) => c.textContent!.trim())]));
  expect(shown).toEqual(
    series.map((p: { month: string; overall: { inScope: number; flagged: number; red: number; amber: number; complianceRate: number | null } }) => [
      p.month,
      p.overall.inScope.toLocaleString('en-GB'),
      p.overall.flagged.toLocaleString('en-GB'),
      p.overall.red.toLocaleString('en-GB'),
      p.overall.amber.toLocaleString('en-GB'),
      percent(p.overall.complianceRate),
    ]),
  );
  await checkView('03-overview');
  await readmeScreenshot(page, 'overview');
});

test('filtering by team puts the team in the URL, and the shared URL shows the same view', async () => {
  const team = (await page.$$eval('#teamId option', (options) => options.map((o) => (o as HTMLOptionElement).value))).find((v) => v !== '')!;
  await page.selectOption('#teamId', team);
  await page.click('form.app-filters button:has-text("Show")');
  await page.waitForURL(new RegExp(`teamId=${team}`));
  await recordTiming('overview, one team');
  await expectOverviewMatchesApi(`asOf=${END}&teamId=${team}`);
  // Each worker's row is the API's flags of the team added up: theirs, their allocated children's, the red of both.
  const teamFlags: Flag[] = (await api(`/flags?asOf=${END}&teamId=${team}&limit=10000`)).flags;
  const expected = new Map<string, string[]>();
  for (const f of teamFlags) {
    const workerId = f.subject.type === 'worker' ? f.subject.id : f.subject.type === 'child' ? f.workerId : undefined;
    if (!workerId) continue;
    const [own, children, red] = (expected.get(workerId) ?? ['0', '0', '0']).map(Number);
    expected.set(workerId, [own + (f.subject.type === 'worker' ? 1 : 0), children + (f.subject.type === 'child' ? 1 : 0), red + (f.severity === 'red' ? 1 : 0)].map(String));
  }
  const shownRows = await page.$$eval('#workers tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-worker'), ...[...r.querySelectorAll('td')].map((c) => c.textContent!.trim())]));
  expect(shownRows.length).toBeGreaterThan(0);
  expect(new Map(shownRows.map(([id, ...cells]) => [id!, cells]))).toEqual(expected);
  await checkView('04-team');

  const shared = await context.newPage();
  await shared.goto(page.url());
  expect(await shared.locator('#rules tbody').innerText()).toBe(await page.locator('#rules tbody').innerText());
  await shared.close();
});

test('drilling down to a worker and then a child shows their flags, evidence and timeline', async () => {
  await page.locator('#workers tbody tr a').first().click();
  await page.waitForURL(/\/dashboard\/workers\//);
  await recordTiming('worker');
  const workerId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.locator('h1').textContent()).resolves.toBe(`Worker ${workerId}`);
  const worker = await api(`/workers/${workerId}?asOf=${END}`);
  const children = (await api(`/flags?asOf=${END}&workerId=${workerId}`)).flags.filter((f: { subject: { type: string } }) => f.subject.type === 'child');
  const tables = page.locator('table.app-flags');
  const rowCounts = await tables.evaluateAll((ts) => ts.map((t) => t.querySelectorAll('tbody tr').length));
  expect(rowCounts).toEqual([worker.flags.length, children.length].filter((n) => n > 0));
  expect(await page.locator('#timeline tbody tr').count()).toBe(worker.events.length);
  await checkView('05-worker');

  const childLink = page.locator('table.app-flags a[href^="/dashboard/children/"]').first();
  await childLink.click();
  await page.waitForURL(/\/dashboard\/children\//);
  await recordTiming('child');
  const childId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const child = await api(`/children/${childId}/timeline?asOf=${END}`);
  expect(await page.locator('table.app-flags tbody tr').count()).toBe(child.flags.length);
  expect(await page.locator('#timeline tbody tr').count()).toBe(child.events.length);
  // Each flag's evidence links to its events in the timeline, which are marked.
  const evidence = new Set(child.flags.flatMap((f: { evidence: string[] }) => f.evidence));
  const marked = await page.$$eval('#timeline tr.app-evidence-row', (rows) => rows.map((r) => r.id.replace(/^event-/, '')));
  expect(new Set(marked)).toEqual(new Set(child.events.map((e: { eventId: string }) => e.eventId).filter((id: string) => evidence.has(id))));
  await page.locator('td.app-evidence a').first().click();
  expect(await page.evaluate(() => document.querySelector(':target')?.classList.contains('app-evidence-row'))).toBe(true);
  await checkView('06-child');

  // The look at the child's page is in the access log, under the manager's key.
  const reads = (await api(`/access-log?childId=${childId}`, TEST_KEYS.admin)).reads;
  expect(reads.some((r: { endpoint: string; role: string }) => r.endpoint === 'GET /dashboard/children/{childId}' && r.role === 'manager')).toBe(true);
});

test('changing the as-of date shows compliance on that date', async () => {
  await page.click('a.govuk-service-navigation__link:has-text("Overview")');
  await page.waitForURL(/\/dashboard\/overview/);
  await page.selectOption('#teamId', '');
  // GOV.UK's date pattern: day, month and year fields.
  const [year, month, day] = OTHER_DATE.split('-');
  await page.fill('#asOf-day', String(Number(day)));
  await page.fill('#asOf-month', String(Number(month)));
  await page.fill('#asOf-year', year);
  await page.click('form.app-filters button:has-text("Show")');
  await page.waitForURL(new RegExp(`asOf=${OTHER_DATE}`));
  await recordTiming('overview, another as-of date (a new evaluation)');
  await expect(page.locator('p.govuk-body').first().textContent()).resolves.toContain('As of 15 May 2026');
  await expectOverviewMatchesApi(`asOf=${OTHER_DATE}`);
  await checkView('07-as-of');
});

test('the flags of a rule download as CSV, all of them, as the API lists them', async () => {
  const rule = (await tableRows('#rules', 'data-rule')).find((r) => r.flagged > 0)!.key;
  // The rule is shown by its name in words, as a reader finds it.
  await page.click(`#rules a:text-is("${ruleTitle(rule as RuleId)}")`);
  await page.waitForURL(new RegExp(`/dashboard/flags\\?.*rule=${rule}`));
  await recordTiming('flags of a rule');
  const expected = (await api(`/flags?asOf=${OTHER_DATE}&rule=${rule}`)).flags;
  await expect(page.locator('[data-total]').textContent()).resolves.toBe(expected.length.toLocaleString('en-GB'));
  await checkView('08-flags');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("as CSV")')]);
  expect(download.suggestedFilename()).toBe(`flags-${OTHER_DATE}.csv`);
  const file = fs.readFileSync(await download.path());
  // A byte-order mark first, so Excel on Windows opens it as UTF-8 (the findings' ¶).
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows: Record<string, string>[] = parse(file, { columns: true, bom: true });
  // The references, for programs, in columns of their own at the end: the same flags as the API, in its order.
  expect(rows.map((r) => `${r['Rule code']},${r['Subject type']},${r['Subject reference']}`)).toEqual(
    expected.map((f: { subject: { type: string; id: string } }) => `${rule},${f.subject.type},${f.subject.id}`),
  );
  // The readable columns in words: the rule's title, whom it is about, the severity, a reason; no codes.
  const subjectWords = (f: { subject: { type: string; id: string } }) => `${f.subject.type[0].toUpperCase()}${f.subject.type.slice(1)} ${f.subject.id}`;
  expect(rows.map((r) => [r.Rule, r['Child, worker or team']])).toEqual(expected.map((f: { subject: { type: string; id: string } }) => [ruleTitle(rule as RuleId), subjectWords(f)]));
  for (const r of rows) {
    expect([r.Severity, r.Reason.length > 0, r['Inspection finding'].length > 0]).toEqual([expect.stringMatching(/^(Red|Amber)$/), true, true]);
    expect(Object.values(r).slice(0, 11).join(' ')).not.toMatch(/[A-Z]+_[A-Z_]+/);
  }
});

test('a team’s week and the 12-month trends open, every team’s figure on the trends page the API’s', async () => {
  const teamId: string = (await api(`/dashboard?asOf=${END}`)).teams[0].teamId;
  await page.goto(`${t.base}/dashboard/team?teamId=${teamId}&asOf=${END}`);
  await recordTiming('a team’s week (most urgent first, due next, workers)');
  await expect(page.locator('h1').textContent()).resolves.toBe(`Team ${teamId}`);
  await page.goto(`${t.base}/dashboard/trends?asOf=${END}`);
  await recordTiming('12-month trends (a chart per rule)');
  const series = (await api(`/dashboard?asOf=${END}`)).series as { month: string; overall: { inScope: number } }[];
  const inScope = await page.$$eval('#trend-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-month')));
  expect(inScope).toEqual(series.map((p) => p.month));
});

test('signing out ends the session on the server: the old cookie no longer opens the dashboard', async () => {
  const cookie = (await context.cookies()).find((c) => c.name === 'audit-session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  await page.click('button:has-text("Sign out")');
  await page.waitForURL(/\/sign-in\?signedOut=1$/);
  await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('You have signed out');
  await checkView('09-signed-out');

  await page.goto(`${t.base}/dashboard/overview`);
  await page.waitForURL(/\/sign-in/);
  const replay = await fetch(`${t.base}/dashboard/overview`, { headers: { cookie: `audit-session=${cookie.value}` }, redirect: 'manual' });
  expect([replay.status, replay.headers.get('location')]).toEqual([303, '/sign-in?next=%2Fdashboard%2Foverview']);
});
