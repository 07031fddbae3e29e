import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { START, type NewEvent, type StoredEvent } from '../event-store.port.js';
import { EVENT_STORE_MIGRATIONS } from '../migrations/event-store.migrations.js';
import { migrateSqlite } from '../migrations/sqlite-migrations.js';
import { runEventStoreContract, waitFor } from '../testing/index.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.js';

const WRITER_SCRIPT = fileURLToPath(new URL('./testing/concurrent-writer.child.mjs', import.meta.url));
const EVENTS_PER_WRITER = 300;

let directory: string;
let databaseFile: string;
/** Writer processes forked by the current test. */
const writers: ChildProcess[] = [];

/** A new file with the event table, as the service's migrations leave it before a store opens it. */
function useFreshDirectory(): void {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-event-store-'));
  // A missing parent directory must be created.
  databaseFile = path.join(directory, 'nested', 'events.db');
  migrateSqlite(databaseFile, EVENT_STORE_MIGRATIONS);
}

function removeDirectory(): void {
  fs.rmSync(directory, { recursive: true, force: true });
}

runEventStoreContract('SqliteEventStore', {
  async create() {
    useFreshDirectory();
    return SqliteEventStore.open(databaseFile);
  },
  async createSecondConnection() {
    return SqliteEventStore.open(databaseFile);
  },
  async cleanup() {
    removeDirectory();
  },
});

describe('SqliteEventStore on a file', () => {
  const stores: SqliteEventStore[] = [];
  const open = (options?: SqliteEventStoreOptions) => {
    const store = SqliteEventStore.open(databaseFile, options);
    stores.push(store);
    return store;
  };

  beforeEach(useFreshDirectory);
  afterEach(async () => {
    // A writer left running by a failed or timed-out test must not outlive it.
    for (const writer of writers.splice(0)) if (writer.exitCode === null) writer.kill();
    await Promise.all(stores.splice(0).map((store) => store.close()));
    removeDirectory();
  });

  it('starts empty at START in WAL mode', async () => {
    const store = open();
    expect(await store.headPosition()).toBe(START);
    expect(await store.count()).toBe(0);
    expect(readPragma('journal_mode')).toBe('wal');
  });

  it('keeps events across reopening and continues their positions', async () => {
    const first = open();
    const { positions } = await first.append('stream-a', [newEvent()], 'no_stream');
    await first.close();
    const reopened = open();
    expect(await reopened.readStream('stream-a')).toHaveLength(1);
    const next = await reopened.append('stream-a', [newEvent()], 0);
    expect(next.positions[0]).toBeGreaterThan(positions[0]);
  });

  it('keeps positions beyond 2^53 exact', async () => {
    const store = open();
    await store.append('stream-a', [newEvent()], 'no_stream');
    const beyondDouble = 2n ** 60n;
    withRawDatabase((db) => db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(beyondDouble));
    const { positions } = await store.append('stream-a', [newEvent()], 0);
    expect(positions).toEqual([beyondDouble + 1n]);
    expect(await store.headPosition()).toBe(beyondDouble + 1n);
    expect((await store.readAll({ after: beyondDouble, limit: 10 })).map((event) => event.position)).toEqual([beyondDouble + 1n]);
  });

  it('wakes its own subscriptions on append instead of waiting for the next poll', async () => {
    const store = open({ pollIntervalMs: 60_000 });
    const received: StoredEvent[] = [];
    let caughtUp = false;
    store.subscribe({ after: START, handler: async (events) => void received.push(...events), onCaughtUp: () => (caughtUp = true) });
    await waitFor(() => caughtUp, 'catching up');
    await store.append('stream-a', [newEvent()], 'no_stream');
    await waitFor(() => received.length === 1, 'the appended event', 1000);
  });

  it('serialises two processes appending to one stream: no lost or duplicated events', async () => {
    const streamId = `shared-${randomUUID()}`;
    const results = await runConcurrentWriters(streamId, ['writer-1', 'writer-2']);

    const stream = await open().readStream(streamId);
    expect(stream.map((event) => event.streamVersion)).toEqual([...Array(2 * EVENTS_PER_WRITER).keys()]);
    const storedIds = stream.map((event) => event.eventId);
    expect(new Set(storedIds).size).toBe(storedIds.length);
    // The writers really raced: some appends hit a conflict and were retried at the actual version.
    expect(results.reduce((sum, { retries }) => sum + retries, 0)).toBeGreaterThan(0);
    for (const { eventIds } of results) {
      expect(eventIds).toHaveLength(EVENTS_PER_WRITER);
      // Each writer's own events appear once, in the order it appended them.
      expect(storedIds.filter((id) => eventIds.includes(id))).toEqual(eventIds);
    }
  });
});

function newEvent(): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'SomethingHappened',
    occurredAt: '2024-05-01',
    data: {},
    metadata: { recordedAt: new Date().toISOString(), recordedBy: 'test', correlationId: randomUUID(), source: 'test', schemaVersion: 1 },
  };
}

function withRawDatabase<T>(use: (db: Database.Database) => T): T {
  const db = new Database(databaseFile, { timeout: 5000 });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function readPragma(name: string): unknown {
  return withRawDatabase((db) => db.pragma(name, { simple: true }));
}

interface WriterResult {
  eventIds: string[];
  retries: number;
}

type WriterMessage = { type: 'ready' } | ({ type: 'done' } & WriterResult);

/** Forks one writer process per name and starts them together once all have opened the file. */
async function runConcurrentWriters(streamId: string, names: string[]): Promise<WriterResult[]> {
  const children = names.map((name) =>
    fork(WRITER_SCRIPT, [databaseFile, streamId, name, String(EVENTS_PER_WRITER)], {
      execArgv: [], // not jest's --experimental-vm-modules
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    }),
  );
  writers.push(...children);
  let ready = 0;
  const startWhenAllReady = () => {
    if (++ready === children.length) for (const child of children) child.send('go');
  };
  return Promise.all(children.map((child, index) => writerResult(child, names[index], startWhenAllReady)));
}

function writerResult(child: ChildProcess, name: string, onReady: () => void): Promise<WriterResult> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let result: WriterResult | undefined;
  child.on('message', (message: WriterMessage) => {
    if (message.type === 'ready') onReady();
    else result = { eventIds: message.eventIds, retries: message.retries };
  });
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${name} exited with code ${code}:\n${stderr}`));
    });
  });
}
