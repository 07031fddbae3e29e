import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { StoreUnavailableError, type EncryptingEventStore, type EventStore } from '@app/event-store';
import { EventRecorder } from './event-recorder.js';
import {
  ACTOR,
  allocated,
  closed,
  daysAgo,
  fixedClock,
  joined,
  left,
  NOW,
  openEncryptingStore,
  probedStore,
  readCountingStore,
  registered,
  supervised,
  tempStoreDir,
  type StreamRead,
} from './testing/fixtures.js';

const ERASURE = { reason: 'spec', erasedBy: 'spec', erasedAt: NOW.toISOString() };
/** The reads of one call, in a fixed order (the streams of an attempt are read concurrently). */
const sorted = (reads: StreamRead[]) => [...reads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));

/**
 * The recorder keeps each stream's timeline between calls and reads only the events stored since (the last one it
 * holds read again). Two connections to one SQLite file stand for two processes: what the other one stores or erases
 * must be seen before this one decides.
 */
describe("EventRecorder's streams kept between calls, on a SQLite file shared with another process", () => {
  let files: ReturnType<typeof tempStoreDir>;
  const stores: EncryptingEventStore[] = [];
  const open = () => {
    const store = openEncryptingStore(files.dir);
    stores.push(store);
    return store;
  };
  /** This process's recorder, its reads noted. */
  const counted = (options?: ConstructorParameters<typeof EventRecorder>[2], store: EventStore = open()) => {
    const { store: reading, reads } = readCountingStore(store);
    return { recorder: new EventRecorder(reading, fixedClock, options), reads };
  };

  beforeEach(() => {
    files = tempStoreDir();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    files.remove();
  });

  it('reads only the events stored since its last call to a stream, the last one it holds read again', async () => {
    const { recorder, reads } = counted();
    await recorder.record([joined('W-1'), ...[4, 3, 2, 1].map((d) => supervised('W-1', daysAgo(10 + d)))], ACTOR);
    expect(reads.splice(0)).toEqual([{ streamId: 'worker-W-1', fromVersion: 0, events: 0 }]);

    expect(await recorder.record([supervised('W-1', daysAgo(5)), registered('C-1')], ACTOR)).toEqual([expect.objectContaining({ status: 201 }), expect.objectContaining({ status: 201 })]);
    expect(sorted(reads.splice(0))).toEqual([
      { streamId: 'child-C-1', fromVersion: 0, events: 0 },
      { streamId: 'worker-W-1', fromVersion: 4, events: 1 },
    ]);

    // The allocation reads the worker's stream too: both from where the last call left them.
    expect(await recorder.record([allocated('C-1', 'W-1')], ACTOR)).toEqual([expect.objectContaining({ status: 201 })]);
    expect(sorted(reads.splice(0))).toEqual([
      { streamId: 'child-C-1', fromVersion: 0, events: 1 },
      { streamId: 'worker-W-1', fromVersion: 5, events: 1 },
    ]);
  });

  it('decides on what another process stored since its last call: a case closed there is not closed again here', async () => {
    const { store: probed, probe } = probedStore(open());
    const { recorder, reads } = counted({}, probed);
    await recorder.record([joined('W-1'), registered('C-1'), allocated('C-1', 'W-1')], ACTOR);
    const theirs = new EventRecorder(open(), fixedClock);
    expect(await theirs.record([closed('C-1', daysAgo(100))], ACTOR)).toEqual([expect.objectContaining({ status: 201 })]);
    reads.splice(0);

    const [outcome] = await recorder.record([closed('C-1', daysAgo(50))], ACTOR);

    expect(outcome).toMatchObject({ ok: false, status: 422, errors: [`data.childId: the case of child C-1 is not open on ${daysAgo(50)}`] });
    // Refused on the events read, not found out by a conflict: the only append is the first call's.
    expect(probe).toEqual({ appends: 1, conflicts: 0 });
    expect(reads).toEqual([{ streamId: 'child-C-1', fromVersion: 1, events: 2 }]);
  });

  it('refuses 410 once another process erased the child whose timeline it holds, before appending anything', async () => {
    const { store: probed, probe } = probedStore(open());
    const { recorder, reads } = counted({}, probed);
    await recorder.record([joined('W-1'), registered('C-1'), allocated('C-1', 'W-1')], ACTOR);
    await open().erase('C-1', ERASURE);
    reads.splice(0);

    // Both would be refused otherwise (409: already registered, already allocated): the erasure is seen first.
    const outcomes = await recorder.record([registered('C-1'), allocated('C-1', 'W-1'), supervised('W-1', daysAgo(1))], ACTOR);

    expect(outcomes.map((o) => o.status)).toEqual([410, 410, 201]);
    expect(outcomes[0]).toMatchObject({ errors: [`data.childId: this child's records were erased; nothing more can be recorded for them`] });
    expect(probe.appends).toBe(2);
    expect(sorted(reads.splice(0))).toEqual([
      { streamId: 'child-C-1', fromVersion: 1, events: 1 },
      { streamId: 'worker-W-1', fromVersion: 0, events: 1 },
    ]);
    // The child's timeline is let go: the next call reads their stream whole again (every event erased).
    expect((await recorder.record([closed('C-1')], ACTOR))[0]).toMatchObject({ status: 410 });
    expect(reads).toEqual([{ streamId: 'child-C-1', fromVersion: 0, events: 2 }]);
  });

  it('after losing to another writer, reads the events stored since and decides again on them, keeping none of its lost attempt', async () => {
    const mine = open();
    const theirs = new EventRecorder(open(), fixedClock);
    const { store: contested, probe } = probedStore(mine, async (n) => {
      if (n === 2) await theirs.record([supervised('W-1', daysAgo(3))], ACTOR);
    });
    const { recorder, reads } = counted({}, contested);
    await recorder.record([joined('W-1'), ...[4, 3, 2].map((d) => supervised('W-1', daysAgo(10 + d)))], ACTOR);
    reads.splice(0);

    const [outcome] = await recorder.record([left('W-1', daysAgo(1))], ACTOR);

    expect(outcome).toMatchObject({ ok: true, status: 201 });
    expect(probe).toEqual({ appends: 3, conflicts: 1 });
    // Both attempts read from the version cached by the first call: the lost WorkerLeft never reached the cache.
    expect(reads.splice(0)).toEqual([
      { streamId: 'worker-W-1', fromVersion: 3, events: 1 },
      { streamId: 'worker-W-1', fromVersion: 3, events: 2 },
    ]);
    // The committed one did: the next call reads from it.
    expect(await recorder.record([supervised('W-1', daysAgo(2))], ACTOR)).toEqual([expect.objectContaining({ status: 201 })]);
    expect(reads).toEqual([{ streamId: 'worker-W-1', fromVersion: 5, events: 1 }]);
  });

  it('keeps nothing of an append that failed: the event sent again is decided on the stored events alone', async () => {
    let fail = false;
    const store = open();
    const failing = new Proxy(store as EventStore, {
      get: (target, name) => (name === 'appendMany' && fail ? () => ((fail = false), Promise.reject(new StoreUnavailableError('connection refused'))) : Reflect.get(target, name).bind(target)),
    });
    const { recorder, reads } = counted({}, failing);
    await recorder.record([joined('W-1'), supervised('W-1', daysAgo(5))], ACTOR);
    const leaving = left('W-1');
    fail = true;
    expect((await recorder.record([leaving], ACTOR))[0]).toMatchObject({ status: 503 });
    reads.splice(0);

    expect((await recorder.record([leaving], ACTOR))[0]).toMatchObject({ ok: true, status: 201 });
    expect(reads).toEqual([{ streamId: 'worker-W-1', fromVersion: 1, events: 1 }]);
  });

  it('keeps at most `cachedStreams` streams, dropping the least recently used', async () => {
    const { recorder, reads } = counted({ cachedStreams: 2 });
    for (const id of ['W-1', 'W-2']) await recorder.record([joined(id), supervised(id, daysAgo(20))], ACTOR);
    await recorder.record([supervised('W-1', daysAgo(19))], ACTOR);
    await recorder.record([joined('W-3'), supervised('W-3', daysAgo(20))], ACTOR);
    reads.splice(0);

    await recorder.record([supervised('W-1', daysAgo(18)), supervised('W-3', daysAgo(18))], ACTOR);
    expect(sorted(reads.splice(0))).toEqual([
      { streamId: 'worker-W-1', fromVersion: 2, events: 1 },
      { streamId: 'worker-W-3', fromVersion: 1, events: 1 },
    ]);
    await recorder.record([supervised('W-2', daysAgo(18))], ACTOR);
    expect(reads).toEqual([{ streamId: 'worker-W-2', fromVersion: 0, events: 2 }]);
  });

  it('decides on what was stored, whatever the caller later does to the requests it sent', async () => {
    const { recorder } = counted();
    const allocation = allocated('C-1', 'W-1');
    await recorder.record([joined('W-1'), joined('W-2'), registered('C-1'), allocation], ACTOR);
    (allocation.data as { workerId: string }).workerId = 'W-2';
    const [again] = await recorder.record([allocated('C-1', 'W-1', daysAgo(100))], ACTOR);
    expect(again).toMatchObject({ status: 409, errors: ['data.workerId: the case is already allocated to W-1'] });
  });

  it('forgets a stream when told (an erasure in its own process)', async () => {
    const { recorder, reads } = counted();
    await recorder.record([joined('W-1'), supervised('W-1', daysAgo(5))], ACTOR);
    recorder.forgetStream('worker-W-1');
    reads.splice(0);
    await recorder.record([supervised('W-1', daysAgo(4))], ACTOR);
    expect(reads).toEqual([{ streamId: 'worker-W-1', fromVersion: 0, events: 2 }]);
  });
});
