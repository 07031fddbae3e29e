/// <reference lib="dom" />
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessible, DESKTOP, launchBrowser, openPage, screenshot, signInOnPage } from './support/browser.js';
import { History, recordHistory } from './support/findings/history.js';
import { startTestApp, tempDataDir, TEST_KEYS, type TestSite } from './support/test-app.js';

/**
 * What every public body's service has around its pages, in a real browser (Debian's
 * chromium): the footer's accessibility statement and privacy notice, readable without
 * signing in; an icon; a "page not found" page for addresses under /dashboard that do
 * not exist (the API keeps its JSON); the trend as a plain link without JavaScript; and
 * signing out landing on the sign-in page, which says so.
 *
 * One team to 30 June 2026: W-1 with child C-1, supervised once, long ago (a flag).
 */
const TODAY = '2026-06-30';
/** Sent in addresses and parameters: no page may repeat it. */
const MARKER = 'zq-marker-7g';

const h = new History('W-M');
h.join('W-M', 'T-1', '2025-12-01', 'team_manager');
h.join('W-1', 'T-1', '2026-01-05');
h.register('C-1', '2026-01-05', '2016-03');
h.allocate('C-1', 'W-1', 'T-1', '2026-01-06');
h.supervise('W-1', '2026-01-20', 'W-M', 90, true);

let t: TestSite;
let browser: Browser;
const dataDir = tempDataDir('dashboard-info-pages-e2e-');

