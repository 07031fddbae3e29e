import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ACCESS_LOG_MIGRATIONS } from '@app/composition';
import { migrateSqlite } from '@app/event-store';
import { createTestDatabase, postgresAvailable } from '../../../../libs/event-store/src/testing/index.js';
import { PostgresAccessLog, SqliteAccessLog, type AccessLog } from './access-log.js';

const read = (childId: string, at: string, actor = 'api-key:abc') => ({ at, actor, role: 'manager', correlationId: 'c-1', endpoint: 'GET /flags', childId });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rethrowHere(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- a fresh Error of this realm on purpose: the native one may come from another test file's realm.
    throw new Error((error as Error).message);
  }
}

interface Target {
  name: string;
  open(): Promise<{ log: AccessLog; tamper(sql: string): Promise<unknown> }>;
}

const sqlite: Target = {
  name: 'SQLite',
  open: async () => {
    const file = path.join(dir, `log-${Math.random()}.sqlite`);
    migrateSqlite(file, ACCESS_LOG_MIGRATIONS);
    const log = SqliteAccessLog.open(file);
    cleanups.push(() => log.close());
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(file);
    cleanups.push(async () => void raw.close());
    // Rethrown as this test's own Error: the native module may have been loaded by another test file's realm.
    return { log, tamper: async (sql) => rethrowHere(() => raw.exec(sql)) };
  },
};

const postgres: Target = {
  name: 'PostgreSQL',
  open: async () => {
    const db = await createTestDatabase('access_log', ACCESS_LOG_MIGRATIONS);
    const log = await PostgresAccessLog.open(db.url);
    const { default: pg } = await import('pg');
    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    cleanups.push(async () => {
      await raw.end();
      await log.close();
      await db.drop();
    });
    return { log, tamper: (sql) => raw.query(sql) };
  },
};

const targets = (await postgresAvailable()) ? [sqlite, postgres] : [sqlite];

describe.each(targets)('the access log on $name', (target) => {
  it('keeps every read in order and finds them by child, actor and time', async () => {
    const { log } = await target.open();
    await log.record([read('C-1', '2026-06-01T09:00:00.000Z'), read('C-2', '2026-06-01T10:00:00.000Z', 'oidc:jo')]);
    await log.record([read('C-1', '2026-06-02T09:00:00.000Z', 'oidc:jo')]);
    expect((await log.query({ limit: 10 })).map((r) => `${r.id} ${r.childId}`)).toEqual(['1 C-1', '2 C-2', '3 C-1']);
    expect((await log.query({ childId: 'C-1', limit: 10 })).map((r) => r.at)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-02T09:00:00.000Z']);
    expect((await log.query({ actor: 'oidc:jo', from: '2026-06-02', limit: 10 })).map((r) => r.id)).toEqual([3]);
    expect((await log.query({ to: '2026-06-01', after: 1, limit: 10 })).map((r) => r.id)).toEqual([2]);
  });

  it('refuses to change or delete what it holds, even to someone with the database', async () => {
    const { log, tamper } = await target.open();
    await log.record([read('C-1', '2026-06-01T09:00:00.000Z')]);
    expect(await log.query({ limit: 10 })).toHaveLength(1);
    await expect(tamper("UPDATE child_reads SET actor = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(tamper('DELETE FROM child_reads')).rejects.toThrow(/append-only/);
    expect((await log.query({ limit: 10 })).map((r) => r.actor)).toEqual(['api-key:abc']);
  });
});
