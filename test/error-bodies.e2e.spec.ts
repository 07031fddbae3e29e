import fs from 'node:fs';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';
import { signedInCookie } from './support/page-session.js';
import { HTTP_METHODS, routesOf, type Route } from './support/routes.js';

/**
 * Every route of the running application × hostile inputs that each carry a marker:
 * every error answer is 4xx in the project's shape (or, for a page, an HTML page),
 * small, and quotes nothing of the request; nothing is logged with the marker. The
 * routes come from the app's own router, so a new route is covered without editing this.
 */
const MARKER = 'Zq7MarkerXk';
const MAX_JSON_ERROR = 2048;
const MAX_HTML_ERROR = 16_384;
const ERROR_KEYS = ['error', 'message', 'statusCode'];
interface Probe {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Whether this input must be refused here (else it may be ignored, but still must not be echoed). */
  mustRefuse: boolean;
}

/** What the OpenAPI document says of each path: whether it reads query parameters, whether it needs a token. */
async function openApiPaths(base: string): Promise<{ readsQuery: Set<string>; secured: Set<string> }> {
  const doc = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, Record<string, { parameters?: { in: string }[]; security?: unknown[] }>> };
  const readsQuery = new Set<string>();
  const secured = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    const routePath = path.replace(/\{(\w+)\}/g, ':$1');
    if (Object.values(ops).some((op) => op.parameters?.some((p) => p.in === 'query'))) readsQuery.add(routePath);
    if (Object.values(ops).some((op) => (op.security ?? []).length > 0)) secured.add(routePath);
  }
  return { readsQuery, secured };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Tokens the auth guard must refuse without repeating: an unknown key, and a JWT whose claims carry the marker. */
const BAD_TOKENS = [`${MARKER}-not-a-key-0000000000`, `${base64url({ alg: 'RS256', kid: MARKER })}.${base64url({ sub: MARKER, iss: MARKER })}.${MARKER}`];

const withParams = (path: string, value: string) => path.replace(/:\w+/g, value);

function probesFor(route: Route, readsQuery: boolean, secured: boolean): Probe[] {
  const path = withParams(route.path, 'C-1');
  const probes: Probe[] = [];
  probes.push({ name: 'unknown path below', method: 'GET', path: `${path.replace(/\/$/, '')}/${MARKER}-nope`, mustRefuse: true });
  if (path !== '/') probes.push({ name: 'unknown sibling path', method: 'GET', path: `${path}-${MARKER}`, mustRefuse: true });
  for (const method of HTTP_METHODS.filter((m) => !route.methods.has(m) && !(m === 'GET' && route.methods.has('HEAD')))) {
    probes.push({ name: `wrong method ${method}`, method, path: `${path}?q=${MARKER}`, mustRefuse: true });
  }
  for (const method of route.methods) {
    if (method === 'HEAD') continue;
    for (const token of BAD_TOKENS) {
      probes.push({ name: 'bad token', method, path, mustRefuse: secured, headers: { authorization: `Bearer ${token}` }, ...(method === 'POST' ? { body: '{}' } : {}) });
    }
    // Unknown parameters whose names are not field-like (punctuation, 3,000 characters): a short field-like name may be named, these never.
    const query = `?asOf=${MARKER}&teamId=${MARKER}!&cursor=${MARKER}&${MARKER}-param=1&${MARKER}${'k'.repeat(3000)}=1`;
    probes.push({ name: 'bad query parameters', method, path: `${path}${query}`, mustRefuse: readsQuery, ...(method === 'POST' ? jsonBody('{}') : {}) });
    if (route.path.includes(':')) {
      probes.push({ name: 'bad path parameter', method, path: withParams(route.path, `${MARKER}~${'p'.repeat(80)}`), mustRefuse: true, ...(method === 'POST' ? jsonBody('{}') : {}) });
      probes.push({ name: 'badly encoded path parameter', method, path: withParams(route.path, `%E0%A4%A${MARKER}`), mustRefuse: true });
    }
    if (method !== 'POST') continue;
    probes.push({ name: 'invalid JSON', method, path, mustRefuse: true, ...jsonBody(`{"type": "ChildRegistered", "data": {"childId": ${MARKER}-004211-J`) });
    probes.push({ name: 'huge unknown field', method, path, mustRefuse: true, ...jsonBody(JSON.stringify({ [`${MARKER}${'f'.repeat(3_000_000)}`]: 1 })) });
    probes.push({ name: 'many unknown fields', method, path, mustRefuse: true, ...jsonBody(JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`u${i}`, MARKER])))) });
    probes.push({ name: 'latin1 charset', method, path, mustRefuse: true, headers: { 'content-type': 'application/json; charset=latin1' }, body: `{"childId": "${MARKER}"}` });
    probes.push({ name: 'unknown charset', method, path, mustRefuse: true, headers: { 'content-type': `application/json; charset=${MARKER}` }, body: '{}' });
    probes.push({ name: 'unknown encoding', method, path, mustRefuse: true, headers: { 'content-type': 'application/json', 'content-encoding': MARKER }, body: '{}' });
    probes.push({ name: 'bad gzip', method, path, mustRefuse: true, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: `${MARKER} is not gzip` });
    probes.push({ name: 'bad deflate', method, path, mustRefuse: true, headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, body: zlib.gzipSync(`{"${MARKER}": 1}`) });
    probes.push({
      name: 'gzip of invalid JSON',
      method,
      path,
      mustRefuse: true,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: zlib.gzipSync(`{"childId": ${MARKER}`),
    });
    probes.push({ name: 'too large', method, path, mustRefuse: true, ...jsonBody(`{"${MARKER}": "${'x'.repeat(5 * 1024 * 1024)}"}`) });
    probes.push({ name: 'bad form', method, path, mustRefuse: true, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' }, body: `${MARKER}=1` });
  }
  return probes;
}

