import fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { createApp } from '../apps/api/src/app.factory.js';
import { ManualClock, loadConfig } from '@app/composition';
import { launchBrowser, screenshot } from './support/browser.js';
import { freePort } from './support/processes.js';
import { tempDataDir, TEST_API_KEYS, TEST_KEYS } from './support/test-app.js';

/**
 * The dashboard opened over plain http, as on a pilot's council VM: by address, and by
 * a host name in production mode (chromium maps the name to loopback, so no DNS). The
 * stylesheets must load and the API-key form must sign in: with the CSP's
 * upgrade-insecure-requests (or a Secure cookie) the browser would fetch them from, or
 * post to, an https:// address nothing answers, or drop the session cookie.
 */
const HOST = 'council-vm.example';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * Chromium treats 127.0.0.1 as trustworthy and never upgrades it, so only a host name
 * shows the upgrade; the address case guards the sign-in flow over plain http all the same.
 */
const CASES: { name: string; host: string; env: Record<string, string> }[] = [
  { name: 'by address, in development', host: '127.0.0.1', env: {} },
  { name: 'by host name, in development', host: HOST, env: {} },
  { name: 'by host name, in production (PUBLIC_URL http://)', host: HOST, env: { NODE_ENV: 'production' } },
];

test.each(CASES)('over http $name: the page is styled and the API-key sign-in lands on the overview', async ({ name, host, env }) => {
  const port = await freePort();
  const base = `http://${host}:${port}`;
  const dataDir = tempDataDir('dashboard-plain-http-');
  // Production names its address; development is left at its default, as a quick pilot would.
  const publicUrl = env.NODE_ENV === 'production' ? { PUBLIC_URL: base } : {};
  const config = loadConfig({ DATA_DIR: dataDir, PORT: String(port), API_KEYS: TEST_API_KEYS, RATE_LIMIT: '1000000', ...publicUrl, ...env });
  const app: INestApplication = await createApp(config, { clock: new ManualClock(new Date('2026-06-30T12:00:00Z')), logger: false });
  await app.listen(port, '127.0.0.1');
  const context = await browser.newContext({ locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const stylesheets: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'stylesheet') stylesheets.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(`${base}/sign-in?next=%2Fdashboard%2Fhome`);
    // govuk-frontend's styles applied: the heading in its font stack, not the browser's default serif.
    await page.waitForFunction(() => /arial/i.test(getComputedStyle(document.querySelector('h1')!).fontFamily), undefined, { timeout: 10_000 });
    expect(stylesheets.sort()).toEqual([`200 ${base}/assets/app/dashboard.css`, `200 ${base}/assets/govuk-frontend.min.css`]);

    await page.fill('#apiKey', TEST_KEYS.manager);
    await page.click('button:has-text("Sign in")');
    // A manager of every team lands on the teams side by side.
    await page.waitForURL(`${base}/dashboard/teams`, { timeout: 15_000 });
    await expect(page.locator('h1').textContent()).resolves.toBe('Teams side by side');
    await screenshot(page, `plain-http-${name.replace(/\W+/g, '-')}`);
  } finally {
    await context.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
