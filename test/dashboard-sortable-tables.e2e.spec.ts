/// <reference lib="dom" />
import { longDate } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { checkView, launchBrowser, sidewaysOverflow, signIn, VIEWPORTS, type WindowOptions } from './support/browser.js';
import { startWithGeneratedYear, YEAR_END, type GeneratedYearApp } from './support/generated-year.js';
import { apiKeysWith, TEST_KEYS } from './support/test-app.js';

/**
 * The dashboard's sortable tables (MOJ Frontend's sortable table) in a real browser, on a
 * generated year (two teams): a column's button sorts the rows ascending by the column's
 * values, again descending, and the heading's aria-sort says which; the overview's
 * indicators, a team's workers, the teams side by side (their all-rules row staying
 * first, each team's heading still a link) and a worker's children's flags. The paged
 * flags list is not sortable, and without JavaScript every table is as served. Axe clean
 * at 1366×768; no sideways scrolling at 390×844.
 */
const END = YEAR_END;
const TEAM = 'T-01';
const TEAM_MANAGER = 'team-01-manager-key-00000';

let t: GeneratedYearApp;
let browser: Browser;

beforeAll(async () => {
  t = await startWithGeneratedYear('dashboard-sortable-e2e-', { scale: 0.2, env: apiKeysWith(`${TEAM_MANAGER}:manager:${TEAM}`) });
  browser = await launchBrowser();
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A new window signed in with `key` (through the form, which works without JavaScript too), at `path`; a laptop's unless told. */
const signedIn = (key: string, path: string, options: WindowOptions = {}): Promise<Page> => signIn(browser, t.base, key, { ...options, next: path });

/** Waits (bounded by playwright's timeout) until dashboard.js has given `table`'s sortable headings their buttons. */
const sortButtonsIn = (page: Page, table: string) => page.locator(`${table} thead th[aria-sort] button`).first().waitFor();

/** The headings' words, as a reader sees them (the arrows are pictures without words; a team's heading is named by its link). */
const headings = (page: Page, table: string) => page.$$eval(`${table} thead th`, (ths) => ths.map((th) => th.getAttribute('aria-label') ?? th.textContent!.trim()));
const ariaSorts = (page: Page, table: string) => page.$$eval(`${table} thead th`, (ths) => ths.map((th) => th.getAttribute('aria-sort')));

/** Each row's key (an attribute) and the cell of one column: its sort value (data-sort-value, else its text, as MOJ's sort reads it) and its text. */
async function column(page: Page, table: string, index: number, key: string): Promise<{ key: string; value: string; text: string }[]> {
  return page.$$eval(
    `${table} tbody tr:not([data-sort-fixed])`,
    (rows, [i, k]) =>
      rows.map((r) => {
        const cell = r.querySelectorAll('th, td')[i as number];
        const text = cell.textContent!.replace(/\s+/g, ' ').trim();
        return { key: r.getAttribute(k as string)!, value: cell.getAttribute('data-sort-value') ?? text, text };
      }),
    [index, key] as const,
  );
}

/** Numbers (a cell with nothing to sort by is "Infinity") by size, anything else as text, as MOJ's sort compares them. */
function ordered(values: string[], direction: 'ascending' | 'descending'): string[] {
  const numeric = values.every((v) => !Number.isNaN(Number(v)));
  const compare = numeric ? (a: string, b: string) => Number(a) - Number(b) : (a: string, b: string) => a.localeCompare(b, 'en-GB');
  return [...values].sort((a, b) => (direction === 'ascending' ? compare(a, b) : compare(b, a)));
}

/**
 * Presses the button of the column headed `heading` twice: the rows come ascending, then
 * descending, by the column's values; the heading's aria-sort says so (every other one
 * "none") and the change is announced. The rows stay the same rows. Returns the column as
 * sorted ascending.
 */
async function expectSortsBy(page: Page, table: string, heading: string, key: string) {
  const index = (await headings(page, table)).indexOf(heading);
  expect([heading, index]).not.toEqual([heading, -1]);
  const before = await column(page, table, index, key);
  expect(new Set(before.map((c) => c.value)).size).toBeGreaterThan(1);
  const button = page.locator(`${table} thead th`).nth(index).locator('button');
  let ascending = before;
  for (const direction of ['ascending', 'descending'] as const) {
    await button.click();
    await expect(page.locator(`${table} thead th`).nth(index).getAttribute('aria-sort')).resolves.toBe(direction);
    const sorted = await column(page, table, index, key);
    expect(sorted.map((c) => c.value)).toEqual(
      ordered(
        before.map((c) => c.value),
        direction,
      ),
    );
    expect(sorted.map((c) => c.key).sort()).toEqual(before.map((c) => c.key).sort());
    expect((await ariaSorts(page, table)).filter((s, i) => i !== index && s !== null && s !== 'none')).toEqual([]);
    // Announced in MOJ's words (the button's text, with the white space of its arrows' markup).
    expect((await page.locator(`${table} ~ [role="status"]`).textContent())!.replace(/\s+/g, ' ')).toBe(`Sort by ${heading} (${direction})`);
    if (direction === 'ascending') ascending = sorted;
  }
  return ascending;
}

const percent = (rate: number) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

test("the overview's indicators sort by rate, name, change and flags, and the page stays axe clean", async () => {
  const page = await signedIn(TEST_KEYS.manager, `/dashboard/overview?asOf=${END}`);
  try {
    await sortButtonsIn(page, '#rules');
    // The headings read as before; those a reader ranks the indicators by are buttons.
    expect(await headings(page, '#rules')).toEqual(['Indicator', 'Rate', 'Change since 31 May 2026', 'Target', 'Against target', 'In scope', 'Flagged', 'Red', 'Amber']);
    expect(await ariaSorts(page, '#rules')).toEqual(['none', 'none', 'none', null, 'none', null, 'none', null, null]);
    await expect(page.locator('#rules thead th button').count()).resolves.toBe(5);
    await page.waitForSelector('#trends[aria-busy="false"]');
    await checkView(page, 'sortable-overview-laptop');

    // Each rate sorts by its figure, as shown; a rule with nothing in scope (a dash) comes last.
    const rates = await expectSortsBy(page, '#rules', 'Rate', 'data-rule');
    for (const c of rates) expect([c.key, c.text]).toEqual([c.key, c.value === 'Infinity' ? '–' : percent(Number(c.value))]);
    const titles = await expectSortsBy(page, '#rules', 'Indicator', 'data-rule');
    for (const c of titles) expect(c.text.startsWith(c.value)).toBe(true);
    // The change by its points, as worded.
    const changes = await expectSortsBy(page, '#rules', 'Change since 31 May 2026', 'data-rule');
    const points = (v: number) => (v === 0 ? 'no change' : `${v > 0 ? 'up' : 'down'} ${Math.abs(v).toFixed(1)} points`);
    for (const c of changes) expect([c.key, c.text]).toEqual([c.key, c.value === 'Infinity' ? '–' : points(Number(c.value))]);
    await expectSortsBy(page, '#rules', 'Flagged', 'data-rule');
    await checkView(page, 'sortable-overview-sorted-laptop');
  } finally {
    await page.context().close();
  }
});

test("a team manager's workers sort by open cases and by when they were last supervised", async () => {
  const page = await signedIn(TEAM_MANAGER, '/dashboard/team');
  try {
    await expect(page.locator('h1').textContent()).resolves.toBe(`Team ${TEAM}`);
    await sortButtonsIn(page, '#workers-table');
    expect(await page.locator('#workers-table tbody tr').count()).toBeGreaterThan(2);
    await checkView(page, 'sortable-team-laptop');

    const cases = await expectSortsBy(page, '#workers-table', 'Open cases', 'data-worker');
    for (const c of cases) expect(c.text).toBe(c.value);
    // By date: the never supervised first, those not holding cases last; each date the one shown.
    const supervised = await expectSortsBy(page, '#workers-table', 'Last supervised', 'data-worker');
    for (const c of supervised) {
      const shown = c.value === '0000-00-00' ? 'Not yet supervised' : c.value === '9999-12-31' ? 'Not case-holding' : longDate(c.value);
      expect([c.key, c.text.startsWith(shown)]).toEqual([c.key, true]);
    }
    await expectSortsBy(page, '#workers-table', 'Red', 'data-worker');
    await checkView(page, 'sortable-team-sorted-laptop');
  } finally {
    await page.context().close();
  }
});

test("the teams side by side sort by a team's rate, every rule's row staying first and each team's heading still a link", async () => {
  const page = await signedIn(TEST_KEYS.manager, `/dashboard/teams?asOf=${END}`);
  try {
    await sortButtonsIn(page, '#teams-side-by-side');
    const teams = (await headings(page, '#teams-side-by-side')).slice(1);
    expect(teams.length).toBeGreaterThan(1);
    await checkView(page, 'sortable-teams-laptop');

    const rates = await expectSortsBy(page, '#teams-side-by-side', teams[0], 'data-rule');
    for (const c of rates) expect([c.key, c.text.startsWith(c.value === 'Infinity' ? 'none in scope' : percent(Number(c.value)))]).toEqual([c.key, true]);
    await expect(page.locator('#teams-side-by-side tbody tr').first().getAttribute('class')).resolves.toContain('app-side-by-side__total');
    await expectSortsBy(page, '#teams-side-by-side', 'Rule', 'data-rule');
    await checkView(page, 'sortable-teams-sorted-laptop');

    await page.locator(`#teams-side-by-side thead a:text-is("${teams[0]}")`).click();
    await page.waitForURL(new RegExp(`/dashboard/team\\?.*teamId=${teams[0]}`));
  } finally {
    await page.context().close();
  }
});

test("a worker's children's flags sort by how long and by severity; the paged flags list does not sort", async () => {
  const page = await signedIn(TEAM_MANAGER, '/dashboard/team');
  try {
    await sortButtonsIn(page, '#workers-table');
    const index = (await headings(page, '#workers-table')).indexOf('Flags on their children');
    const busiest = (await column(page, '#workers-table', index, 'data-worker')).sort((a, b) => Number(b.value) - Number(a.value))[0];
    expect(Number(busiest.value)).toBeGreaterThan(1);
    await page.locator(`#workers-table tr[data-worker="${busiest.key}"] a`).first().click();
    await page.waitForURL(/\/dashboard\/workers\//);

    const table = 'table.app-flags:has(caption:has-text("Flags on the children allocated to"))';
    await sortButtonsIn(page, table);
    expect(await page.$$eval(`${table} thead th`, (ths) => ths.filter((th) => th.hasAttribute('aria-sort')).map((th) => th.textContent!.trim()))).toEqual(['Rule', 'Subject', 'How long', 'Severity']);
    const howLong = await expectSortsBy(page, table, 'How long', 'data-rule');
    // By the days overdue (or since a condition began) the words count; a duty due but not yet overdue reads "Due on…".
    for (const c of howLong) expect([c.key, Number(c.value) > 0 ? c.text.includes(`${c.value} day`) : c.text.startsWith('Due on')]).toEqual([c.key, true]);
    const severity = await expectSortsBy(page, table, 'Severity', 'data-rule');
    for (const c of severity) expect(c.text).toBe(c.value === '2' ? 'red' : 'amber');
    await checkView(page, 'sortable-worker-laptop');

    // One page of the flags in order of urgency across every page: no heading sorts it.
    await page.goto(`${t.base}/dashboard/flags`);
    await page.locator('table.app-flags tbody tr').first().waitFor();
    await expect(page.locator('table.app-flags[data-module], table.app-flags th[aria-sort], table.app-flags thead button').count()).resolves.toBe(0);
  } finally {
    await page.context().close();
  }
});

test('without JavaScript the tables are as served: no buttons, the headings in words, the rows in their order', async () => {
  const withScript = await signedIn(TEAM_MANAGER, '/dashboard/team');
  const withoutScript = await signedIn(TEAM_MANAGER, '/dashboard/team', { javaScriptEnabled: false });
  try {
    await sortButtonsIn(withScript, '#workers-table');
    await expect(withoutScript.locator('#workers-table tbody tr').count()).resolves.toBeGreaterThan(2);
    await expect(withoutScript.locator('#workers-table thead button').count()).resolves.toBe(0);
    expect(await headings(withoutScript, '#workers-table')).toEqual(await headings(withScript, '#workers-table'));
    const order = (page: Page) => page.$$eval('#workers-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-worker')));
    expect(await order(withoutScript)).toEqual(await order(withScript));
  } finally {
    await withScript.context().close();
    await withoutScript.context().close();
  }
});

test("on a phone's 390×844 the sortable tables scroll in their own box, not the page", async () => {
  for (const [path, table] of [
    [`/dashboard/overview?asOf=${END}&teamId=${TEAM}`, '#rules'],
    [`/dashboard/team?teamId=${TEAM}`, '#workers-table'],
    [`/dashboard/teams?asOf=${END}`, '#teams-side-by-side'],
  ]) {
    const page = await signedIn(TEST_KEYS.manager, path, { viewport: VIEWPORTS.phone });
    try {
      await sortButtonsIn(page, table);
      await page.locator(`${table} thead th[aria-sort] button`).nth(1).click();
      expect([path, await sidewaysOverflow(page)]).toEqual([path, []]);
    } finally {
      await page.context().close();
    }
  }
});

test('the sortable table is served from MOJ Frontend as a module, cached as the other assets', async () => {
  const res = await fetch(`${t.base}/assets/moj-sortable-table.mjs`);
  expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=3600']);
  expect(await res.text()).toContain('export { SortableTable }');
});
