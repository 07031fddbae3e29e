import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { EVENT_STORE_MIGRATIONS, migrateSqlite, SqliteEventStore, type StoredEvent } from '@app/event-store';
import type { RecordEventRequest } from '@app/domain';
import { EventRecorder, type RecordOutcome } from './index.js';
import { ACTOR, daysAgo, fixedClock, joined, probedStore, supervised, tempStoreDir } from './testing/fixtures.js';

const STREAM = 'worker-W-HOT';
const CLIENTS_PER_RECORDER = 3;
const EVENTS_PER_CLIENT = 15;
/** A client sends an event again after a 409 "kept changing"; more than this many times would mean starvation. */
const MAX_SENDS = 20;

/**
 * Recording with no Nest at all, as an importer would: an EventRecorder built by hand over a SQLite file. Two
 * recorders on the same file (two connections, two sets of in-process locks) write to one stream at once, so
 * their attempts really race in the store and the loser must be decided again.
 */
describe('two EventRecorders on one SQLite file, without Nest', () => {
  let files: ReturnType<typeof tempStoreDir>;
  const stores: SqliteEventStore[] = [];
  const open = () => {
    const store = SqliteEventStore.open(files.eventsFile);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    files = tempStoreDir();
    migrateSqlite(files.eventsFile, EVENT_STORE_MIGRATIONS);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    files.remove();
  });

  it('decides an attempt lost to the other recorder again, after its event, and stores it once', async () => {
    const other = new EventRecorder(open(), fixedClock);
    await other.record([joined('W-HOT')], ACTOR);
    const theirs = supervised('W-HOT', daysAgo(2));
    // The other recorder appends between this one's read of the stream and its append, once.
    const { store, probe } = probedStore(open(), async (n) => {
      if (n === 1) expect(await other.record([theirs], ACTOR)).toEqual([expect.objectContaining({ status: 201 })]);
    });
    const mine = supervised('W-HOT', daysAgo(1));
    const [outcome] = await new EventRecorder(store, fixedClock).record([mine], ACTOR);

    expect(outcome).toMatchObject({ ok: true, status: 201, stream: STREAM });
    expect(probe).toEqual({ appends: 2, conflicts: 1 });
    const stored = await open().readStream(STREAM);
    expect(stored.map((e) => [e.eventId, e.streamVersion])).toEqual([
      [stored[0].eventId, 0],
      [theirs.eventId, 1],
      [mine.eventId, 2],
    ]);
  });

  it('loses nothing and counts nothing twice when both write to one stream at once', async () => {
    await new EventRecorder(open(), fixedClock).record([joined('W-HOT', daysAgo(400))], ACTOR);
    // One recorder per connection, shared by its clients, as one process shares one.
    const sides = [0, 1].map(() => {
      const { store, probe } = probedStore(open());
      return { recorder: new EventRecorder(store, fixedClock), probe };
    });
    const sends = new Map<string, number[][]>();
    const client = async (side: number, c: number) => {
      for (let i = 0; i < EVENTS_PER_CLIENT; i++) {
        // A distinct date per event, so the domain accepts every one whatever the order they land in.
        const event = supervised('W-HOT', daysAgo(1 + i + EVENTS_PER_CLIENT * (c + CLIENTS_PER_RECORDER * side)));
        sends.set(event.eventId!, [await send(sides[side].recorder, event)]);
        // A client resending after a lost answer, to the other recorder: the original result, nothing stored.
        if (i % 5 === 4) sends.get(event.eventId!)!.push(await send(sides[1 - side].recorder, event));
      }
    };
    await Promise.all([0, 1].flatMap((side) => Array.from({ length: CLIENTS_PER_RECORDER }, (_, c) => client(side, c))));

    for (const [eventId, statuses] of sends) {
      expect({ eventId, answers: statuses.map((s) => s.at(-1)) }).toEqual({ eventId, answers: statuses.length === 1 ? [201] : [201, 200] });
    }
    expectOncePerEvent(await open().readStream(STREAM), [...sends.keys()]);
    // The two recorders did race: some attempts lost and were decided again.
    expect(sides.reduce((n, { probe }) => n + probe.conflicts, 0)).toBeGreaterThan(0);
  });
});

/** Sends an event until it is answered other than 409 "kept changing" (a client's retry, bounded); every status in order. */
async function send(recorder: EventRecorder, event: RecordEventRequest): Promise<number[]> {
  const statuses: number[] = [];
  let outcome: RecordOutcome;
  do [outcome] = await recorder.record([event], ACTOR);
  while (statuses.push(outcome.status) < MAX_SENDS && outcome.status === 409);
  return statuses;
}

/** The worker's joining, then each event exactly once, at consecutive versions. */
function expectOncePerEvent(stored: StoredEvent[], eventIds: string[]): void {
  expect(stored.map((e) => e.streamVersion)).toEqual(stored.map((_, i) => i));
  expect(
    stored
      .slice(1)
      .map((e) => e.eventId)
      .sort(),
  ).toEqual([...eventIds].sort());
}
