import { describe, expect, it } from '@jest/globals';
import { ANY, NO_STREAM, StreamNotFoundError, UnavailableError, WrongExpectedVersionError as KurrentWrongExpectedVersionError, type RecordedEvent } from '@kurrent/kurrentdb-client';
import { StoreUnavailableError, WrongExpectedVersionError, type NewEvent } from '../event-store.port.js';
import { CLAIM_EVENT_TYPE, claimStreamName, fromClaimEvent, streamName, toActualVersion, toClaimEventData, toEventData, toPortError, toStoredEvent, toStreamState, unavailable } from './mapping.js';
import { decodePosition, encodePosition } from './positions.js';

const newEvent = (): NewEvent => ({
  eventId: '3f0e5a52-8a8c-4c55-9d2f-0a0b7f7f1c11',
  type: 'SupervisionHeld',
  occurredAt: '2024-02-29T23:59:59.123Z',
  data: { text: 'Zoë — 子ども', nested: { list: [1, 'two', null, true] }, n: Number.MAX_SAFE_INTEGER },
  metadata: { recordedAt: '2024-03-01T08:00:00.000Z', recordedBy: 'Zoë Ångström', correlationId: 'c-1', source: 'api', schemaVersion: 7 },
});

describe('stream naming', () => {
  it('uses the port stream ids unchanged', () => {
    for (const id of ['worker-W-017', 'child-C-004211', 'team-T-1', 'contract-3f0e5a52-8a8c-4c55-9d2f-0a0b7f7f1c11', 'page-0-x']) expect(streamName(id)).toBe(id);
  });

  it('refuses system streams, claim streams, empty, blank and oversized ids', () => {
    for (const id of ['', ' worker-1', 'worker 1', '$all', '$$worker-1', '$ce-worker', '_eventid-x', 'worker-1\n', 'x'.repeat(201), 'wörker-1']) {
      expect(() => streamName(id)).toThrow('invalid stream id');
    }
  });

  it('names claim streams so that no port stream id can collide with them', () => {
    const claim = claimStreamName('3F0E5A52-8A8C-4C55-9D2F-0A0B7F7F1C11');
    expect(claim).toBe('_eventid-3f0e5a52-8a8c-4c55-9d2f-0a0b7f7f1c11');
    expect(() => streamName(claim)).toThrow();
  });
});

describe('expected version ↔ stream state', () => {
  it("maps 'no_stream' to NO_STREAM, 'any' to ANY and a revision to a bigint", () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
    expect(toStreamState(Number.MAX_SAFE_INTEGER)).toBe(9007199254740991n);
  });

  it('refuses revisions that are not non-negative integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) expect(() => toStreamState(bad)).toThrow(RangeError);
  });

  it("maps the client's current state to the port's actual version", () => {
    expect(toActualVersion(NO_STREAM)).toBe('no_stream');
    expect(toActualVersion(undefined)).toBe('no_stream');
    expect(toActualVersion(0n)).toBe(0);
    expect(toActualVersion(12n)).toBe(12);
    expect(toActualVersion(-5n)).toBe('no_stream'); // deleted
    expect(() => toActualVersion(2n ** 53n)).toThrow(RangeError);
  });
});

describe('error mapping', () => {
  it("maps the client's WrongExpectedVersionError to the port's, with the actual version", () => {
    const existing = new KurrentWrongExpectedVersionError(undefined, { streamName: 'worker-1', expected: 0n, current: 3n });
    const mapped = toPortError(existing, { streamId: 'worker-1', expected: 0 });
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamId: 'worker-1', expected: 0, actual: 3 });

    const missing = new KurrentWrongExpectedVersionError(undefined, { streamName: 'worker-2', expected: 4n, current: NO_STREAM });
    expect(toPortError(missing, { streamId: 'worker-2', expected: 4 })).toMatchObject({ expected: 4, actual: 'no_stream' });
  });

  it('maps unreachable servers (client errors, raw gRPC status, socket errors) to StoreUnavailableError', () => {
    const grpcUnavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (const error of [new UnavailableError(), grpcUnavailable, deadline, refused]) {
      expect(toPortError(error)).toBeInstanceOf(StoreUnavailableError);
    }
    const already = new StoreUnavailableError('x');
    expect(unavailable(already)).toBe(already);
  });

  it('leaves other errors as they are', () => {
    const notFound = new StreamNotFoundError(undefined, 'worker-1');
    expect(toPortError(notFound)).toBe(notFound);
    const plain = new Error('boom');
    expect(toPortError(plain, { streamId: 's', expected: 'any' })).toBe(plain);
    expect(unavailable(undefined)).toBeUndefined();
    expect(unavailable('text')).toBeUndefined();
  });
});

describe('event encoding', () => {
  const recorded = (data: NewEvent, revision: bigint, position = { commit: 2n ** 53n + 1n, prepare: 2n ** 53n + 1n }): RecordedEvent => {
    const written = toEventData(data);
    return {
      streamId: 'worker-W-1',
      id: written.id,
      isJson: true,
      revision,
      type: written.type,
      created: new Date(),
      // what the server returns: data as written, metadata as JSON
      data: JSON.parse(JSON.stringify(written.data)),
      metadata: JSON.parse(JSON.stringify(written.metadata)),
      position,
    } as RecordedEvent;
  };

  it('round-trips every port field exactly, with an exact position', () => {
    const event = newEvent();
    const stored = toStoredEvent(recorded(event, 4n));
    expect(stored).toStrictEqual({ ...event, streamId: 'worker-W-1', streamVersion: 4, position: encodePosition({ commit: 2n ** 53n + 1n, prepare: 2n ** 53n + 1n }) });
    expect(decodePosition(stored.position).commit).toBe(9007199254740993n);
  });

  it('writes metadata with string values only (what the atomic multi-stream append accepts)', () => {
    const metadata = toEventData(newEvent()).metadata as Record<string, unknown>;
    expect(Object.values(metadata).every((value) => typeof value === 'string')).toBe(true);
    expect(toEventData(newEvent()).id).toBe('3f0e5a52-8a8c-4c55-9d2f-0a0b7f7f1c11');
  });

  it('refuses event ids that are not UUIDs (KurrentDB ids are UUIDs)', () => {
    expect(() => toEventData({ ...newEvent(), eventId: 'not-a-uuid' })).toThrow('not a UUID');
  });

  it('refuses events it did not write, rather than inventing fields', () => {
    const foreign = { ...recorded(newEvent(), 0n), metadata: { something: 'else' } } as RecordedEvent;
    expect(() => toStoredEvent(foreign)).toThrow('not written by KurrentDbEventStore');
  });

  it('encodes claims as system-typed events pointing at the stream and version', () => {
    const claim = toClaimEventData({ streamId: 'worker-W-1', streamVersion: 3 });
    expect(claim.type).toBe(CLAIM_EVENT_TYPE);
    expect(claim.type.startsWith('$')).toBe(true); // so excludeSystemEvents() keeps it out of $all reads
    expect(fromClaimEvent({ ...recorded(newEvent(), 0n), data: claim.data } as RecordedEvent)).toEqual({ streamId: 'worker-W-1', streamVersion: 3 });
  });
});
