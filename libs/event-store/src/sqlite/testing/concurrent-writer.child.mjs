// A writer process for the concurrent-writers test in sqlite-event-store.int.spec.ts.
// Child processes cannot use jest's TypeScript transform, and the repository has no TS loader,
// so rather than duplicating the adapter's SQL here (which could silently drift), this script
// registers small swc loader hooks and imports the real SqliteEventStore.
//
// Protocol (IPC): sends {type:'ready'} once the store is open, waits for 'go', appends its events
// one at a time to the shared stream (retrying at the actual version on a conflict), then sends
// {type:'done', eventIds, retries} and exits.
// Usage: concurrent-writer.child.mjs <db file> <stream id> <writer name> <event count>
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { register } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

register('../../testing/swc-typescript-hooks.mjs', import.meta.url);
const { SqliteEventStore, WrongExpectedVersionError } = await import('../../index.ts');

const MAX_RETRIES = 10_000;
const [filePath, streamId, writer, count] = process.argv.slice(2);
const store = SqliteEventStore.open(filePath);
process.send({ type: 'ready' });
await once(process, 'message');

const eventIds = [];
let retries = 0;
let expected = 'no_stream';
for (let index = 0; index < Number(count); index++) {
  const event = {
    eventId: randomUUID(),
    type: 'ConcurrentlyWritten',
    occurredAt: new Date().toISOString(),
    data: { writer, index },
    metadata: { recordedAt: new Date().toISOString(), recordedBy: writer, correlationId: randomUUID(), source: 'concurrent-writer', schemaVersion: 1 },
  };
  for (;;) {
    try {
      expected = (await store.append(streamId, [event], expected)).nextExpectedVersion;
      break;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      expected = error.actual;
      // Fail loudly instead of spinning forever if conflicts stop being resolvable.
      if (++retries > MAX_RETRIES) throw new Error(`${writer}: gave up after ${MAX_RETRIES} conflicts`, { cause: error });
    }
  }
  eventIds.push(event.eventId);
  // Without a pause the writer holding the lock keeps re-taking it while the other sleeps in
  // SQLite's busy handler, and the two barely interleave; with it they conflict constantly.
  await sleep(Math.random() < 0.5 ? 0 : 1);
}
await store.close();
process.send({ type: 'done', eventIds, retries }, () => process.disconnect());
