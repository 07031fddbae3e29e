/// <reference lib="dom" />
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { createApp } from '../apps/api/src/app.factory.js';
import { ManualClock, loadConfig } from '@app/composition';
import { launchBrowser, screenshot, seriousA11yProblems } from './support/browser.js';
import { History, recordHistory } from './support/findings/history.js';
import { startOidcProvider, type TestOidcProvider } from './support/oidc-provider.js';
import { tempDataDir, TEST_API_KEYS, type TestApp } from './support/test-app.js';

/**
 * Signing in to the dashboard with a council account, in a real browser (Debian's
 * chromium) against a real OpenID Connect provider (`oidc-provider`, on loopback):
 * the authorization-code flow with PKCE, state and nonce, the ID token's role and
 * team becoming the session's principal, and the ways a sign-in must fail: a login
 * with no role, a callback whose state was tampered with, a callback nobody started.
 *
 * Two teams, to 30 June 2026: T-NORTH (W-N1, children C-N1 and C-N2) and T-SOUTH
 * (W-S1, C-S1), all overseen by W-HS.
 */
const TODAY = '2026-06-30';
const h = new History('W-HS');
h.join('W-HS', 'T-NORTH', '2025-12-01', 'team_manager');
for (const c of ['C-N1', 'C-N2', 'C-S1']) h.register(c, '2025-12-01', '2015-06');
h.join('W-N1', 'T-NORTH', '2026-01-05');
h.join('W-S1', 'T-SOUTH', '2026-01-05');
for (const c of ['C-N1', 'C-N2']) h.allocate(c, 'W-N1', 'T-NORTH', '2026-01-06');
h.allocate('C-S1', 'W-S1', 'T-SOUTH', '2026-01-10');
h.supervise('W-N1', '2026-01-05', 'W-HS', 90, true);
h.supervise('W-S1', '2026-01-05', 'W-HS', 60, false);

const SESSION_COOKIE = 'audit-session';

let oidc: TestOidcProvider;
let t: TestApp;
let base: string;
let authorizationEndpoint: string;
let browser: Browser;
let proxy: ReverseProxy;
const dataDirs = [tempDataDir('dashboard-oidc-e2e-'), tempDataDir('dashboard-oidc-proxied-e2e-')];

