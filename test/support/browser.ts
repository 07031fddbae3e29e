import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test-artifacts');

/** `extraArgs`: more chromium switches, e.g. `--host-resolver-rules` to reach loopback by a host name. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** WCAG 2.2 A and AA checks with axe-core on the page as it is; the serious and critical violations. */
export async function seriousA11yProblems(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

/** A full-page screenshot kept as a test artefact (test-artifacts/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A view the README shows: kept as a test artefact, and with README_SCREENSHOTS=1 also
 * written (the window only, not the whole page) to docs/screenshots/<name>.png, so the
 * README's pictures are taken by the tests that check those pages.
 */
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  if (process.env.README_SCREENSHOTS !== '1') return;
  const file = path.resolve('docs', 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
}

/** The two windows the dashboard's browser tests look through: a laptop's and a phone's. */
export const VIEWPORTS = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };

/** The window of the journeys looked at in one size only (the README's screenshots are taken in it). */
export const DESKTOP = { width: 1280, height: 900 };

export type WindowOptions = Pick<BrowserContextOptions, 'viewport' | 'javaScriptEnabled' | 'acceptDownloads'>;

/** A new window of its own (no cookies: nobody signed in), in British English; a laptop's unless told. Close it with `page.context().close()`. */
export async function openPage(browser: Browser, options: WindowOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: VIEWPORTS.laptop, ...options });
  return context.newPage();
}

/**
 * Signs in through the form with an API key, as a person would (the form needs no
 * JavaScript), and waits to be let in: on `next` when given, else wherever the
 * dashboard sends the key's role.
 */
export async function signInOnPage(page: Page, baseUrl: string, apiKey: string, next?: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.fill('#apiKey', apiKey);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(next ? (url) => `${url.pathname}${url.search}` === next : /\/dashboard\//);
}

/** A new window signed in with `apiKey` (see `openPage` and `signInOnPage`). */
export async function signIn(browser: Browser, baseUrl: string, apiKey: string, options: WindowOptions & { next?: string } = {}): Promise<Page> {
  const { next, ...window } = options;
  const page = await openPage(browser, window);
  await signInOnPage(page, baseUrl, apiKey, next);
  return page;
}

/** The elements that stick out past the right edge of the window (none, when the page does not scroll sideways); a table's own scroll box may. */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const inScrollBox = (e: Element) => e.parentElement?.closest('.app-table-scroll') !== null;
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !inScrollBox(e))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}px`);
  });
}

/** Axe finds nothing serious, and the view is kept as a screenshot: for views whose width is not in question. */
export async function checkAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousA11yProblems(page)).toEqual([]);
  await screenshot(page, name);
}

/** Axe finds nothing serious, the page does not scroll sideways, and it is kept as a screenshot. */
export async function checkView(page: Page, name: string): Promise<void> {
  expect(await seriousA11yProblems(page)).toEqual([]);
  expect([name, await sidewaysOverflow(page)]).toEqual([name, []]);
  await readmeScreenshot(page, name);
}
