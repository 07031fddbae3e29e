/// <reference lib="dom" />
import { RULE_IDS, ruleTitle, type RuleId } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { checkView, launchBrowser, signIn, VIEWPORTS } from './support/browser.js';
import { startWithGeneratedYear, YEAR_END } from './support/generated-year.js';
import { apiKeysWith, getOk, type TestSite } from './support/test-app.js';

/**
 * The 12-month trends in a real browser on a generated year (two teams), for a manager
 * of every team: a small chart per rule in scope, each on a scale fitted to its figures
 * and labelled with its points' own months, its numbers the API's; then one rule for
 * each team side by side, a line and a legend entry per team. At a laptop's 1366×768
 * and a phone's 390×844, axe clean, no sideways scrolling.
 */
const END = YEAR_END;
const HEAD_OF_SERVICE = 'trends-head-of-service-key-0';
const TEAM = 'T-01';
const TEAM_MANAGER = 'trends-team-01-manager-key-0';

interface SeriesPoint {
  month: string;
  asOf: string;
  rules: Record<RuleId, number | null>;
}

let t: TestSite;
let browser: Browser;

beforeAll(async () => {
  t = await startWithGeneratedYear('dashboard-trends-e2e-', { scale: 0.2, env: apiKeysWith(`${HEAD_OF_SERVICE}:manager`, `${TEAM_MANAGER}:manager:${TEAM}`) });
  browser = await launchBrowser();
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const api = (pathAndQuery: string, key = HEAD_OF_SERVICE) => getOk(t, pathAndQuery, key);

/** A date's month as the charts should name it, worked out here from the date itself: 2026-01-31 is "Jan 26". */
const monthOf = (date: string) => new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));

/** What a rate's cell holds: the API's number as written on the page ('' when nothing was in scope). */
const rateAttribute = (rate: number | null) => (rate === null ? '' : String(rate));

/** A chart's x labels and its y labels (bottom to top), as drawn. */
function axisLabels(page: Page, chart: string): Promise<{ x: string[]; y: string[] }> {
  return page.$eval(chart, (svg) => ({
    x: [...svg.querySelectorAll('[data-mark="x-axis tick label"] text')].map((e) => e.textContent!),
    y: [...svg.querySelectorAll('[data-mark="y-axis tick label"] text')].map((e) => e.textContent!),
  }));
}