/** A loopback port nobody is using now: PUBLIC_URL (and so the redirect URI) must name it before the app starts. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The app as startTestApp makes it, but on a port chosen beforehand (startTestApp always listens on port 0). */
async function startAppOn(port: number, dataDir: string, env: Record<string, string>): Promise<TestApp> {
  const clock = new ManualClock();
  const config = loadConfig({ DATA_DIR: dataDir, PORT: String(port), API_KEYS: TEST_API_KEYS, RATE_LIMIT: '1000000', ...env });
  const app: INestApplication = await createApp(config, { clock, logger: false });
  await app.listen(port, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${port}/api/v1`, clock, config, close: () => app.close() };
}

/**
 * A reverse proxy in front of an app, as a council would run one: browsers know only
 * its address (PUBLIC_URL), and it sends requests on with the Host header naming the
 * app's own address, as nginx's `proxy_pass` does unless told otherwise.
 */
interface ReverseProxy {
  url: string;
  target?: number;
  close(): Promise<void>;
}

async function startReverseProxy(): Promise<ReverseProxy> {
  const proxy: ReverseProxy = { url: '', close: async () => undefined };
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: proxy.target, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${proxy.target}`, 'x-forwarded-host': req.headers.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  proxy = await startReverseProxy();
  oidc = await startOidcProvider({ redirectUris: [`${base}/auth/callback`, `${proxy.url}/auth/callback`] });
  const sso = { OIDC_ISSUER: oidc.issuer, OIDC_AUDIENCE: oidc.clientId, OIDC_CLIENT_ID: oidc.clientId };
  t = await startAppOn(port, dataDirs[0], { ...sso, PUBLIC_URL: base });
  await recordHistory(t, h, TODAY);
  const discovery = (await (await fetch(`${oidc.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
  authorizationEndpoint = discovery.authorization_endpoint;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await proxy?.close();
  await oidc?.close();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A browser of its own for each person: no cookie (of this service's or the provider's) carries over. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

const sessionCookie = async (context: BrowserContext) => (await context.cookies(base)).find((c) => c.name === SESSION_COOKIE);

/** The browser's requests to the provider's authorization endpoint. */
function authorizationRequests(page: Page): URL[] {
  const seen: URL[] = [];
  page.on('request', (request: Request) => {
    if (request.url().startsWith(`${authorizationEndpoint}?`)) seen.push(new URL(request.url()));
  });
  return seen;
}

/** From this service's sign-in page: the council-account button, the provider's login form (any password), its consent page. */
async function logInAtProvider(page: Page, login: string, service = base): Promise<void> {
  await page.click('#sign-in-oidc');
  await page.waitForURL((url) => url.origin === oidc.issuer && url.pathname.startsWith('/interaction/'));
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password will do');
  await page.click('button:has-text("Sign-in")');
  await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
  await page.click('button:has-text("Continue")');
  await page.waitForURL((url) => url.origin === service);
}

/** Signed out for sure: the dashboard sends the browser to sign in, and no page says who is signed in. */
async function expectSignedOut(page: Page): Promise<void> {
  expect(await page.locator('.app-identity').count()).toBe(0);
  const answer = await page.goto(`${base}/dashboard/overview`);
  expect(page.url()).toBe(`${base}/sign-in?next=%2Fdashboard%2Foverview`);
  expect(answer?.status()).toBe(200);
  expect(await page.locator('.app-identity').count()).toBe(0);
}

describe('a team manager signs in with their council account', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await freshPage());
  });

  afterAll(async () => {
    await context?.close();
  });

  test('the sign-in page offers the council account; the flow carries PKCE (S256), state and nonce, and lands on the team page as manager of T-NORTH', async () => {
    const requests = authorizationRequests(page);
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(`${base}/sign-in?next=%2Fdashboard%2Fhome`);
    const button = page.locator('#sign-in-oidc');
    await expect(button.textContent()).resolves.toContain('Sign in with your council account');
    expect(await button.getAttribute('href')).toBe('/sign-in/oidc?next=%2Fdashboard%2Fhome');
    expect(await page.locator('#apiKey').count()).toBe(1); // API_KEYS is set too: the key form stays below
    expect(await seriousA11yProblems(page)).toEqual([]);
    await screenshot(page, 'oidc-01-sign-in');

    // The pending sign-in's session, and its cookie, while the browser is at the provider.
    await page.click('#sign-in-oidc');
    await page.waitForURL((url) => url.origin === oidc.issuer);
    const pendingCookie = await sessionCookie(context);
    expect(pendingCookie).toBeDefined();
    await page.goBack();
    await page.waitForURL(`${base}/sign-in?next=%2Fdashboard%2Fhome`);

    await logInAtProvider(page, 'manager-north');
    // A team manager lands on their own team.
    await page.waitForURL(`${base}/dashboard/team`);
    await expect(page.locator('.app-identity').textContent()).resolves.toBe('Signed in as team manager of T-NORTH');
    await expect(page.locator('h1').textContent()).resolves.toBe('Team T-NORTH');

    // Both trips to the provider asked for a code with PKCE S256, a fresh state and nonce each time, for this service's callback.
    expect(requests).toHaveLength(2);
    for (const url of requests) {
      const p = url.searchParams;
      expect({
        response_type: p.get('response_type'),
        client_id: p.get('client_id'),
        redirect_uri: p.get('redirect_uri'),
        scope: p.get('scope'),
        code_challenge_method: p.get('code_challenge_method'),
      }).toEqual({ response_type: 'code', client_id: oidc.clientId, redirect_uri: `${base}/auth/callback`, scope: 'openid profile', code_challenge_method: 'S256' });
      expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/); // base64url of a SHA-256 digest
      expect(p.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(p.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(p.get('code_verifier')).toBeNull(); // the verifier never leaves the server
    }
    const [first, second] = requests.map((u) => u.searchParams);
    expect(second.get('state')).not.toBe(first.get('state'));
    expect(second.get('nonce')).not.toBe(first.get('nonce'));
    expect(second.get('code_challenge')).not.toBe(first.get('code_challenge'));

    // Signing in gave the browser a new session id: the pre-sign-in one opens nothing.
    const signedIn = await sessionCookie(context);
    expect(signedIn).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(signedIn!.value).not.toBe(pendingCookie!.value);
    const planted = await fetch(`${base}/dashboard/overview`, { headers: { cookie: `${SESSION_COOKIE}=${pendingCookie!.value}` }, redirect: 'manual' });
    expect(planted.status).toBe(303);

    await screenshot(page, 'oidc-02-signed-in');
    expect(await seriousA11yProblems(page)).toEqual([]);
  });

  test('the team-bound manager sees only T-NORTH: no team choice, and another team is refused', async () => {
    await page.click('a.govuk-service-navigation__link:has-text("Overview")');
    await page.waitForURL(/\/dashboard\/overview\?/);
    expect(await page.locator('#teamId').count()).toBe(0);
    expect(await page.locator('#knownAt').count()).toBe(0); // known-at is for auditors
    await expect(page.locator('.govuk-caption-l').textContent()).resolves.toBe('Team T-NORTH');
    const teams = await page.$$eval('#teams tbody tr', (rows) => rows.map((r) => r.getAttribute('data-teamId')));
    expect(teams).toEqual(['T-NORTH']);

    const refused = await page.goto(`${base}/dashboard/overview?teamId=T-SOUTH`);
    expect(refused?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('You cannot see this');
    // Still signed in: a refusal is not a sign-out.
    await expect(page.locator('.app-identity').textContent()).resolves.toBe('Signed in as team manager of T-NORTH');
    const own = await page.goto(`${base}/dashboard/overview?teamId=T-NORTH`);
    expect(own?.status()).toBe(200);
  });

  test('no link signs them out: every GET of the sign-in pages, the callback with any query included, leaves the session as it was', async () => {
    const cookie = await sessionCookie(context);
    const links = [
      '/',
      '/sign-in',
      '/sign-in?next=%2Fdashboard%2Fflags',
      '/sign-in/oidc',
      '/sign-in/oidc?next=%2Fdashboard%2Fflags',
      '/sign-out',
      '/auth/callback',
      '/auth/callback?code=made-up&state=made-up',
      '/auth/callback?error=access_denied&state=x',
    ];
    const changed: string[] = [];
    for (const link of links) {
      const answer = await fetch(`${base}${link}`, { headers: { cookie: `${SESSION_COOKIE}=${cookie!.value}` }, redirect: 'manual' });
      if (answer.headers.getSetCookie().length > 0) changed.push(`${link}: sets a cookie`);
      if (answer.status >= 500 || answer.headers.get('location')?.startsWith(oidc.issuer)) changed.push(`${link}: ${answer.status} ${answer.headers.get('location')}`);
      const after = await fetch(`${base}/dashboard/overview`, { headers: { cookie: `${SESSION_COOKIE}=${cookie!.value}` }, redirect: 'manual' });
      if (after.status !== 200) changed.push(`${link}: then the overview answers ${after.status}`);
    }
    expect(changed).toEqual([]);

    // In the browser: a callback nobody started says so, and the person is still signed in.
    const answer = await page.goto(`${base}/auth/callback?code=made-up&state=made-up`);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('h1').textContent()).resolves.toBe('That sign-in was not started here');
    await expect(page.locator('.app-identity').textContent()).resolves.toBe('Signed in as team manager of T-NORTH');
    expect((await page.goto(`${base}/dashboard/overview`))?.status()).toBe(200);
    expect((await sessionCookie(context))!.value).toBe(cookie!.value);
  });

  test('signing out ends the session on the server: the old cookie no longer opens the dashboard', async () => {
    const cookie = await sessionCookie(context);
    await page.click('button:has-text("Sign out")');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('You have signed out');
    await expectSignedOut(page);
    const replay = await fetch(`${base}/dashboard/overview`, { headers: { cookie: `${SESSION_COOKIE}=${cookie!.value}` }, redirect: 'manual' });
    expect([replay.status, replay.headers.get('location')]).toEqual([303, '/sign-in?next=%2Fdashboard%2Foverview']);
  });
});

test('an auditor signs in, returns to the page they asked for, and gets the known-at field', async () => {
  const { context, page } = await freshPage();
  try {
    await page.goto(`${base}/dashboard/flags?asOf=${TODAY}`);
    await page.waitForURL(`${base}/sign-in?next=%2Fdashboard%2Fflags%3FasOf%3D${TODAY}`);
    await logInAtProvider(page, 'auditor-ann');
    await page.waitForURL(`${base}/dashboard/flags?asOf=${TODAY}`);
    await expect(page.locator('.app-identity').textContent()).resolves.toBe('Signed in as auditor');
    expect(await page.locator('#knownAt').count()).toBe(1);
    expect(await page.locator('#teamId').count()).toBe(1); // and may choose any team
  } finally {
    await context.close();
  }
});

test('a council account with no role in this service is refused with a clear message and gets no session', async () => {
  const { context, page } = await freshPage();
  try {
    await page.goto(`${base}/dashboard`);
    const answer = page.waitForResponse((r) => r.url().startsWith(`${base}/auth/callback?`));
    await logInAtProvider(page, 'nobody');
    expect((await answer).status()).toBe(401);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Your council account has no role in this service (auditor, manager or admin)');
    expect(await page.locator('#sign-in-oidc').count()).toBe(1); // and may try again
    expect(await seriousA11yProblems(page)).toEqual([]);
    await screenshot(page, 'oidc-03-no-role');
    await expectSignedOut(page);
  } finally {
    await context.close();
  }
});

test('a callback whose state was changed on the way is refused, and once the browser has moved on the genuine one finds nothing pending', async () => {
  const { context, page } = await freshPage();
  try {
    // The provider's redirect back to this service is rewritten with another state. The browser routes no request it
    // makes by following a redirect, so the consent form's POST is sent from here and its redirects followed, in the
    // context's own cookie jar, up to the redirect to this service's callback.
    let genuine: string | undefined;
    const atProvider = (url: URL) => url.origin === oidc.issuer;
    await context.route(atProvider, async (route) => {
      if (route.request().method() !== 'POST' || !route.request().postData()?.includes('prompt=consent')) return route.continue();
      let location = (await route.fetch({ maxRedirects: 0 })).headers().location;
      while (location && new URL(location, oidc.issuer).origin === oidc.issuer) {
        location = (await context.request.get(new URL(location, oidc.issuer).href, { maxRedirects: 0 })).headers().location;
      }
      genuine = location;
      const tampered = new URL(location);
      tampered.searchParams.set('state', 'not-the-state-this-browser-was-given');
      await route.fulfill({ status: 303, headers: { location: tampered.href } });
    });
    await page.goto(`${base}/dashboard`);
    const answer = page.waitForResponse((r) => r.url().startsWith(`${base}/auth/callback?`));
    await logInAtProvider(page, 'manager-north');
    expect((await answer).status()).toBe(401);
    expect(new URL(page.url()).searchParams.get('state')).toBe('not-the-state-this-browser-was-given');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('the sign-in at your council account did not complete');
    await expectSignedOut(page);

    // The genuine callback, afterwards, finds no sign-in pending: the sign-in page the browser has been to since
    // began a new session, so the code cannot be used in this browser any more. (The refused callback itself changed
    // nothing: see the test of a callback with another state while a sign-in is pending.)
    await context.unroute(atProvider);
    expect(new URL(genuine!).searchParams.get('code')).toBeTruthy();
    const retry = await page.goto(genuine!);
    expect(retry?.status()).toBe(400);
    await expect(page.locator('.govuk-inset-text').textContent()).resolves.toContain('That sign-in had expired or was not started here');
    await expectSignedOut(page);
  } finally {
    await context.close();
  }
});

test('a callback in a browser that started no sign-in is refused', async () => {
  const { context, page } = await freshPage();
  try {
    const answer = await page.goto(`${base}/auth/callback?code=made-up&state=made-up`);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('.govuk-inset-text').textContent()).resolves.toContain('That sign-in had expired or was not started here');
    await expectSignedOut(page);
  } finally {
    await context.close();
  }
});

test('a callback with another state, while a sign-in is pending, changes nothing: the genuine callback still signs in', async () => {
  const { context, page } = await freshPage();
  try {
    await page.goto(`${base}/dashboard`);
    await page.click('#sign-in-oidc');
    await page.waitForURL((url) => url.origin === oidc.issuer && url.pathname.startsWith('/interaction/'));
    const pending = await sessionCookie(context);
    // A link (or a forged redirect) to the callback, in this browser, while it is at the provider.
    const forged = await context.request.get(`${base}/auth/callback?code=made-up&state=not-this-browsers`, { maxRedirects: 0 });
    expect(forged.status()).toBe(401);
    expect(await forged.text()).toContain('the sign-in at your council account did not complete');
    expect(forged.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie')).toEqual([]);
    expect((await sessionCookie(context))!.value).toBe(pending!.value);

    await page.fill('input[name="login"]', 'auditor-ann');
    await page.fill('input[name="password"]', 'any password will do');
    await page.click('button:has-text("Sign-in")');
    await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
    await page.click('button:has-text("Continue")');
    await page.waitForURL(`${base}/dashboard/overview`);
    await expect(page.locator('.app-identity').textContent()).resolves.toBe('Signed in as auditor');
  } finally {
    await context.close();
  }
});

test('a manager whose team claim is a list is refused with a message for a person, and gets no session', async () => {
  const { context, page } = await freshPage();
  try {
    await page.goto(`${base}/dashboard`);
    const answer = page.waitForResponse((r) => r.url().startsWith(`${base}/auth/callback?`));
    await logInAtProvider(page, 'manager-two-teams');
    expect((await answer).status()).toBe(401);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Your council account’s team could not be read (it must name exactly one team)');
    await expectSignedOut(page);
  } finally {
    await context.close();
  }
});

test('a council-account session ends when its ID token expires, before SESSION_HOURS', async () => {
  const { context, page } = await freshPage();
  // The session's clock at the real time, since the provider dates the ID token (an hour's life, its default) by it.
  const start = new Date();
  t.clock.set(start);
  try {
    await page.goto(`${base}/dashboard`);
    await logInAtProvider(page, 'auditor-ann');
    await page.waitForURL(`${base}/dashboard/overview`);
    const cookie = { headers: { cookie: `${SESSION_COOKIE}=${(await sessionCookie(context))!.value}` }, redirect: 'manual' as const };
    t.clock.set(new Date(start.getTime() + 50 * 60_000));
    expect((await fetch(`${base}/dashboard/overview`, cookie)).status).toBe(200);
    t.clock.set(new Date(start.getTime() + 70 * 60_000));
    const after = await fetch(`${base}/dashboard/overview`, cookie);
    expect([after.status, after.headers.get('location')]).toEqual([303, '/sign-in?next=%2Fdashboard%2Foverview']);
  } finally {
    t.clock.set(`${TODAY}T12:00:00Z`);
    await context.close();
  }
});

describe('behind a reverse proxy', () => {
  let proxied: TestApp;

  beforeAll(async () => {
    const port = await freePort();
    proxied = await startAppOn(port, dataDirs[1], { OIDC_ISSUER: oidc.issuer, OIDC_AUDIENCE: oidc.clientId, OIDC_CLIENT_ID: oidc.clientId, PUBLIC_URL: proxy.url });
    proxy.target = port;
  });

  afterAll(async () => {
    await proxied?.close();
  });

  test('the code is exchanged for the redirect URI at PUBLIC_URL, not for the address the proxy reached the app at', async () => {
    const { context, page } = await freshPage();
    try {
      await page.goto(`${proxy.url}/dashboard`);
      await page.waitForURL(`${proxy.url}/sign-in?next=%2Fdashboard%2Fhome`);
      const answer = page.waitForResponse((r) => r.url().startsWith(`${proxy.url}/auth/callback?`));
      const requests = authorizationRequests(page);
      await page.click('#sign-in-oidc');
      await page.waitForURL((url) => url.origin === oidc.issuer);
      expect(requests.map((u) => u.searchParams.get('redirect_uri'))).toEqual([`${proxy.url}/auth/callback`]);
      await page.goBack();
      await page.waitForURL(`${proxy.url}/sign-in?next=%2Fdashboard%2Fhome`);
      await logInAtProvider(page, 'auditor-ann', proxy.url);
      expect((await answer).status()).toBe(303);
      await page.waitForURL(`${proxy.url}/dashboard/overview`);
      await expect(page.locator('.app-identity').textContent()).resolves.toBe('Signed in as auditor');
    } finally {
      await context.close();
    }
  });
});
