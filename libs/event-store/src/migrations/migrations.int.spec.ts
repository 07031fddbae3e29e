import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ADVISORY_LOCKS } from '../postgres/advisory-locks.js';
import { createTestDatabase, postgresAvailable, waitFor } from '../testing/index.js';
import type { Migration } from './migration.js';
import { migratePostgres } from './postgres-migrations.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { BROKEN, LATER, STEP_IDS, STEPS } from './testing/steps.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./testing/sqlite-migrator.child.mjs', import.meta.url));
const RUNNERS = 3;
const ALL_IDS = [...STEP_IDS, LATER.id];

/** One empty database of a dialect, with what the tests look at. */
interface TestDatabase {
  migrate(migrations: readonly Migration[]): Promise<string[]>;
  /** The rows the steps inserted. */
  tally(): Promise<number[]>;
  recorded(): Promise<string[]>;
  /** STEPS and LATER by several runners started together; what each applied. */
  race(): Promise<string[][]>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
cleanups.push(async () => fs.rmSync(directory, { recursive: true, force: true }));
let files = 0;

function sqliteDatabase(): TestDatabase {
  const file = path.join(directory, `db-${files++}`, 'test.sqlite');
  const read = <T>(sql: string): T[] => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare<[], T>(sql).pluck().all();
    } finally {
      db.close();
    }
  };
  return {
    migrate: async (migrations) => migrateSqlite(file, migrations),
    tally: async () => read<number>('SELECT step FROM tally ORDER BY step'),
    recorded: async () => read<string>('SELECT id FROM schema_migrations ORDER BY id'),
    race: () => Promise.all(startTogether(Array.from({ length: RUNNERS }, () => fork(CHILD_SCRIPT, [file], { execArgv: [], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] })))),
  };
}

/** Child processes that say `ready`, are all sent `go` at once, and answer with the ids they applied. */
function startTogether(children: ReturnType<typeof fork>[]): Promise<string[]>[] {
  let ready = 0;
  return children.map((child) => {
    let stderr = '';
    let applied: string[] | undefined;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('message', (message: { type: 'ready' } | { type: 'done'; applied: string[] }) => {
      if (message.type === 'done') applied = message.applied;
      else if (++ready === children.length) for (const each of children) each.send('go');
    });
    return new Promise((resolve, reject) => child.once('close', (code) => (code === 0 && applied ? resolve(applied) : reject(new Error(`runner exited with ${code}:\n${stderr}`)))));
  });
}

async function postgresDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('migrations');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  cleanups.push(async () => {
    await client.end();
    await database.drop();
  });
  const read = async <T>(sql: string) => (await client.query<{ v: T }>(sql)).rows.map((r) => r.v);
  return {
    migrate: (migrations) => migratePostgres(database.url, migrations),
    tally: () => read<number>('SELECT step AS v FROM tally ORDER BY step'),
    recorded: () => read<string>('SELECT id AS v FROM schema_migrations ORDER BY id'),
    race: () => raceOnPostgres(database.url, client),
  };
}

/**
 * The test holds the migrations' lock until every runner is queued behind it, then lets
 * them go together: without the lock they would all see nothing applied and apply it all.
 */
async function raceOnPostgres(url: string, holder: pg.Client): Promise<string[][]> {
  await holder.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.schemaMigrations]);
  const runs = Array.from({ length: RUNNERS }, () => migratePostgres(url, [...STEPS, LATER]));
  const waiting = async () =>
    (
      await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted AND objid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [ADVISORY_LOCKS.schemaMigrations],
      )
    ).rows[0].n;
  try {
    await waitFor(async () => (await waiting()) === RUNNERS, `${RUNNERS} runners waiting for the lock`, 30_000);
  } finally {
    await holder.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.schemaMigrations]);
  }
  return Promise.all(runs);
}

const targets: { name: string; fresh: () => Promise<TestDatabase> }[] = [{ name: 'SQLite', fresh: async () => sqliteDatabase() }];
if (await postgresAvailable()) targets.push({ name: 'PostgreSQL', fresh: postgresDatabase });

describe.each(targets)('the migrations on $name', ({ fresh }) => {
  it('applies every migration once, in id order, and records it', async () => {
    const db = await fresh();
    expect(await db.migrate(STEPS)).toEqual(STEP_IDS);
    expect(await db.tally()).toEqual([2]);
    expect(await db.recorded()).toEqual(STEP_IDS);
  });

  it('applies nothing when run again, and only what a later release adds', async () => {
    const db = await fresh();
    await db.migrate(STEPS);
    expect(await db.migrate(STEPS)).toEqual([]);
    expect(await db.migrate([...STEPS, LATER])).toEqual([LATER.id]);
    expect(await db.tally()).toEqual([2, 3]);
    expect(await db.recorded()).toEqual(ALL_IDS);
  });

  it('keeps nothing of a migration that fails, keeps the ones before it, and applies none after it', async () => {
    const db = await fresh();
    await expect(db.migrate([...STEPS, BROKEN, { ...LATER, id: '20260104-01-after-broken' }])).rejects.toMatchObject({ name: 'MigrationFailedError', migrationId: BROKEN.id });
    expect(await db.tally()).toEqual([2]);
    expect(await db.recorded()).toEqual(STEP_IDS);
    expect(await db.migrate([...STEPS, LATER])).toEqual([LATER.id]);
  });

  it('applies each migration once when several runners start together', async () => {
    const db = await fresh();
    const applied = await db.race();
    expect(applied.flat().sort()).toEqual(ALL_IDS);
    expect(await db.tally()).toEqual([2, 3]);
    expect(await db.recorded()).toEqual(ALL_IDS);
  });
});