/** The rate cells of one table row, by data attribute: [month, data-rate] each. */
const rowRates = (page: Page, row: string) => page.$$eval(`${row} td`, (cells) => cells.map((c) => [c.getAttribute('data-month'), c.getAttribute('data-rate')]));

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`a manager of every team sees each rule's trend on its own fitted scale, then one rule for each team, every number the API's (${size})`, async () => {
    const page = await signIn(browser, t.base, HEAD_OF_SERVICE, { viewport });
    await page.waitForURL(/\/dashboard\/teams$/);
    await page.goto(`${t.base}/dashboard/trends`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Compliance over 12 months');
    const series: SeriesPoint[] = (await api(`/dashboard?asOf=${END}`)).series;
    expect(series.map((p) => p.asOf)).toContain('2026-01-31');

    // A small chart per rule with anything in scope in the year, in the catalogue's order, each titled in words.
    const inScope = RULE_IDS.filter((rule) => series.some((p) => p.rules[rule] !== null));
    expect(inScope.length).toBeGreaterThan(3);
    expect(await page.$$eval('#rule-charts figure', (figures) => figures.map((f) => f.getAttribute('data-rule')))).toEqual(inScope);
    for (const rule of inScope) {
      const figure = `#rule-charts figure[data-rule="${rule}"]`;
      await expect(page.locator(`${figure} h3`).innerText()).resolves.toContain(ruleTitle(rule));
      await expect(page.locator(`${figure} svg[role="img"]`).getAttribute('aria-label')).resolves.toContain(ruleTitle(rule));
      // The numbers beside it are the API's, month by month.
      expect(await rowRates(page, `#rule-trend-table tr[data-rule="${rule}"]`)).toEqual(series.map((p) => [p.month, rateAttribute(p.rules[rule])]));
      // Each point labelled with its own date's month (2026-01-31 is Jan, not Feb).
      const { x } = await axisLabels(page, `${figure} svg[role="img"]`);
      expect(x).toEqual(series.map((p) => monthOf(p.asOf)));
      expect(x[series.findIndex((p) => p.asOf === '2026-01-31')]).toBe('Jan 26');
    }
    expect(await page.$$eval('#rule-trend-table thead th[data-month]', (th) => th.map((h) => h.getAttribute('data-month')))).toEqual(series.map((p) => p.month));

    // A rule between 90% and 100% all year is drawn on a scale fitted to it, not one from 0, and its labels say so in percent.
    const high = inScope.filter((rule) => series.every((p) => p.rules[rule] === null || (p.rules[rule]! >= 0.9 && p.rules[rule]! <= 1)));
    expect(high.length).toBeGreaterThan(0);
    for (const rule of high) {
      const { y } = await axisLabels(page, `#rule-charts figure[data-rule="${rule}"] svg[role="img"]`);
      expect(y.every((label) => /^\d+(\.\d)?%$/.test(label))).toBe(true);
      expect(parseFloat(y[0]!)).toBeGreaterThanOrEqual(80);
    }
    // Rules are named in words: no rule's code is on the page.
    const words = await page.locator('main').innerText();
    expect(RULE_IDS.filter((rule) => words.includes(rule))).toEqual([]);
    await checkView(page, `trends-rules-${size}`);

    // One rule for each team: the rule in scope for every team, its title the link.
    const overall = await api(`/dashboard?asOf=${END}`);
    const teamIds: string[] = overall.teams.map((x: { teamId: string }) => x.teamId);
    expect(teamIds.length).toBe(2);
    const byTeam = new Map<string, SeriesPoint[]>();
    for (const teamId of teamIds) byTeam.set(teamId, (await api(`/dashboard?asOf=${END}&teamId=${teamId}`)).series);
    const rule = inScope.find((r) => teamIds.every((teamId) => byTeam.get(teamId)!.some((p) => p.rules[r] !== null)))!;
    await page.locator(`#rule-charts figure[data-rule="${rule}"] h3 a`).click();
    await page.waitForURL(new RegExp(`/dashboard/trends\\?.*rule=${rule}`));
    await expect(page.locator('h1').textContent()).resolves.toBe(`${ruleTitle(rule)}: teams compared over 12 months`);
    expect(await page.locator('#teams-chart svg[role="img"] [data-mark="line"] path').count()).toBe(teamIds.length);
    const legend = await page.locator('#teams-chart-legend').innerText();
    for (const teamId of teamIds) expect(legend).toContain(`Team ${teamId}`);
    // Each team drawn with its own marker too (colour is not the only cue).
    const markers = await page.$$eval('#teams-chart svg [data-mark="dot"] path', (dots) => new Set(dots.map((d) => d.getAttribute('d'))).size);
    expect(markers).toBe(teamIds.length);
    for (const teamId of teamIds) {
      expect(await rowRates(page, `#teams-trend-table tr[data-team="${teamId}"]`)).toEqual(byTeam.get(teamId)!.map((p) => [p.month, rateAttribute(p.rules[rule])]));
    }
    const { x } = await axisLabels(page, '#teams-chart svg[role="img"]');
    expect(x).toEqual(series.map((p) => monthOf(p.asOf)));
    await checkView(page, `trends-teams-compared-${size}`);
    await page.context().close();
  });
}

test("a team manager's trends are their team's alone: a rule asked for compares no teams, and no title links to a comparison", async () => {
  const page = await signIn(browser, t.base, TEAM_MANAGER, { viewport: VIEWPORTS.laptop });
  await page.waitForURL(/\/dashboard\/team$/);
  const series: SeriesPoint[] = (await api(`/dashboard?asOf=${END}`, TEAM_MANAGER)).series;
  const rule = RULE_IDS.find((r) => series.some((p) => p.rules[r] !== null))!;
  await page.goto(`${t.base}/dashboard/trends?rule=${rule}`);
  await expect(page.locator('h1').textContent()).resolves.toBe('Compliance over 12 months');
  await expect(page.locator('.govuk-caption-l').textContent()).resolves.toBe(`Team ${TEAM}`);
  expect(await page.locator('#teams-chart').count()).toBe(0);
  expect(await page.locator('#rule-charts figure h3 a').count()).toBe(0);
  expect(await rowRates(page, `#rule-trend-table tr[data-rule="${rule}"]`)).toEqual(series.map((p) => [p.month, rateAttribute(p.rules[rule])]));
  await page.context().close();
});
