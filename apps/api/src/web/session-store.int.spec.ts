import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { WEB_SESSION_MIGRATIONS } from '@app/composition';
import { migrateSqlite } from '@app/event-store';
import { createTestDatabase, postgresAvailable } from '../../../../libs/event-store/src/testing/index.js';
import { PostgresSessionStore, SqliteSessionStore, type BrowserSession, type SessionStore } from './session-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessions-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Target {
  name: string;
  /** Two stores on the same database: as two API processes would have. */
  open(): Promise<[SessionStore, SessionStore]>;
}

const sqlite: Target = {
  name: 'SQLite',
  open: async () => {
    const file = path.join(dir, `sessions-${Math.random()}.sqlite`);
    migrateSqlite(file, WEB_SESSION_MIGRATIONS);
    const stores: [SessionStore, SessionStore] = [SqliteSessionStore.open(file), SqliteSessionStore.open(file)];
    cleanups.push(async () => void (await Promise.all(stores.map((s) => s.close()))));
    return stores;
  },
};

const postgres: Target = {
  name: 'PostgreSQL',
  open: async () => {
    const db = await createTestDatabase('sessions', WEB_SESSION_MIGRATIONS);
    const stores: [SessionStore, SessionStore] = await Promise.all([PostgresSessionStore.open(db.url), PostgresSessionStore.open(db.url)]);
    cleanups.push(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    });
    return stores;
  },
};

const targets = (await postgresAvailable()) ? [sqlite, postgres] : [sqlite];
const NOW = new Date('2026-06-30T09:00:00Z');
const session = (expiresAt: string, over: Partial<BrowserSession> = {}): BrowserSession => ({ csrfToken: 'csrf-1', expiresAt, ...over });

describe.each(targets)('browser sessions on $name', (target) => {
  it('keeps a session for every process on the database until it expires', async () => {
    const [a, b] = await target.open();
    const signedIn = session('2026-06-30T17:00:00.000Z', { principal: { id: 'api-key:abc', role: 'manager', teamId: 'T-NORTH', via: 'api-key' } });
    await a.put('digest-1', signedIn);
    expect(await b.get('digest-1', NOW)).toEqual(signedIn);
    expect(await b.get('digest-1', new Date('2026-06-30T16:59:59Z'))).toEqual(signedIn);
    expect(await b.get('digest-1', new Date('2026-06-30T17:00:00Z'))).toBeUndefined();
    expect(await a.get('digest-2', NOW)).toBeUndefined();
  });

  it('replaces a session under the same digest, and deletes it for every process', async () => {
    const [a, b] = await target.open();
    await a.put('digest-1', session('2026-06-30T10:00:00.000Z'));
    await a.put('digest-1', session('2026-06-30T11:00:00.000Z', { csrfToken: 'csrf-2' }));
    expect((await b.get('digest-1', NOW))?.csrfToken).toBe('csrf-2');
    await b.delete('digest-1');
    expect(await a.get('digest-1', NOW)).toBeUndefined();
  });

  it('purges only expired sessions', async () => {
    const [a] = await target.open();
    await a.put('old', session('2026-06-30T08:59:59.000Z'));
    await a.put('live', session('2026-06-30T09:30:00.000Z'));
    await a.purge(NOW);
    expect(await a.get('live', NOW)).toBeDefined();
    expect(await a.get('old', new Date('2026-01-01T00:00:00Z'))).toBeUndefined(); // gone, not merely expired
  });
});
