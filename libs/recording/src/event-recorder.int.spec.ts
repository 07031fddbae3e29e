import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { StoreUnavailableError, type EncryptingEventStore, type EventStore } from '@app/event-store';
import { EventRecorder, MAX_ATTEMPTS } from './event-recorder.js';
import { ACTOR, allocated, daysAgo, fixedClock, joined, NOW, openEncryptingStore, probedStore, registered, supervised, tempStoreDir, TODAY, voided } from './testing/fixtures.js';

/** What the API's command handler delegates to, on the store the apps use (SQLite, each child's data encrypted). */
describe('EventRecorder on a SQLite store', () => {
  let files: ReturnType<typeof tempStoreDir>;
  let store: EncryptingEventStore;
  let recorder: EventRecorder;
  const record = (...requests: Parameters<EventRecorder['record']>[0]) => recorder.record(requests, ACTOR);

  beforeEach(() => {
    files = tempStoreDir();
    store = openEncryptingStore(files.dir);
    recorder = new EventRecorder(store, fixedClock);
  });
  afterEach(async () => {
    await store.close();
    files.remove();
  });

  it('stores a new event in its subject stream with who recorded it, answering 201 with its position', async () => {
    const [outcome] = await record(joined('W-1'));
    expect(outcome).toEqual({ ok: true, status: 201, eventId: expect.any(String), stream: 'worker-W-1', position: expect.stringMatching(/^\d+$/) });
    const [stored] = await store.readStream('worker-W-1');
    expect(stored.metadata).toEqual({ recordedAt: NOW.toISOString(), recordedBy: ACTOR.id, correlationId: ACTOR.correlationId, source: ACTOR.source, schemaVersion: 1 });
  });

  it('gives an event sent without an eventId a new one', async () => {
    const { eventId: _none, ...request } = joined('W-1');
    const [outcome] = await record(request);
    expect(outcome.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('a resent eventId (idempotency)', () => {
    it('answers 200 with the original result when the body is the same, whatever its key order, and stores nothing more', async () => {
      const request = joined('W-1');
      const [first] = await record(request);
      const [again] = await record({ ...request, data: Object.fromEntries(Object.entries(request.data).reverse()) } as typeof request);
      expect(again).toEqual({ ...first, status: 200 });
      expect(await store.count()).toBe(1);
    });

    it('answers 409 when the body differs', async () => {
      const request = joined('W-1');
      await record(request);
      const [again] = await record({ ...request, occurredAt: daysAgo(399) });
      expect(again).toEqual({ ok: false, status: 409, eventId: request.eventId, errors: [`eventId: ${request.eventId} was already used for a different event`] });
    });

    it('within one call: stored once, the repeat answered 200 at the same position, or 409 when its body differs', async () => {
      const request = joined('W-1');
      const outcomes = await record(request, request, { ...request, occurredAt: daysAgo(399) });
      expect(outcomes.map((o) => o.status)).toEqual([201, 200, 409]);
      expect(outcomes[1]).toEqual({ ...outcomes[0], status: 200 });
      expect(await store.count()).toBe(1);
    });
  });

  describe('a call of several events', () => {
    it('decides each against the events accepted before it in the same call, across streams, and appends them together', async () => {
      const outcomes = await record(joined('W-1'), registered('C-1'), allocated('C-1', 'W-1'), supervised('W-1', daysAgo(5)));
      expect(outcomes.map((o) => o.status)).toEqual([201, 201, 201, 201]);
      expect(outcomes.map((o) => o.ok && o.stream)).toEqual(['worker-W-1', 'child-C-1', 'child-C-1', 'worker-W-1']);
      expect((await store.readStream('child-C-1')).map((e) => e.streamVersion)).toEqual([0, 1]);
    });

    it('refuses one on its own, in the decider’s words, and stores the others', async () => {
      const outcomes = await record(registered('C-1'), allocated('C-1', 'W-NOBODY'), supervised('W-NOBODY', daysAgo(1)), registered('C-2'));
      expect(outcomes.map((o) => o.status)).toEqual([201, 422, 422, 201]);
      expect(outcomes[1]).toEqual({ ok: false, status: 422, eventId: expect.any(String), errors: [expect.stringContaining('W-NOBODY')] });
      expect(await store.count()).toBe(2);
    });

    it('refuses an event dated after today (the clock’s date in London)', async () => {
      const [outcome] = await record(joined('W-1', '2026-03-03'));
      expect(outcome).toMatchObject({ status: 422, errors: [`occurredAt: 2026-03-03 is in the future (today is ${TODAY})`] });
    });
  });

  describe('voids', () => {
    it('go to the stream of their target, stored or earlier in the same call', async () => {
      const join = joined('W-1');
      const supervision = supervised('W-1', daysAgo(3));
      await record(join);
      const outcomes = await record(supervision, voided(supervision.eventId!), registered('C-1'));
      expect(outcomes.map((o) => o.ok && o.stream)).toEqual(['worker-W-1', 'worker-W-1', 'child-C-1']);
      // Decided against the target's stream: there it is already voided.
      const [again] = await record(voided(supervision.eventId!));
      expect(again).toMatchObject({ status: 409, errors: [expect.stringContaining('is already voided')] });
    });

    it('are refused 422 when their target is unknown, or is itself a void', async () => {
      const supervision = supervised('W-1', daysAgo(3));
      const voiding = voided(supervision.eventId!);
      const unknown = voided('00000000-0000-4000-8000-000000000000');
      const outcomes = await record(joined('W-1'), supervision, voiding, voided(voiding.eventId!), unknown);
      expect(outcomes.map((o) => o.status)).toEqual([201, 201, 201, 422, 422]);
      expect(outcomes[4]).toEqual({
        ok: false,
        status: 422,
        eventId: unknown.eventId,
        errors: ['data.eventId: no event 00000000-0000-4000-8000-000000000000 that can be voided is stored (a void cannot itself be voided)'],
      });
    });
  });

  describe('an erased child', () => {
    it('records nothing more for them (410), and answers a resend of their events 410', async () => {
      const registration = registered('C-1');
      await record(registration);
      await store.erase('C-1', { reason: 'spec', erasedBy: 'spec', erasedAt: NOW.toISOString() });
      const [more] = await record(allocated('C-1', 'W-1'));
      expect(more).toMatchObject({ status: 410, errors: [`data.childId: this child's records were erased; nothing more can be recorded for them`] });
      const [resent] = await record(registration);
      expect(resent).toEqual({ ok: false, status: 410, eventId: registration.eventId, errors: [`eventId: ${registration.eventId} belongs to a child whose records were erased`] });
    });

    it('is refused 410 also when erased with nothing stored (the store refuses the append, and the call is decided again)', async () => {
      await store.erase('C-1', { reason: 'spec', erasedBy: 'spec', erasedAt: NOW.toISOString() });
      const { store: probed, probe } = probedStore(store);
      const outcomes = await new EventRecorder(probed, fixedClock).record([registered('C-1'), joined('W-1')], ACTOR);
      expect(outcomes.map((o) => o.status)).toEqual([410, 201]);
      expect(probe.appends).toBe(2);
    });
  });

  it('answers 503 for every event when the store cannot be reached, naming the eventId to send again', async () => {
    const down = new Proxy(store as EventStore, {
      get: (target, name) => (name === 'appendMany' ? () => Promise.reject(new StoreUnavailableError('connection refused')) : Reflect.get(target, name).bind(target)),
    });
    const request = joined('W-1');
    const outcomes = await new EventRecorder(down, fixedClock).record([request, voided('00000000-0000-4000-8000-000000000000')], ACTOR);
    expect(outcomes[0]).toEqual({ ok: false, status: 503, eventId: request.eventId, errors: [`the event store could not be reached; send the event again with eventId ${request.eventId}`] });
    expect(outcomes.map((o) => o.status)).toEqual([503, 503]);
  });

  it(`answers 409 after ${MAX_ATTEMPTS} attempts each lost to another writer, storing none of the call`, async () => {
    await record(joined('W-1'));
    // Another recorder on the same store writes to the stream between each read and append.
    const other = new EventRecorder(store, fixedClock);
    const { store: contested, probe } = probedStore(store, async (n) => void (await other.record([supervised('W-1', daysAgo(n))], ACTOR)));
    const request = supervised('W-1', daysAgo(100));
    const outcomes = await new EventRecorder(contested, fixedClock).record([request, voided('00000000-0000-4000-8000-000000000000')], ACTOR);
    expect(outcomes).toEqual([{ ok: false, status: 409, eventId: request.eventId, errors: ['other requests kept changing these subjects; send it again'] }, expect.objectContaining({ status: 422 })]);
    expect(probe).toEqual({ appends: MAX_ATTEMPTS, conflicts: MAX_ATTEMPTS });
    expect(await store.findByEventIds([request.eventId!])).toEqual([]);
  });

  it('serialises its own calls per stream, so calls racing within the process never conflict', async () => {
    const { store: probed, probe } = probedStore(store);
    const local = new EventRecorder(probed, fixedClock);
    await local.record([joined('W-1')], ACTOR);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => local.record([supervised('W-1', daysAgo(i + 1))], ACTOR)));
    expect(outcomes.flat().map((o) => o.status)).toEqual(Array(20).fill(201));
    expect(probe.conflicts).toBe(0);
    expect((await store.readStream('worker-W-1')).map((e) => e.streamVersion)).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });
});
