import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

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
    expect(out.body).toContain('You have signed out');
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
    expect(other.body).toContain('team T-SOUTH is outside team T-NORTH');

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
