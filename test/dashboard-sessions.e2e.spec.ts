import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, tempDataDir, TEST_API_KEYS, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * The dashboard's sessions over real HTTP: cookies, CSRF on every form that changes
 * something, expiry, sign-out, redirects that stay on this site, and the API never
 * accepting a session cookie in place of a bearer token.
 */
const NOW = new Date('2026-06-30T09:00:00Z');

interface Browserish {
  cookie?: string;
}

/** A minimal browser: keeps the session cookie it is given, follows nothing. */
async function visit(t: TestApp, path: string, b: Browserish, init: RequestInit = {}): Promise<{ status: number; location: string | null; body: string; setCookies: string[] }> {
  const base = t.url.replace(/\/api\/v1$/, '');
  const res = await fetch(`${base}${path}`, { ...init, redirect: 'manual', headers: { ...(b.cookie ? { cookie: b.cookie } : {}), ...(init.headers as Record<string, string>) } });
  const setCookies = res.headers.getSetCookie();
  for (const c of setCookies) {
    const [pair] = c.split(';');
    const [name, value] = pair.split('=');
    if (name.endsWith('audit-session')) b.cookie = value ? `${name}=${value}` : undefined;
  }
  return { status: res.status, location: res.headers.get('location'), body: await res.text(), setCookies };
}

const csrfIn = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)?.[1];

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

/** Signs in with an API key through the form, as a browser would. */
async function signIn(t: TestApp, key: string, next = '/dashboard/overview'): Promise<Browserish> {
  const b: Browserish = {};
  const page = await visit(t, '/sign-in', b);
  const answer = await visit(t, '/sign-in', b, form({ csrfToken: csrfIn(page.body)!, apiKey: key, next }));
  expect([answer.status, answer.location]).toEqual([303, next]);
  return b;
}

