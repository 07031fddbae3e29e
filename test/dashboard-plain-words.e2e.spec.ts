/// <reference lib="dom" />
import { EVENT_TYPES, RULE_IDS, type Flag } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, VIEWPORTS } from './support/browser.js';
import { startWithGeneratedYear, YEAR_END } from './support/generated-year.js';
import { routesOf } from './support/routes.js';
import { get, TEST_KEYS, type TestSite } from './support/test-app.js';

/**
 * Every page of the dashboard, rendered on a generated year, in the words of the people
 * who read it: no rule code, no event type name, no camelCase or snake_case field name
 * and no raw JSON in the visible text; and one form at most, the view's filters. A policy key the rules page names on purpose is
 * shown as code (`<code>`), which is left out of the check.
 */
const END = YEAR_END;
const PAST = '2026-03-31';

let t: TestSite;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await startWithGeneratedYear('dashboard-plain-words-e2e-', { scale: 0.1 });
  browser = await launchBrowser();
  page = await signIn(browser, t.base, TEST_KEYS.admin, { viewport: VIEWPORTS.laptop });
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Every kind of page, with the subjects of the generated year's flags. */
async function pages(): Promise<string[]> {
  const flags: Flag[] = (await get(`${t.url}/flags?asOf=${END}&limit=1000`)).body.flags;
  const child = flags.find((f) => f.subject.type === 'child')!;
  const worker = flags.find((f) => f.subject.type === 'worker')!;
  const team = flags.find((f) => f.teamId)!.teamId!;
  return [
    '/dashboard/overview',
    `/dashboard/overview?asOf=${PAST}&knownAt=${PAST}`,
    `/dashboard/overview?teamId=${team}`,
    '/dashboard/teams',
    `/dashboard/team?teamId=${team}`,
    `/dashboard/team?teamId=${team}&asOf=${PAST}`,
    '/dashboard/team',
    '/dashboard/flags',
    `/dashboard/flags?rule=${child.rule}&severity=${child.severity}`,
    '/dashboard/trends',
    `/dashboard/trends?rule=${child.rule}`,
    `/dashboard/workers/${worker.subject.id}`,
    `/dashboard/children/${child.subject.id}`,
    `/dashboard/children/${child.subject.id}?asOf=${PAST}&knownAt=${PAST}`,
    '/dashboard/rules',
    '/dashboard/no-such-page',
    '/dashboard/children/C-NOT-RECORDED',
    '/accessibility',
    '/privacy',
  ];
}

/** Routes that show no page of their own: they send the browser on to one (the landing page, the search) or a file. */
const NOT_PAGES = ['/dashboard/home', '/dashboard/find', '/dashboard/flags.csv'];

/** The route a page's URL is answered by (a child's or worker's reference made `:id`). */
const routeOf = (url: string) => url.split('?')[0].replace(/^\/dashboard\/(children|workers)\/[^/]+$/, '/dashboard/$1/:id');

test('asks every dashboard page the router has', async () => {
  const asked = new Set((await pages()).map(routeOf));
  const routes = routesOf(t).filter((r) => r.path.startsWith('/dashboard/') && r.methods.has('GET') && !NOT_PAGES.includes(r.path));
  expect(routes.map((r) => r.path).filter((path) => !asked.has(path))).toEqual([]);
});

/** The words on the page a person reads: its visible text, less what is shown as code on purpose. */
function visibleWords(): Promise<string> {
  return page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const hidden of copy.querySelectorAll('code, script, style, noscript, [hidden]')) hidden.remove();
    document.body.append(copy);
    copy.style.position = 'absolute';
    const text = copy.innerText;
    copy.remove();
    return text;
  });
}

const CODES = new RegExp(`\\b(${[...RULE_IDS, ...EVENT_TYPES].join('|')})\\b`);
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;
const SNAKE = /\b[a-z]+_[a-z_]+\b/;
const JSON_TEXT = /[{[]\s*"|"\s*:\s*["{[\d]/;

test('no page shows a code, a field name or JSON, or more than one form', async () => {
  const found: string[] = [];
  for (const path of await pages()) {
    await page.goto(`${t.base}${path}`);
    const text = await visibleWords();
    for (const [kind, pattern] of [
      ['code', CODES],
      ['camelCase', CAMEL],
      ['snake_case', SNAKE],
      ['JSON', JSON_TEXT],
    ] as const) {
      const match = pattern.exec(text);
      if (match) found.push(`${path}: ${kind} "${match[0]}" in "${text.slice(Math.max(0, match.index - 40), match.index + 40).replace(/\s+/g, ' ')}"`);
    }
    // One filter form a page, with one button: its view and filters change together.
    const forms = await page.locator('main form').count();
    if (forms > 1) found.push(`${path}: ${forms} forms`);
  }
  expect(found).toEqual([]);
});
