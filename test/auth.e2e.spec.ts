import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JWTPayload } from 'jose';
import { startTestIssuer, type TestIssuer } from './support/oidc-issuer.js';
import { get, post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * Who may do what (API.md, Auth), over real HTTP: every endpoint × every kind of
 * caller, API keys and single sign-on tokens from an issuer started here.
 */
const TODAY = '2026-06-01';

type Caller = { name: string; token?: string; role?: 'admin' | 'auditor' | 'manager'; team?: string; claims?: JWTPayload };

/** Team claims a manager's sign-on token may not carry: each is refused (401), none is read as "every team". */
const UNREADABLE_TEAMS: Record<string, unknown> = {
  'a list of two teams': ['T-NORTH', 'T-SOUTH'],
  'a list of one team': ['T-NORTH'],
  'an empty list': [],
  'an empty string': '',
  'a number': 7,
  'an object': { id: 'T-NORTH' },
  null: null,
  true: true,
  'not a team reference': 'T NORTH/../*',
  'too long': `T-${'N'.repeat(64)}`,
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

let t: TestApp;
let issuer: TestIssuer;
const dataDir = tempDataDir('practice-audit-auth-');
const callers: Caller[] = [];

async function recordHistory(): Promise<void> {
  const events = [
    { type: 'WorkerJoined', occurredAt: '2026-01-05', data: { workerId: 'W-N1', teamId: 'T-NORTH', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } },
    { type: 'WorkerJoined', occurredAt: '2026-01-05', data: { workerId: 'W-S1', teamId: 'T-SOUTH', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } },
    { type: 'ChildRegistered', occurredAt: '2026-01-05', data: { childId: 'C-N1', birthMonth: '2015-03', disabled: false } },
    { type: 'ChildRegistered', occurredAt: '2026-01-05', data: { childId: 'C-S1', birthMonth: '2016-07', disabled: false } },
    { type: 'CaseAllocated', occurredAt: '2026-01-06', data: { childId: 'C-N1', workerId: 'W-N1', teamId: 'T-NORTH' } },
    { type: 'CaseAllocated', occurredAt: '2026-01-06', data: { childId: 'C-S1', workerId: 'W-S1', teamId: 'T-SOUTH' } },
  ];
  const res = await post(`${t.url}/events/batch`, { events });
  expect(res.body.results.map((r: { status: number }) => r.status)).toEqual(events.map(() => 201));
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  t = await startTestApp(dataDir, { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: issuer.audience });
  t.clock.set(`${TODAY}T12:00:00Z`);
  await recordHistory();
  const sso = (role: string, team?: string) => issuer.sign({ sub: `person-${role}-${team ?? 'all'}`, roles: [role], ...(team ? { team } : {}) });
  callers.push(
    { name: 'no token' },
    { name: 'an unknown key', token: 'not-a-key-of-this-service-000' },
    { name: 'an expired sign-on token', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }) },
    { name: 'a tampered sign-on token', token: tamper(await sso('manager')) },
    { name: 'a token signed with another key', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { foreignKey: true }) },
    { name: 'a token for another audience', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { audience: 'another-service' }) },
    { name: 'a token from another issuer', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { issuer: 'https://evil.example' }) },
    { name: 'a sign-on token with no role of ours', token: await issuer.sign({ sub: 'p', roles: ['viewer'] }) },
    // A manager's team claim that is there but is not one team reference is refused, never read as "every team".
    ...Object.entries(UNREADABLE_TEAMS).map(([what, team]) => ({ name: `a manager sign-on whose team claim is ${what}`, token: '', claims: { sub: 'p', roles: ['manager'], team } })),
    // A token's life: it must expire, may not come from the future, and may be at most 12 hours old.
    { name: 'a sign-on token with no exp', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { expiresIn: null }) },
    { name: 'a sign-on token issued an hour in the future', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { issuedAt: nowSeconds() + 3600, expiresIn: nowSeconds() + 7200 }) },
    { name: 'a sign-on token not valid for an hour yet (nbf)', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { notBefore: nowSeconds() + 3600 }) },
    { name: 'a sign-on token issued 13 hours ago, still unexpired', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { issuedAt: nowSeconds() - 13 * 3600, expiresIn: nowSeconds() + 3600 }) },
    { name: 'admin key', token: TEST_KEYS.admin, role: 'admin' },
    { name: 'auditor key', token: TEST_KEYS.auditor, role: 'auditor' },
    { name: 'manager key', token: TEST_KEYS.manager, role: 'manager' },
    { name: 'T-NORTH manager key', token: TEST_KEYS.northManager, role: 'manager', team: 'T-NORTH' },
    { name: 'admin sign-on', token: await sso('admin'), role: 'admin' },
    { name: 'auditor sign-on', token: await sso('auditor'), role: 'auditor' },
    // No team claim at all: an unbound manager (a head of service), who sees every team.
    { name: 'manager sign-on', token: await sso('manager'), role: 'manager' },
    { name: 'T-NORTH manager sign-on', token: await sso('manager', 'T-NORTH'), role: 'manager', team: 'T-NORTH' },
    // Within the clock skew allowed (60 s) a token from a clock a little ahead is accepted.
    { name: 'admin sign-on issued 30 s ahead', token: await issuer.sign({ sub: 'p', roles: ['admin'] }, { issuedAt: nowSeconds() + 30, notBefore: nowSeconds() + 30 }), role: 'admin' },
    // Only a manager's team is read: an auditor whose directory lists teams still sees every team, as an auditor.
    { name: 'auditor sign-on with a list team claim', token: await issuer.sign({ sub: 'p', roles: ['auditor'], team: ['T-NORTH', 'T-SOUTH'] }), role: 'auditor' },
  );
  for (const caller of callers) if ('claims' in caller) caller.token = await issuer.sign(caller.claims as JWTPayload);
});

