import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { get, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

/** Security headers, CORS, rate limits and bounded input, over real HTTP. */
const dirs: string[] = [];
let t: TestApp | undefined;

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = tempDataDir('practice-audit-hardening-');
  dirs.push(dir);
  t = await startTestApp(dir, env);
  return t;
}

afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const auth = { authorization: `Bearer ${TEST_KEYS.admin}` };

describe('hardening', () => {
  it('sends the usual security headers and no X-Powered-By', async () => {
    // Served over https, so HSTS too (over plain http it is left out: dashboard-sessions.e2e.spec.ts).
    const app = await start({ PUBLIC_URL: 'https://audit.example.gov.uk' });
    const res = await fetch(`${app.url}/rules`, { headers: auth });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows no browser origin unless configured, then only those configured', async () => {
    let app = await start();
    const preflight = (origin: string) =>
      fetch(`${app.url}/flags`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect((await preflight('https://dashboard.example.gov.uk')).headers.get('access-control-allow-origin')).toBeNull();
    await app.close();
    app = t = await start({ CORS_ORIGINS: 'https://dashboard.example.gov.uk' });
    expect((await preflight('https://dashboard.example.gov.uk')).headers.get('access-control-allow-origin')).toBe('https://dashboard.example.gov.uk');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits requests per client per minute with 429, leaving other clients and health alone', async () => {
    const app = await start({ RATE_LIMIT: '5' });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await get(`${app.url}/rules`, TEST_KEYS.admin)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await get(`${app.url}/rules`, TEST_KEYS.admin);
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: ['more than 5 requests a minute from this client; slow down'] });
    expect((await get(`${app.url}/rules`, TEST_KEYS.auditor)).status).toBe(200);
    for (let i = 0; i < 7; i++) expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('exempts exactly the health check from the limit, not any path ending in /health', async () => {
    const app = await start({ RATE_LIMIT: '2' });
    const base = app.url.replace(/\/api\/v1$/, '');
    for (let i = 0; i < 25; i++) expect((await fetch(`${app.url}/health`)).status).toBe(200);
    // Each lookalike from a fresh token, so only the per-address limit (ten times RATE_LIMIT) can stop them.
    const lookalikes = ['/dashboard/children/health', '/api/v1/anything/health', '/api/v1/workers/health', '/health', '/api/v1/health/x/health'];
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await fetch(`${base}${lookalikes[i % lookalikes.length]}`, { redirect: 'manual', headers: { authorization: `Bearer lookalike-${i}-000000000000` } })).status);
    expect(statuses.slice(0, 20)).not.toContain(429);
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('does not let a client escape the limit by inventing tokens: ten times the limit per address', async () => {
    const app = await start({ RATE_LIMIT: '2' });
    const statuses = [];
    for (let i = 0; i < 22; i++) statuses.push((await get(`${app.url}/rules`, `invented-token-${i}-0000000000`)).status);
    // Each invented token is unknown (401) until the address has made 20 requests.
    expect(statuses).toEqual([...Array(20).fill(401), 429, 429]);
  });

  it('refuses over-long identifiers, over-long strings and over-long lists with 400, naming the field', async () => {
    const app = await start();
    const long = 'C-' + 'x'.repeat(70);
    const cases = [
      { type: 'ChildRegistered', occurredAt: '2026-01-05', data: { childId: long, birthMonth: '2015-03', disabled: false } },
      { type: 'CaseClosed', occurredAt: '2026-01-05', data: { childId: 'C-1', reason: 'r'.repeat(201) } },
      {
        type: 'SupervisionHeld',
        occurredAt: '2026-01-05',
        data: { workerId: 'W-1', supervisorId: 'W-2', durationMinutes: 60, reflective: true, childIdsDiscussed: Array.from({ length: 101 }, (_, i) => `C-${i}`) },
      },
    ];
    for (const event of cases) {
      const res = await fetch(`${app.url}/events`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(event) });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/data\.(childId|reason|childIdsDiscussed)/);
    }
    expect((await get(`${app.url}/flags?childId=${'C'.repeat(65)}`)).status).toBe(400);
    expect((await fetch(`${app.url}/flags`, { headers: { authorization: `Bearer ${'k'.repeat(5000)}` } })).status).toBe(401);
  });

  it('answers a malformed body without a stack trace or an echo of the payload', async () => {
    const app = await start();
    const res = await fetch(`${app.url}/events`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"type": "ChildRegistered", "secret-marker' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/secret-marker|at .*\.js|node_modules/);
  });
});
