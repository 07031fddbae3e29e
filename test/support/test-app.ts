import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app.factory.js';
import { ManualClock, loadConfig, type AppConfig } from '@app/composition';

/** A real API server on a loopback port, over a real DATA_DIR, with a clock the test moves. */
export interface TestApp {
  app: INestApplication;
  /** The API's root (…/api/v1). */
  url: string;
  clock: ManualClock;
  config: AppConfig;
  close(): Promise<void>;
}

/** A test app as `startTestApp` starts it, with its site's root: where the pages are (the API's root less /api/v1). */
export interface TestSite extends TestApp {
  base: string;
}

export function tempDataDir(prefix = 'practice-audit-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The keys every test app accepts (API_KEYS), one per role, and a manager bound to team T-NORTH. */
export const TEST_KEYS = {
  admin: 'test-admin-key-0000000000',
  auditor: 'test-auditor-key-000000000',
  manager: 'test-manager-key-000000000',
  northManager: 'test-north-manager-key-000',
} as const;

export const TEST_API_KEYS = `${TEST_KEYS.admin}:admin,${TEST_KEYS.auditor}:auditor,${TEST_KEYS.manager}:manager,${TEST_KEYS.northManager}:manager:T-NORTH`;

/** The env for a test app that accepts TEST_KEYS and more keys besides, each `key:role` or `key:manager:TEAM`. */
export function apiKeysWith(...more: string[]): Record<string, string> {
  return { API_KEYS: [TEST_API_KEYS, ...more].join(',') };
}

/** Writes an authority's policy file into `dataDir`; the env that makes a test app run under it. */
export function policyFileEnv(dataDir: string, policy: unknown): Record<string, string> {
  const file = path.join(dataDir, 'policy.json');
  fs.writeFileSync(file, JSON.stringify(policy));
  return { POLICY_FILE: file };
}

export async function startTestApp(dataDir: string, env: Record<string, string> = {}, clock = new ManualClock()): Promise<TestSite> {
  // Rate limiting is tested on its own: here it must not get in the way of a test's bulk requests.
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', API_KEYS: TEST_API_KEYS, RATE_LIMIT: '1000000', ...env });
  const app = await createApp(config, { clock, logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url: `${base}/api/v1`, base, clock, config, close: () => app.close() };
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

/** Sends as the admin unless told otherwise: the tests of who may do what pass their own token. */
export async function post<T = any>(url: string, body: unknown, token: string = TEST_KEYS.admin): Promise<HttpAnswer<T>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

export async function get<T = any>(url: string, token: string = TEST_KEYS.admin): Promise<HttpAnswer<T>> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/** What the API answers `token` for a path under /api/v1, which must be 200: the figures a page is checked against. */
export async function getOk<T = any>(t: TestApp, pathAndQuery: string, token: string): Promise<T> {
  const answer = await get<T>(`${t.url}${pathAndQuery}`, token);
  expect(answer.status).toBe(200);
  return answer.body;
}