afterAll(async () => {
  await t.close();
  await issuer.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A JWT whose payload was changed after signing (the role raised to admin). */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return [header, Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url'), signature].join('.');
}

const supervision = () => ({ eventId: randomUUID(), type: 'SupervisionHeld', occurredAt: '2026-05-20', data: { workerId: 'W-N1', supervisorId: 'W-X', durationMinutes: 90, reflective: true } });

interface Endpoint {
  name: string;
  call(token: string | undefined): Promise<{ status: number; body: any; headers: Headers }>;
  /** The status an authenticated caller gets. */
  expect(caller: Caller): number;
}

async function send(method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

const reader = () => 200;
const recorder = (ok: number) => (c: Caller) => (c.role === 'manager' ? 403 : ok);
const northOnly = (c: Caller) => (c.team === 'T-NORTH' ? 403 : 200);

const ENDPOINTS: Endpoint[] = [
  { name: 'POST /events', call: (k) => send('POST', '/events', k, supervision()), expect: recorder(201) },
  { name: 'POST /events/batch', call: (k) => send('POST', '/events/batch', k, { events: [supervision()] }), expect: recorder(200) },
  { name: 'GET /flags', call: (k) => send('GET', '/flags', k), expect: reader },
  { name: 'GET /flags?teamId=T-SOUTH', call: (k) => send('GET', '/flags?teamId=T-SOUTH', k), expect: northOnly },
  { name: 'GET /flags/upcoming', call: (k) => send('GET', '/flags/upcoming', k), expect: reader },
  { name: 'GET /flags/upcoming?teamId=T-SOUTH', call: (k) => send('GET', '/flags/upcoming?teamId=T-SOUTH', k), expect: northOnly },
  { name: 'GET /dashboard', call: (k) => send('GET', '/dashboard', k), expect: reader },
  { name: 'GET /dashboard?teamId=T-SOUTH', call: (k) => send('GET', '/dashboard?teamId=T-SOUTH', k), expect: northOnly },
  { name: 'GET /rules', call: (k) => send('GET', '/rules', k), expect: reader },
  { name: 'GET /children/C-N1/timeline', call: (k) => send('GET', '/children/C-N1/timeline', k), expect: reader },
  { name: 'GET /children/C-S1/timeline', call: (k) => send('GET', '/children/C-S1/timeline', k), expect: northOnly },
  { name: 'GET /workers/W-N1', call: (k) => send('GET', '/workers/W-N1', k), expect: reader },
  { name: 'GET /workers/W-S1', call: (k) => send('GET', '/workers/W-S1', k), expect: northOnly },
  { name: 'GET /access-log', call: (k) => send('GET', '/access-log', k), expect: (c) => (c.role === 'admin' ? 200 : 403) },
  // A child never recorded, a new one each call: erasing it is harmless and still answers 200.
  { name: 'POST /children/{id}/erasure', call: (k) => send('POST', `/children/C-GONE-${randomUUID().slice(0, 8)}/erasure`, k, { reason: 'matrix' }), expect: (c) => (c.role === 'admin' ? 200 : 403) },
];

describe('the authorization matrix', () => {
  it('answers every endpoint for every caller exactly as API.md says', async () => {
    const wrong: string[] = [];
    let recorded = 0;
    for (const endpoint of ENDPOINTS) {
      for (const caller of callers) {
        const res = await endpoint.call(caller.token);
        const expected = caller.role ? endpoint.expect(caller) : 401;
        if (res.status !== expected) wrong.push(`${endpoint.name} as ${caller.name}: ${res.status}, expected ${expected}`);
        if (res.status === 201 || (res.status === 200 && endpoint.name === 'POST /events/batch')) recorded++;
        if (expected === 401 && res.headers.get('www-authenticate') !== 'Bearer realm="practice-audit"') wrong.push(`${endpoint.name} as ${caller.name}: no WWW-Authenticate`);
      }
    }
    expect(wrong).toEqual([]);
    // Nothing refused was stored: W-N1's stream holds its joining and one supervision per accepted request.
    const worker = await get(`${t.url}/workers/W-N1`);
    expect(worker.body.events.filter((e: { type: string }) => e.type === 'SupervisionHeld')).toHaveLength(recorded);
  });

  it('keeps health open to anyone', async () => {
    for (const caller of callers) expect((await send('GET', '/health', caller.token)).status).toBe(200);
  });

  it('says why in the usual error shape, naming no token', async () => {
    const missing = await send('GET', '/flags', undefined);
    expect(missing.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: [expect.stringContaining('bearer token is required')] });
    const expired = await send('GET', '/flags', callers.find((c) => c.name === 'an expired sign-on token')!.token);
    expect(expired.body.message).toEqual(['the sign-on token has expired']);
    const said = async (name: string) => (await send('GET', '/flags', callers.find((c) => c.name === name)!.token)).body;
    for (const what of Object.keys(UNREADABLE_TEAMS)) {
      expect(await said(`a manager sign-on whose team claim is ${what}`)).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: ["the sign-on token's team claim must be one team reference (letters, digits, '.', '_', '-'; at most 64), or absent for a manager of every team"],
      });
    }
    expect((await said('a sign-on token with no exp')).message).toEqual(['the sign-on token has no expiry (exp claim): only tokens that expire are accepted']);
    expect((await said('a sign-on token issued an hour in the future')).message).toEqual(['the sign-on token was issued in the future: check the clocks of the issuer and of this service']);
    expect((await said('a sign-on token not valid for an hour yet (nbf)')).message).toEqual(['the sign-on token is not valid yet (nbf claim)']);
    expect((await said('a sign-on token issued 13 hours ago, still unexpired')).message).toEqual(['the sign-on token is more than 12 hours old: sign in again']);
    const manager = await send('POST', '/events', TEST_KEYS.manager, supervision());
    expect(manager.body).toEqual({ statusCode: 403, error: 'Forbidden', message: ['the manager role may not do this (allowed: auditor, admin)'] });
    expect(JSON.stringify(manager.body)).not.toContain(TEST_KEYS.manager);
  });

  it('records who recorded each event, and the correlation id sent', async () => {
    const event = supervision();
    const res = await fetch(`${t.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.auditor}`, 'x-correlation-id': 'audit-run-42' },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(201);
    const timeline = await get(`${t.url}/workers/W-N1`);
    const stored = timeline.body.events.find((e: { eventId: string }) => e.eventId === event.eventId);
    expect(stored.recordedBy).toMatch(/^api-key:[0-9a-f]{12}$/);
    expect(stored.recordedBy).not.toContain(TEST_KEYS.auditor);
    expect(stored.correlationId).toBe('audit-run-42');
    const sso = await post(`${t.url}/events`, supervision(), await issuer.sign({ sub: 'jo.bloggs', roles: ['auditor'] }));
    expect(sso.status).toBe(201);
    const again = await get(`${t.url}/workers/W-N1`);
    expect(again.body.events.at(-1).recordedBy).toBe('oidc:jo.bloggs');
  });
});