beforeAll(async () => {
  t = await startTestApp(dataDir);
  await recordHistory(t, h, TODAY);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A new browser with no cookies: nobody signed in. */
async function freshPage(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const page = await openPage(browser, { viewport: DESKTOP, ...options });
  return { context: page.context(), page };
}

/** Signs in with a manager's key, landing on the overview. */
const signIn = (page: Page) => signInOnPage(page, t.base, TEST_KEYS.manager, '/dashboard/overview');

const footerLinks = (page: Page) => page.$$eval('footer a', (links) => links.map((a) => [a.textContent!.trim(), a.getAttribute('href')]));
const FOOTER = [
  ['Accessibility statement', '/accessibility'],
  ['Privacy notice', '/privacy'],
];

describe('the accessibility statement and the privacy notice', () => {
  it('are linked from the footer of the overview, and open from there', async () => {
    const { context, page } = await freshPage();
    try {
      await signIn(page);
      expect(await footerLinks(page)).toEqual(FOOTER);
      // The footer's account of the service stays beside the links.
      await expect(page.locator('footer').textContent()).resolves.toContain('every view of it is logged');
      await page.click('footer a:text-is("Accessibility statement")');
      await page.waitForURL(`${t.base}/accessibility`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Accessibility statement for Practice audit');
      await page.goBack();
      await page.click('footer a:text-is("Privacy notice")');
      await page.waitForURL(`${t.base}/privacy`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Privacy notice for Practice audit');
    } finally {
      await context.close();
    }
  });

  it('are public: each answers 200 without signing in, with the footer, and axe finds nothing serious', async () => {
    const { context, page } = await freshPage();
    try {
      for (const [path, name] of [
        ['/accessibility', '20-accessibility-statement'],
        ['/privacy', '21-privacy-notice'],
      ]) {
        const answer = await page.goto(`${t.base}${path}`);
        expect([path, answer?.status(), page.url()]).toEqual([path, 200, `${t.base}${path}`]);
        expect(answer?.headers()['content-type']).toBe('text/html; charset=utf-8');
        expect(await footerLinks(page)).toEqual(FOOTER);
        expect(await page.locator('.app-identity').count()).toBe(0);
        await checkAccessible(page, name);
      }
      // The sign-in page, which everyone sees first, links to them too.
      await page.goto(`${t.base}/sign-in`);
      expect(await footerLinks(page)).toEqual(FOOTER);
    } finally {
      await context.close();
    }
  });

  it('say what a GOV.UK-model statement and a privacy notice must, from the README, with the council’s details marked to fill in', async () => {
    const statement = await (await fetch(`${t.base}/accessibility`)).text();
    for (const heading of [
      'How accessible this service is',
      'Feedback and contact information',
      'Reporting accessibility problems with this service',
      'Enforcement procedure',
      'Compliance status',
      'Non-compliance with the accessibility regulations',
      'Preparation of this accessibility statement',
    ]) {
      expect(statement).toContain(`>${heading}</h`);
    }
    expect(statement).toContain('partially compliant with the <a class="govuk-link" href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard');
    expect(statement).toContain('Equality Advisory and Support Service (EASS)');
    expect(statement).toContain('axe-core against WCAG 2.2 levels A and AA');
    // The time limit named is the one configured (SESSION_HOURS).
    expect(statement).toContain(`Your sign-in ends after ${t.config.web.sessionHours} hours`);

    const notice = await (await fetch(`${t.base}/privacy`)).text();
    for (const words of [
      'Children Act 1989',
      'Children Act 2004',
      'Article 6(1)(e)',
      'Article 9(2)(g)',
      'Article 9(2)(h)',
      'references, never names',
      'access log',
      'erased',
      'Information Commissioner',
    ]) {
      expect([words, notice.includes(words)]).toEqual([words, true]);
    }
    // What only the council can say is marked as such, in square brackets.
    for (const placeholder of [
      '[the council’s name]',
      '[the council’s data protection officer: email address and postal address]',
      '[The council to confirm this section with its data protection officer.]',
    ]) {
      expect(`${statement}${notice}`.replaceAll('&#8217;', '’')).toContain(placeholder);
    }
  });
});

describe('the icon', () => {
  it('is an SVG among the pages’ assets, named by every page, and /favicon.ico leads to it', async () => {
    const svg = await fetch(`${t.base}/assets/app/favicon.svg`);
    expect([svg.status, svg.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await svg.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    const ico = await fetch(`${t.base}/favicon.ico`, { redirect: 'manual' });
    expect([ico.status, ico.headers.get('location')]).toEqual([301, '/assets/app/favicon.svg']);
    const followed = await fetch(`${t.base}/favicon.ico`);
    expect([followed.status, followed.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);

    const signIn = await (await fetch(`${t.base}/sign-in`)).text();
    expect(signIn).toContain('<link rel="icon" href="/assets/app/favicon.svg" type="image/svg+xml">');
  });
});

describe('an address under /dashboard that does not exist', () => {
  const UNKNOWN = [`/dashboard/${MARKER}`, `/dashboard/overview/${MARKER}`, `/dashboard/workers/W-1/${MARKER}?asOf=${MARKER}`];

  it('is the “page not found” page, 404, to someone signed in, who stays signed in', async () => {
    const { context, page } = await freshPage();
    try {
      await signIn(page);
      for (const path of UNKNOWN) {
        const answer = await page.goto(`${t.base}${path}`);
        expect([path, answer?.status(), answer?.headers()['content-type']]).toEqual([path, 404, 'text/html; charset=utf-8']);
        await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
        await expect(page.locator('title').textContent()).resolves.toBe('Page not found – Practice audit');
        expect(await page.content()).not.toContain(MARKER);
        expect(await page.locator('.app-identity').count()).toBe(1); // still signed in, and can sign out here
      }
      await checkAccessible(page, '22-page-not-found');
      // The way back: the dashboard's start, which answers.
      expect(await page.locator('main a:text-is("Go to the overview")').getAttribute('href')).toBe('/dashboard');
      const [back] = await Promise.all([page.waitForNavigation(), page.click('main a:text-is("Go to the overview")')]);
      expect(back?.status()).toBe(200);
    } finally {
      await context.close();
    }
  });

  it('is the same page to someone not signed in, not a sign-in: that an address does not exist tells nothing', async () => {
    for (const path of UNKNOWN) {
      const answer = await fetch(`${t.base}${path}`, { redirect: 'manual' });
      const html = await answer.text();
      expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 404, 'text/html; charset=utf-8']);
      expect(html).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
      expect(html).toContain('If you typed the web address, check it is correct.');
      expect(html).toContain('href="/dashboard"');
      expect(html).not.toContain(MARKER);
      expect(html).not.toContain('Sign out');
    }
    // The real pages still ask for sign-in first.
    const overview = await fetch(`${t.base}/dashboard/overview`, { redirect: 'manual' });
    expect([overview.status, overview.headers.get('location')]).toEqual([303, '/sign-in?next=%2Fdashboard%2Foverview']);
  });

  it('is answered after every real page: the catch-all is the last GET route under /dashboard', () => {
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
    const gets = stack.filter((l) => l.route?.methods.get).map((l) => l.route!.path);
    const pages = gets.filter((p) => p.startsWith('/dashboard/') && p !== '/dashboard/*path');
    // Not vacuous: the pages are there, and so is the catch-all.
    expect(pages).toEqual(expect.arrayContaining(['/dashboard/overview', '/dashboard/flags', '/dashboard/children/:id']));
    const catchAll = gets.indexOf('/dashboard/*path');
    expect(catchAll).toBeGreaterThan(-1);
    expect(pages.filter((p) => gets.indexOf(p) > catchAll)).toEqual([]);
  });

  it('leaves the API’s unknown paths, and other methods under /dashboard, to the API’s JSON answer', async () => {
    for (const [method, path] of [
      ['GET', `/api/v1/${MARKER}`],
      ['GET', `/api/v1/dashboard/${MARKER}`],
      ['POST', `/dashboard/${MARKER}`],
    ]) {
      const answer = await fetch(`${t.base}${path}`, { method, headers: { authorization: `Bearer ${TEST_KEYS.admin}` } });
      expect([method, path, answer.status, answer.headers.get('content-type')]).toEqual([method, path, 404, 'application/json; charset=utf-8']);
      expect(await answer.json()).toEqual({ statusCode: 404, error: 'Not Found', message: [expect.any(String)] });
    }
  });
});

describe('the overview’s 12-month trend', () => {
  it('is a plain link without JavaScript: no loading message that never ends', async () => {
    const { context, page } = await freshPage({ javaScriptEnabled: false });
    try {
      await signIn(page);
      // No script ran: govuk-frontend's inline line would have marked the body.
      expect(await page.locator('body').getAttribute('class')).not.toContain('js-enabled');
      const trends = page.locator('#trends');
      await expect(trends.locator('a').textContent()).resolves.toBe('Show the 12-month trend');
      expect(await trends.locator('a').isVisible()).toBe(true);
      expect(await trends.textContent()).not.toContain('Loading');
      expect(await page.locator('.app-loading').count()).toBe(0);
      expect(await trends.getAttribute('aria-busy')).toBeNull();
      // (axe runs as a script in the page, so not here: the overview is checked with it where scripts run.)
      await screenshot(page, '23-overview-without-javascript');
      await page.click('#trends a');
      await page.waitForURL(/\/dashboard\/trends/);
      await expect(page.locator('h1').textContent()).resolves.toBe('Compliance over 12 months');
    } finally {
      await context.close();
    }
  });

  it('with JavaScript, shows a loading state and then brings the trend into the page', async () => {
    const { context, page } = await freshPage();
    try {
      // Held until looked at, so the loading state can be seen before the trend arrives.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/dashboard/trends*', async (route) => {
        await held;
        await route.continue();
      });
      await signIn(page);
      const trends = page.locator('#trends');
      await expect(trends.locator('.app-loading').textContent()).resolves.toBe('Loading the trend: twelve month-end evaluations…');
      expect(await trends.getAttribute('aria-busy')).toBe('true');
      expect(await trends.locator('a:text-is("Show the 12-month trend")').count()).toBe(0);
      release();
      await page.waitForSelector('#trends[aria-busy="false"]');
      expect(await trends.locator('.app-loading').count()).toBe(0);
      expect(await trends.locator('#trend-table').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('signing out', () => {
  it('ends on the sign-in page (303), which says so in a banner', async () => {
    const { context, page } = await freshPage();
    try {
      await signIn(page);
      const [answer] = await Promise.all([page.waitForResponse((r) => r.url() === `${t.base}/sign-out`), page.click('button:has-text("Sign out")')]);
      expect([answer.status(), answer.headers().location]).toEqual([303, '/sign-in?signedOut=1']);
      await page.waitForURL(`${t.base}/sign-in?signedOut=1`);
      const banner = page.locator('.govuk-notification-banner--success');
      await expect(banner.locator('.govuk-notification-banner__heading').textContent()).resolves.toContain('You have signed out.');
      await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
      expect(await page.locator('.app-identity').count()).toBe(0);
      await checkAccessible(page, '24-signed-out');
      // Signed out for real: the overview asks for sign-in again.
      await page.goto(`${t.base}/dashboard/overview`);
      await page.waitForURL(/\/sign-in\?next=%2Fdashboard%2Foverview$/);
      expect(await banner.count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows the banner only for its own flag, and repeats nothing sent', async () => {
    for (const query of ['', '?signedOut=0', `?signedOut=${MARKER}`, `?next=%2Fdashboard&${MARKER}=1`]) {
      const html = await (await fetch(`${t.base}/sign-in${query}`)).text();
      expect([query, html.includes('govuk-notification-banner'), html.includes(MARKER)]).toEqual([query, false, false]);
    }
    const html = await (await fetch(`${t.base}/sign-in?signedOut=1`)).text();
    expect(html).toContain('You have signed out.');
  });
});
