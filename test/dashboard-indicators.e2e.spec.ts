/// <reference lib="dom" />
import { indicatorStatus, resolvePolicy, ruleIndicator, ruleTitle, seriesDates, type IndicatorStatus, type RuleId } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { checkView, launchBrowser, signIn, VIEWPORTS } from './support/browser.js';
import { startWithGeneratedYear, YEAR_END } from './support/generated-year.js';
import { getOk, TEST_KEYS, type TestSite } from './support/test-app.js';

/**
 * The overview's indicators in a real browser, on a generated year, under an authority's
 * policy file with its own targets and a local threshold: each rule's rate and its change
 * since the end of last month are the API's, the words are filled from the policy, the
 * status against each target is `indicatorStatus`'s, the flags tiles open the flags of
 * their severity, and no rule code shows. Axe clean and no sideways scrolling, at a
 * laptop's width and a phone's 390×844.
 */
const END = YEAR_END;
const LAST_MONTH = seriesDates(END).at(-2)!;
/** Three targets, so more than one status shows; CP visits every 10 working days where the default is 15. */
const LOCAL_POLICY = {
  cpVisits: { workingDays: 10 },
  targets: { CP_VISIT_OVERDUE: { target: 0.95, tolerance: 0.05 }, UNREGISTERED_PLACEMENT: { target: 0 }, SUPERVISION_OVERDUE: { target: 1 } },
};
const POLICY = resolvePolicy(LOCAL_POLICY);
const TAGS: Record<IndicatorStatus['status'], string> = { met: 'Met', 'within tolerance': 'Within tolerance', 'not met': 'Not met', 'no target': 'No target', 'nothing in scope': 'None in scope' };

let t: TestSite;
let browser: Browser;

beforeAll(async () => {
  t = await startWithGeneratedYear('dashboard-indicators-e2e-', { scale: 0.1, policy: LOCAL_POLICY });
  browser = await launchBrowser();
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const api = (pathAndQuery: string) => getOk(t, pathAndQuery, TEST_KEYS.manager);

/** A manager signed in, on the overview of END. */
async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
  const page = await signIn(browser, t.base, TEST_KEYS.manager, { viewport });
  await page.goto(`${t.base}/dashboard/overview?asOf=${END}`);
  return page;
}

const percent = (rate: number | null) => (rate === null ? '–' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
/** A change as the page words it, from `indicatorStatus`'s figure and direction. */
const changeWords = ({ change, direction }: IndicatorStatus) => (direction === 'none' ? '–' : direction === 'same' ? 'no change' : `${direction} ${Math.abs(change!).toFixed(1)} points`);

interface ShownRow {
  rule: string;
  title: string;
  words: string;
  rate: string;
  change: string;
  target: string;
  status: string | null;
  tag: string;
}

function shownRows(page: Page): Promise<ShownRow[]> {
  return page.$$eval('#rules tbody tr', (rows) =>
    rows.map((r) => {
      const text = (selector: string) => r.querySelector(selector)!.textContent!.trim();
      return {
        rule: r.getAttribute('data-rule')!,
        title: text('th a'),
        words: text('[data-indicator="words"]'),
        rate: text('[data-measure="complianceRate"]'),
        change: text('[data-indicator="change"]'),
        target: (r.querySelector('[data-indicator="target"]') as HTMLElement).innerText.split('\n')[0].trim(),
        status: r.querySelector('[data-indicator="status"]')!.getAttribute('data-status'),
        tag: text('[data-indicator="status"] .govuk-tag'),
      };
    }),
  );
}

test("each indicator's rate and change are the API's, in the policy's words, with its target's status", async () => {
  const page = await signedIn(VIEWPORTS.laptop);
  const now = await api(`/dashboard?asOf=${END}`);
  const before = await api(`/dashboard?asOf=${LAST_MONTH}`);
  const rows = await shownRows(page);
  expect(rows.map((r) => r.rule)).toEqual(now.rules.map((r: { rule: string }) => r.rule));
  await expect(page.locator('#rules thead').innerText()).resolves.toContain('Change since 31 May 2026');

  const statuses: string[] = [];
  for (const row of rows) {
    const rule = row.rule as RuleId;
    const rate: number | null = now.rules.find((r: { rule: string }) => r.rule === rule).complianceRate;
    const previous: number | null = before.rules.find((r: { rule: string }) => r.rule === rule).complianceRate;
    const target = POLICY.targets?.[rule];
    const status = indicatorStatus(rate, previous, target);
    statuses.push(status.status);
    expect(row).toEqual({
      rule,
      title: ruleTitle(rule),
      words: `Percentage of ${ruleIndicator(rule, POLICY)}`,
      rate: percent(rate),
      change: changeWords(status),
      target: target ? percent(target.target) : '–',
      status: status.status,
      tag: TAGS[status.status],
    });
  }
  // The local threshold is in the words; the changes are figures, not all dashes; the targets were judged.
  expect(rows.find((r) => r.rule === 'CP_VISIT_OVERDUE')!.words).toBe('Percentage of children on a child protection plan visited within 10 working days');
  expect(rows.some((r) => /^(up|down) \d+\.\d points$/.test(r.change))).toBe(true);
  expect(statuses.filter((s) => s !== 'no target')).toHaveLength(3);

  const judged = rows.filter((r) => r.status === 'met' || r.status === 'within tolerance' || r.status === 'not met');
  await expect(page.locator('[data-targets-met]').textContent()).resolves.toBe(`${judged.filter((r) => r.status === 'met').length} of ${judged.length}`);
  await page.context().close();
});

test('the red and amber tiles open the flags of their severity, keeping the view', async () => {
  const page = await signedIn(VIEWPORTS.laptop);
  for (const severity of ['red', 'amber']) {
    const total = (await api(`/flags?asOf=${END}&severity=${severity}&limit=1`)).total as number;
    await expect(page.locator(`[data-overall="${severity}"]`).textContent()).resolves.toBe(total.toLocaleString('en-GB'));
    await page.locator(`a:has([data-overall="${severity}"])`).click();
    await page.waitForURL(new RegExp(`/dashboard/flags\\?asOf=${END}&severity=${severity}$`));
    await expect(page.locator('[data-total]').textContent()).resolves.toBe(total.toLocaleString('en-GB'));
    await page.goBack();
  }
  await page.context().close();
});

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`the overview reads in words, passes axe and does not scroll sideways (${size})`, async () => {
    const page = await signedIn(viewport);
    // The trend is brought in after the page: check the page as it ends up.
    await page.waitForSelector('#trends[aria-busy="false"]');
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
    expect(text).toContain('a missed dental check weighs as much as an unregistered placement');
    await checkView(page, `indicators-overview-${size}`);
    await page.context().close();
  });
}