const jsonBody = (body: string) => ({ headers: { 'content-type': 'application/json' }, body });

/** Collects every line the app logs, to show none carries the marker. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]) => void this.lines.push(args.map(String).join(' '));
  error = this.log;
  warn = this.log;
  debug = this.log;
  verbose = this.log;
}

describe('error bodies, on every route', () => {
  const dir = tempDataDir('practice-audit-error-bodies-');
  const logger = new CapturingLogger();
  let t: TestApp;
  let base: string;
  let cookie = '';

  beforeAll(async () => {
    t = await startTestApp(dir);
    t.app.useLogger(logger);
    base = t.url.replace(/\/api\/v1$/, '');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the API, the pages and the sign-in routes in the router', () => {
    const paths = routesOf(t).map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/events', '/api/v1/events/batch', '/api/v1/flags', '/api/v1/children/:id/timeline', '/dashboard/overview', '/dashboard/children/:id', '/sign-in']),
    );
  });

  it('answers every hostile input on every route in the project error shape, bounded, quoting nothing', async () => {
    const openApi = await openApiPaths(base);
    expect([openApi.readsQuery.has('/api/v1/flags'), openApi.secured.has('/api/v1/events'), openApi.secured.has('/api/v1/health')]).toEqual([true, true, false]);
    const failures: string[] = [];
    let refused = 0;
    for (const route of routesOf(t)) {
      const readsQuery = openApi.readsQuery.has(route.path) || route.path.startsWith('/dashboard/');
      // Signed in (so the pages validate their input instead of redirecting to sign in), afresh for each route:
      // some (a sign-in callback not started here) end the session they are sent.
      cookie = await signedInCookie(t, TEST_KEYS.admin);
      for (const probe of probesFor(route, readsQuery, openApi.secured.has(route.path))) {
        const problem = await check(probe);
        if (problem) failures.push(`${probe.method} ${route.path} (${probe.name}): ${problem}`);
        else refused++;
      }
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(200);
    expect(logger.lines.filter((l) => l.includes(MARKER))).toEqual([]);
  });

  it('answers unknown static assets in the shape too (static mounts are middleware, not routes, so they are listed here)', async () => {
    for (const path of [`/assets/app/${MARKER}.css`, `/assets/fonts/${MARKER}.woff2`, `/assets/${MARKER}.png`, `/assets/app/%E0%A4%A${MARKER}`, `/assets/govuk-frontend.min.css/${MARKER}`]) {
      expect([path, await check({ name: 'asset', method: 'GET', path, mustRefuse: true })]).toEqual([path, undefined]);
    }
  });

  it("answers requests Node's HTTP parser refuses (huge headers, malformed requests) in the shape too", async () => {
    const { port } = new URL(base);
    const raw = [
      `GET /api/v1/flags?${MARKER}=${'h'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /api/v1/flags HTTP/1.1\r\nHost: x\r\nX-${MARKER}: ${'h'.repeat(20_000)}\r\n\r\n`,
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: ${MARKER}\r\n\r\n`,
      `GET /${MARKER} HTTP/9.${MARKER}\r\n\r\n`,
    ];
    for (const request of raw) {
      const answer = await rawExchange(Number(port), request);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(answer).not.toContain(MARKER);
      expect(JSON.parse(body)).toEqual({ statusCode: Number(head.slice(9, 12)), error: expect.any(String), message: [expect.any(String)] });
    }
  });

  async function check(probe: Probe): Promise<string | undefined> {
    const res = await fetch(`${base}${probe.path}`, {
      method: probe.method,
      redirect: 'manual',
      headers: { authorization: `Bearer ${TEST_KEYS.admin}`, cookie, ...probe.headers },
      body: probe.body as BodyInit | undefined,
    });
    const text = await res.text();
    if (text.includes(MARKER)) return `status ${res.status} echoes the request: ${text.slice(0, 200)}`;
    if (res.status >= 500) return `status ${res.status}`;
    if (res.status < 400) return probe.mustRefuse ? `status ${res.status}, expected a refusal` : undefined;
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('text/html')) {
      if (probe.path.startsWith('/api/')) return 'an HTML error from the API';
      return text.length < MAX_HTML_ERROR ? undefined : `an HTML error of ${text.length} characters`;
    }
    if (!type.startsWith('application/json')) return `content-type ${type}`;
    if (text.length >= MAX_JSON_ERROR) return `an error body of ${text.length} characters`;
    const body = JSON.parse(text) as Record<string, unknown>;
    const shaped =
      Object.keys(body).sort().join() === ERROR_KEYS.join() &&
      body.statusCode === res.status &&
      typeof body.error === 'string' &&
      Array.isArray(body.message) &&
      body.message.length > 0 &&
      body.message.every((m) => typeof m === 'string');
    return shaped ? undefined : `not the project's error shape: ${text.slice(0, 200)}`;
  }
});

/** Sends bytes as they are (fetch would refuse to) and reads the whole answer, with a bound. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