describe('dashboard sessions (development mode)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(tempDataDir('dashboard-sessions-'), { SESSION_HOURS: '8' });
    t.clock.set(NOW);
  });
  afterAll(() => t.close());

  it('sends a visitor without a session to sign in, and back to the page asked for afterwards', async () => {
    const b: Browserish = {};
    const answer = await visit(t, '/dashboard/flags?severity=red', b);
    expect([answer.status, answer.location]).toEqual([303, '/sign-in?next=%2Fdashboard%2Fflags%3Fseverity%3Dred']);
    const signedIn = await signIn(t, TEST_KEYS.manager, '/dashboard/flags?severity=red');
    expect((await visit(t, '/dashboard/flags?severity=red', signedIn)).status).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, not Secure over plain http in development', async () => {
    const answer = await visit(t, '/sign-in', {});
    const cookie = answer.setCookies.find((c) => c.startsWith('audit-session=') && !c.startsWith('audit-session=;'))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('refuses a sign-in whose form did not come from this service (CSRF), and signs nobody in', async () => {
    const b: Browserish = {};
    await visit(t, '/sign-in', b);
    for (const csrfToken of ['', 'forged-token']) {
      const answer = await visit(t, '/sign-in', b, form({ csrfToken, apiKey: TEST_KEYS.admin }));
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('That sign-in form had expired');
      expect((await visit(t, '/dashboard/overview', b)).status).toBe(303);
    }
    // A cross-site form post carries no session cookie at all.
    const page = await visit(t, '/sign-in', {});
    const attacker: Browserish = {};
    expect((await visit(t, '/sign-in', attacker, form({ csrfToken: csrfIn(page.body)!, apiKey: TEST_KEYS.admin }))).status).toBe(403);
  });

  it('refuses a wrong key with a clear message and status 401', async () => {
    const b: Browserish = {};
    const page = await visit(t, '/sign-in', b);
    const answer = await visit(t, '/sign-in', b, form({ csrfToken: csrfIn(page.body)!, apiKey: 'wrong-key-0000000000000' }));
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('Enter a valid API key');
    expect((await visit(t, '/dashboard/overview', b)).status).toBe(303);
  });

  it('gives a new session id at sign-in: the id held before signing in opens nothing', async () => {
    const b: Browserish = {};
    const page = await visit(t, '/sign-in', b);
    const before = b.cookie;
    await visit(t, '/sign-in', b, form({ csrfToken: csrfIn(page.body)!, apiKey: TEST_KEYS.manager }));
    expect(b.cookie).not.toBe(before);
    expect((await visit(t, '/dashboard/overview', { cookie: before })).status).toBe(303);
    expect((await visit(t, '/dashboard/overview', b)).status).toBe(200);
  });

  it('sends people only to pages of this service after signing in', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const b: Browserish = {};
      const page = await visit(t, `/sign-in?next=${encodeURIComponent(next)}`, b);
      const answer = await visit(t, '/sign-in', b, form({ csrfToken: csrfIn(page.body)!, apiKey: TEST_KEYS.manager, next }));
      expect([next, answer.location]).toEqual([next, '/dashboard']);
    }
  });

  it('ends a session after SESSION_HOURS', async () => {
    const b = await signIn(t, TEST_KEYS.auditor);
    t.clock.set(new Date(NOW.getTime() + 8 * 3600_000 - 60_000));
    expect((await visit(t, '/dashboard/overview', b)).status).toBe(200);
    t.clock.set(new Date(NOW.getTime() + 8 * 3600_000 + 60_000));
    expect((await visit(t, '/dashboard/overview', b)).status).toBe(303);
    t.clock.set(NOW);
  });

  it('signs out only from its own form, and then the session is gone on the server', async () => {
    const b = await signIn(t, TEST_KEYS.manager);
    const overview = await visit(t, '/dashboard/overview', b);
    const kept = b.cookie;
    expect((await visit(t, '/sign-out', b, form({ csrfToken: 'forged' }))).status).toBe(403);
    expect((await visit(t, '/dashboard/overview', b)).status).toBe(200);
    const out = await visit(t, '/sign-out', b, form({ csrfToken: csrfIn(overview.body)! }));
    expect([out.status, out.location]).toEqual([303, '/sign-in?signedOut=1']);
    expect((await visit(t, out.location!, b)).body).toContain('You have signed out');
    expect((await visit(t, '/dashboard/overview', { cookie: kept })).status).toBe(303);
  });

  it('never accepts the session cookie on the API: the API needs a bearer token', async () => {
    const b = await signIn(t, TEST_KEYS.admin);
    expect((await visit(t, '/api/v1/flags', b)).status).toBe(401);
    expect((await visit(t, '/api/v1/dashboard', b)).status).toBe(401);
  });

  it('holds a team-bound manager to their team, and offers known-at to auditors only', async () => {
    const north = await signIn(t, TEST_KEYS.northManager);
    const own = await visit(t, '/dashboard/overview', north);
    expect(own.body).toContain('Team T-NORTH');
    expect(own.body).not.toContain('id="teamId"');
    expect(own.body).not.toContain('id="knownAt"');
    const other = await visit(t, '/dashboard/overview?teamId=T-SOUTH', north);
    expect(other.status).toBe(403);
    expect(other.body).toContain('you can see only team T-NORTH&#39;s records');
    expect(other.body).not.toContain('T-SOUTH');

    const auditor = await signIn(t, TEST_KEYS.auditor);
    expect((await visit(t, '/dashboard/overview', auditor)).body).toContain('id="knownAt"');
  });

  it('answers bad addresses with an error page naming the problem, and no stack trace', async () => {
    const b = await signIn(t, TEST_KEYS.admin);
    const answer = await visit(t, '/dashboard/overview?asOf=2026-02-30&extra=1', b);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('asOf: must be a date, YYYY-MM-DD');
    expect(answer.body).toContain('extra: unknown field');
    expect(answer.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect((await visit(t, '/dashboard/children/C-NONE', b)).status).toBe(404);
  });
});