describe('a manager bound to a team', () => {
  const asNorth: string[] = [TEST_KEYS.northManager];

  beforeAll(async () => {
    asNorth.push(await issuer.sign({ sub: 'north-manager', roles: ['manager'], team: 'T-NORTH' }));
  });

  it("sees only their team's flags, whatever the query", async () => {
    const all = await get(`${t.url}/flags`);
    expect(new Set(all.body.flags.map((f: { teamId: string }) => f.teamId))).toEqual(new Set(['T-NORTH', 'T-SOUTH']));
    for (const token of asNorth) {
      const mine = await get(`${t.url}/flags`, token);
      expect(mine.body.flags.length).toBeGreaterThan(0);
      expect(mine.body.flags.every((f: { teamId: string }) => f.teamId === 'T-NORTH')).toBe(true);
      expect(mine.body.total).toBe(all.body.flags.filter((f: { teamId: string }) => f.teamId === 'T-NORTH').length);
      for (const query of ['workerId=W-S1', 'childId=C-S1', 'rule=OVERSIGHT_MISSING&childId=C-S1', 'asOf=2026-03-01&workerId=W-S1', 'knownAt=2026-06-01&childId=C-S1']) {
        const res = await get(`${t.url}/flags?${query}`, token);
        expect({ query, status: res.status, flags: res.body.flags }).toEqual({ query, status: 200, flags: [] });
      }
      expect((await get(`${t.url}/flags?teamId=T-NORTH`, token)).status).toBe(200);
      expect((await get(`${t.url}/flags?teamId=T-SOUTH`, token)).status).toBe(403);
      expect((await get(`${t.url}/children/C-S1/timeline?asOf=2026-03-01`, token)).status).toBe(403);
      expect((await get(`${t.url}/workers/W-S1?knownAt=2026-06-01`, token)).status).toBe(403);
    }
  });

  it('follows a child into the team it is allocated to on the date asked about', async () => {
    // C-N1 was not allocated to anyone before 6 January: no team, so not theirs either.
    expect((await get(`${t.url}/children/C-N1/timeline?asOf=2026-01-05`, TEST_KEYS.northManager)).status).toBe(403);
    expect((await get(`${t.url}/children/C-N1/timeline?asOf=2026-01-06`, TEST_KEYS.northManager)).status).toBe(200);
  });
});

