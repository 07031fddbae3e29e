import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app.factory.js';
import { ManualClock } from '../../apps/api/src/clock.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';

/** A real API server on a loopback port, over a real DATA_DIR, with a clock the test moves. */
export interface TestApp {
  app: INestApplication;
  url: string;
  clock: ManualClock;
  config: AppConfig;
  close(): Promise<void>;
}

export function tempDataDir(prefix = 'practice-audit-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestApp(dataDir: string, env: Record<string, string> = {}, clock = new ManualClock()): Promise<TestApp> {
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', ...env });
  const app = await createApp(config, { clock, logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1`;
  return { app, url, clock, config, close: () => app.close() };
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

export async function post<T = any>(url: string, body: unknown): Promise<HttpAnswer<T>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

export async function get<T = any>(url: string): Promise<HttpAnswer<T>> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}