describe('a session whose API key was revoked or changed', () => {
  /** Every page behind the page guard: each is asked with a session of its own, so none rides on another's refusal. */
  const PAGES = ['/dashboard/overview', '/dashboard/trends', '/dashboard/flags', '/dashboard/flags.csv', '/dashboard/workers/W-1', '/dashboard/children/C-1'];
  const KEYS = {
    revoked: 'revoked-manager-key-00000000',
    demoted: 'demoted-admin-key-000000000',
    moved: 'moved-team-manager-key-0000',
    kept: 'kept-manager-key-0000000000',
  };
  const dataDir = tempDataDir('dashboard-sessions-revoked-');
  const before = `${TEST_API_KEYS},${KEYS.revoked}:manager,${KEYS.demoted}:admin,${KEYS.moved}:manager:T-NORTH,${KEYS.kept}:manager:T-NORTH`;
  // After the restart: one key gone, one made an auditor, one moved to another team, one as it was.
  const after = `${TEST_API_KEYS},${KEYS.demoted}:auditor,${KEYS.moved}:manager:T-SOUTH,${KEYS.kept}:manager:T-NORTH`;
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the old cookie to sign in on every page after a restart with the new API_KEYS, and keeps the unchanged key signed in', async () => {
    t = await startTestApp(dataDir, { API_KEYS: before });
    t.clock.set(NOW);
    const signedIn: Record<string, Browserish[]> = {};
    for (const [name, key] of Object.entries(KEYS)) signedIn[name] = await Promise.all(PAGES.map(() => signIn(t, key)));
    await t.close();

    t = await startTestApp(dataDir, { API_KEYS: after });
    t.clock.set(NOW); // well within SESSION_HOURS: only the key's change may end these sessions
    const wrong: string[] = [];
    for (const name of ['revoked', 'demoted', 'moved']) {
      for (const [i, page] of PAGES.entries()) {
        const answer = await visit(t, page, signedIn[name][i]);
        const expected = `/sign-in?next=${encodeURIComponent(page)}`;
        if (answer.status !== 303 || answer.location !== expected) wrong.push(`${page} with the ${name} key's session: ${answer.status} ${answer.location}`);
      }
    }
    expect(wrong).toEqual([]);
    // The sign-in page itself does not send the old session on to the dashboard (no redirect loop).
    const page = await visit(t, '/sign-in?next=%2Fdashboard%2Foverview', signedIn.revoked[0]);
    expect(page.status).toBe(200);
    expect(page.body).toContain('API key');
    // The session whose key is unchanged survives the restart.
    const kept = await visit(t, '/dashboard/overview', signedIn.kept[0]);
    expect(kept.status).toBe(200);
    expect(kept.body).toContain('Team T-NORTH');
    // The moved manager signs in again and is held to the new team.
    const moved = await signIn(t, KEYS.moved);
    expect((await visit(t, '/dashboard/overview', moved)).body).toContain('Team T-SOUTH');
  });
});

describe('dashboard sessions in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(tempDataDir('dashboard-sessions-prod-'), { NODE_ENV: 'production' });
  });
  afterAll(() => t.close());

  it('uses a Secure, __Host- prefixed cookie', async () => {
    const answer = await visit(t, '/sign-in', {});
    const cookie = answer.setCookies.find((c) => c.startsWith('__Host-audit-session=') && !c.startsWith('__Host-audit-session=;'))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
  });
});

describe('https-only headers and cookie, by how the service is served', () => {
  /** Every kind of answer: a page, a redirect to sign in, the API, the OpenAPI page and a static asset. */
  const PATHS = ['/sign-in', '/dashboard/overview', '/api/v1/health', '/docs', '/assets/govuk-frontend.min.css'];
  const CASES: { name: string; env: Record<string, string>; https: boolean }[] = [
    { name: 'development, no PUBLIC_URL', env: {}, https: false },
    { name: 'production over plain http (a pilot on a council VM)', env: { NODE_ENV: 'production', PUBLIC_URL: 'http://council-vm.example:3000' }, https: false },
    { name: 'production, no PUBLIC_URL (behind TLS)', env: { NODE_ENV: 'production' }, https: true },
    { name: 'development with an https PUBLIC_URL', env: { PUBLIC_URL: 'https://audit.example.gov.uk' }, https: true },
  ];

  it.each(CASES)('$name', async ({ env, https }) => {
    const dataDir = tempDataDir('dashboard-https-headers-');
    const t = await startTestApp(dataDir, env);
    try {
      const seen: string[] = [];
      for (const path of PATHS) {
        const res = await fetch(`${t.url.replace(/\/api\/v1$/, '')}${path}`, { redirect: 'manual' });
        expect([path, res.status < 400]).toEqual([path, true]);
        seen.push(`${path}: upgrade ${/upgrade-insecure-requests/.test(res.headers.get('content-security-policy') ?? '')}, hsts ${res.headers.has('strict-transport-security')}`);
      }
      expect(seen).toEqual(PATHS.map((path) => `${path}: upgrade ${https}, hsts ${https}`));
      const cookie = (await visit(t, '/sign-in', {})).setCookies.find((c) => /audit-session=[^;]/.test(c))!;
      expect([cookie.startsWith('__Host-audit-session='), /; Secure/.test(cookie)]).toEqual([https, https]);
    } finally {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