describe('the access log', () => {
  it('records every read of a child’s data, and admins can query it', async () => {
    const correlationId = `look-${randomUUID()}`;
    const res = await fetch(`${t.url}/children/C-S1/timeline`, { headers: { authorization: `Bearer ${TEST_KEYS.manager}`, 'x-correlation-id': correlationId } });
    expect(res.status).toBe(200);
    const log = await get(`${t.url}/access-log?childId=C-S1`);
    const entry = log.body.reads.find((r: { correlationId: string }) => r.correlationId === correlationId);
    expect(entry).toEqual({
      id: expect.any(Number),
      at: `${TODAY}T12:00:00.000Z`,
      actor: expect.stringMatching(/^api-key:/),
      role: 'manager',
      correlationId,
      endpoint: 'GET /children/{childId}/timeline',
      childId: 'C-S1',
    });
  });

  it('logs each child shown in a page of flags, and not the refused reads', async () => {
    const before = (await get(`${t.url}/access-log?limit=10000`)).body.reads.length;
    const flags = await get(`${t.url}/flags`, TEST_KEYS.auditor);
    const children = new Set(flags.body.flags.filter((f: { subject: { type: string } }) => f.subject.type === 'child').map((f: { subject: { id: string } }) => f.subject.id));
    expect(children.size).toBeGreaterThan(0);
    await get(`${t.url}/children/C-S1/timeline`, TEST_KEYS.northManager); // 403: nothing shown, nothing logged
    const after = (await get(`${t.url}/access-log?limit=10000`)).body.reads.slice(before);
    expect(after.map((r: { childId: string; endpoint: string }) => `${r.endpoint} ${r.childId}`).sort()).toEqual([...children].map((c) => `GET /flags ${c}`).sort());
  });

  it('pages through the log and refuses bad filters', async () => {
    const first = await get(`${t.url}/access-log?limit=1`);
    expect(first.body.reads).toHaveLength(1);
    const second = await get(`${t.url}/access-log?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.reads[0].id).toBeGreaterThan(first.body.reads[0].id);
    expect((await get(`${t.url}/access-log?childId=${encodeURIComponent("C-1' OR 1=1")}`)).status).toBe(400);
  });
});
