/// <reference lib="dom" />
import { DEFAULT_POLICY, RULE_IDS, RULES, rulePages } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { checkAccessible, DESKTOP, launchBrowser, openPage } from './support/browser.js';
import { policyFileEnv, startTestApp, tempDataDir, TEST_KEYS, type TestSite } from './support/test-app.js';

/**
 * The Rules page in a real browser, against a server running an authority's own
 * policy file: every rule's name and the inspectors' words it answers, the thresholds
 * of the running policy (not the defaults), no rule code in what a person reads, and
 * no serious accessibility problem or sideways scrolling on a phone.
 */
const TODAY = '2026-06-30';
/** The authority's policy: supervision every 21 days where the default is 28. */
const LOCAL_POLICY = { supervision: { intervalDays: 21 } };

let t: TestSite;
let browser: Browser;
let page: Page;

const sections = rulePages(DEFAULT_POLICY).flatMap((g) => g.rules);
const anchorOf = (rule: string) => sections.find((s) => s.rule === rule)!.anchor;

beforeAll(async () => {
  const dataDir = tempDataDir('rules-page-e2e-');
  t = await startTestApp(dataDir, policyFileEnv(dataDir, LOCAL_POLICY));
  t.clock.set(new Date(`${TODAY}T12:00:00Z`));
  browser = await launchBrowser();
  page = await openPage(browser, { viewport: DESKTOP });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('a manager signs in and reaches the Rules page from the navigation', async () => {
  await page.goto(`${t.base}/dashboard/rules`);
  await page.waitForURL(/\/sign-in\?next=%2Fdashboard%2Frules$/);
  await page.fill('#apiKey', TEST_KEYS.manager);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(/\/dashboard\/rules$/);
  await expect(page.locator('h1').textContent()).resolves.toBe('Rules');
  const nav = page.locator('.govuk-service-navigation__item--active');
  await expect(nav.innerText()).resolves.toBe('Rules');
});

test("shows every rule's name and the inspectors' words for its finding", async () => {
  for (const rule of RULES) {
    const section = page.locator(`section[aria-labelledby="${anchorOf(rule.rule)}"]`);
    await expect(section.locator('h3').innerText()).resolves.toBe(rule.title);
    if (rule.quote) await expect(section.locator('blockquote').innerText()).resolves.toBe(rule.quote.text);
    else expect(await section.locator('blockquote').count()).toBe(0);
  }
  expect(await page.locator('blockquote').count()).toBe(RULES.filter((r) => r.quote).length);
  await expect(page.locator('#rule-supervision-overdue').innerText()).resolves.toBe('Supervision overdue');
});

test('shows the thresholds of the running policy, with the default it replaces', async () => {
  expect(t.config.policy.supervision.intervalDays).toBe(21);
  const supervision = page.locator('section[aria-labelledby="rule-supervision-overdue"]');
  await expect(supervision.locator('[data-thresholds] li').first().innerText()).resolves.toBe(
    `Interval (days): ${t.config.policy.supervision.intervalDays} (the default is ${DEFAULT_POLICY.supervision.intervalDays})`,
  );
  await expect(supervision.innerText()).resolves.toContain('Set in the policy file under supervision');
  const caseload = page.locator('section[aria-labelledby="rule-caseload-too-high"] [data-thresholds] li');
  await expect(caseload.allInnerTexts()).resolves.toEqual([
    `Maximum per FTE: ${DEFAULT_POLICY.caseload.maxPerFte}`,
    `Newly qualified maximum per FTE: ${DEFAULT_POLICY.caseload.newlyQualifiedMaxPerFte}`,
  ]);
});

test('shows no rule code to the reader, and has no serious accessibility problem', async () => {
  const text = await page.evaluate(() => document.body.innerText);
  expect(RULE_IDS.filter((code) => text.includes(code))).toEqual([]);
  await checkAccessible(page, 'rules-page');
});

test("links each rule's name to its flags, keeping the view", async () => {
  await page.goto(`${t.base}/dashboard/rules?asOf=2026-03-31`);
  const link = page.locator('#rule-pre-proceedings-too-long a');
  const href = new URL((await link.getAttribute('href'))!, t.base);
  expect([href.pathname, href.searchParams.get('rule'), href.searchParams.get('asOf')]).toEqual(['/dashboard/flags', 'PRE_PROCEEDINGS_OVERDUE', '2026-03-31']);
  await link.click();
  await page.waitForURL(/\/dashboard\/flags\?/);
  await expect(page.locator('h1').innerText()).resolves.toContain('Pre-proceedings too long');
});

test('fits a phone screen without scrolling sideways', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${t.base}/dashboard/rules`);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await checkAccessible(page, 'rules-page-phone');
});
