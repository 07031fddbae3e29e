import {
  ANY,
  ErrorType,
  NO_STREAM,
  jsonEvent,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import { StoreUnavailableError, WrongExpectedVersionError, type EventMetadata, type ExpectedVersion, type NewEvent, type StoredEvent } from '../event-store.port.js';
import { encodePosition } from './positions.js';

/**
 * Port stream ids (`worker-W-017`, `child-C-004211`, the contract suite's `contract-<uuid>`)
 * are used as KurrentDB stream names unchanged. They must start with a letter or digit: a
 * leading `$` would be a KurrentDB system stream (admin-only, filtered out of reads), and
 * names starting with `_` are reserved for this adapter's event-id claim streams.
 */
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@=+-]{0,199}$/;

export function streamName(streamId: string): string {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) {
    throw new Error(`invalid stream id ${JSON.stringify(streamId)}: expected a letter or digit, then up to 199 of [A-Za-z0-9._:@=+-]`);
  }
  return streamId;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The stream that records which stream holds an event id (see the adapter's comment on idempotency). */
export const CLAIM_STREAM_PREFIX = '_eventid-';
/** `$`-prefixed, so the server-side `excludeSystemEvents()` filter keeps claims out of every `$all` read. */
export const CLAIM_EVENT_TYPE = '$event-id-claimed';

export function claimStreamName(eventId: string): string {
  return `${CLAIM_STREAM_PREFIX}${eventId.toLowerCase()}`;
}

export interface Claim {
  streamId: string;
  streamVersion: number;
}

/** The port's expected version as the client's stream state. */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected version must be a non-negative integer, 'no_stream' or 'any', got ${String(expected)}`);
  return BigInt(expected);
}

/** A stream revision (bigint) as the port's stream version (number): revisions stay far below 2^53 per stream. */
export function toStreamVersion(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision ${revision} is outside 0..2^53-1`);
  return Number(revision);
}

/** The client's current stream state as the port's actual version. Deleted (-5) and tombstoned (-6) streams read as no stream. */
export function toActualVersion(state: CurrentStreamState | bigint | undefined): number | 'no_stream' {
  if (state === undefined || state === NO_STREAM || typeof state !== 'bigint' || state < 0n) return 'no_stream';
  return toStreamVersion(state);
}

/** gRPC status codes that mean "the server cannot be reached now" (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED by a dying channel is not one). */
const UNAVAILABLE_GRPC_CODES = new Set([4, 14]);
const UNAVAILABLE_TYPES = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.TIMEOUT, ErrorType.DEADLINE_EXCEEDED, ErrorType.NOT_LEADER]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/** Connection failures and leader changes: the store is unavailable, not broken. */
export function unavailable(error: unknown): StoreUnavailableError | undefined {
  if (error instanceof StoreUnavailableError) return error;
  const e = error as { type?: string; code?: number | string; message?: string } | undefined;
  if (e === null || typeof e !== 'object') return undefined;
  if (
    (typeof e.type === 'string' && UNAVAILABLE_TYPES.has(e.type)) ||
    (typeof e.code === 'number' && UNAVAILABLE_GRPC_CODES.has(e.code)) ||
    (typeof e.code === 'string' && UNAVAILABLE_NODE_CODES.has(e.code))
  ) {
    return new StoreUnavailableError(`${e.type ?? e.code}: ${e.message ?? 'connection lost'}`);
  }
  return undefined;
}

/** The client's WrongExpectedVersionError for `streamId` as the port's, with the actual version. */
export function wrongExpectedVersion(error: unknown, streamId: string, expected: ExpectedVersion): WrongExpectedVersionError | undefined {
  if (!(error instanceof KurrentWrongExpectedVersionError) && (error as { type?: string })?.type !== ErrorType.WRONG_EXPECTED_VERSION) return undefined;
  return new WrongExpectedVersionError(streamId, expected, toActualVersion((error as KurrentWrongExpectedVersionError).actualState));
}

/** Maps what the client throws to the port's errors; anything else is returned unchanged. */
export function toPortError(error: unknown, context?: { streamId: string; expected: ExpectedVersion }): unknown {
  const mapped = unavailable(error) ?? (context ? wrongExpectedVersion(error, context.streamId, context.expected) : undefined);
  return mapped ?? error;
}

/**
 * How a port event is written. The data is the event's data, as JSON. KurrentDB's atomic
 * multi-stream append accepts only string-valued metadata, so the port metadata travels as
 * one JSON string beside `occurredAt`: both round-trip exactly (numbers, unicode, nesting).
 */
export function toEventData(event: NewEvent): EventData {
  if (!isUuid(event.eventId)) throw new Error(`eventId ${JSON.stringify(event.eventId)} is not a UUID: KurrentDB event ids are UUIDs`);
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data,
    metadata: { occurredAt: event.occurredAt, metadata: JSON.stringify(event.metadata) },
  }) as EventData;
}

export function toClaimEventData(claim: Claim): EventData {
  return jsonEvent({ type: CLAIM_EVENT_TYPE, data: { streamId: claim.streamId, streamVersion: claim.streamVersion }, metadata: {} }) as EventData;
}

export function fromClaimEvent(recorded: RecordedEvent): Claim {
  const data = recorded.data as Partial<Claim> | undefined;
  if (typeof data?.streamId !== 'string' || typeof data.streamVersion !== 'number') throw new Error(`claim stream ${recorded.streamId} holds an unexpected event`);
  return { streamId: data.streamId, streamVersion: data.streamVersion };
}

/** A recorded event (from a stream or `$all`) as the port's StoredEvent; the event must have been written by `toEventData`. */
export function toStoredEvent(recorded: RecordedEvent): StoredEvent {
  const metadata = recorded.metadata as { occurredAt?: unknown; metadata?: unknown } | undefined;
  if (!recorded.isJson || typeof metadata?.occurredAt !== 'string' || typeof metadata.metadata !== 'string') {
    throw new Error(`event ${recorded.id} in ${recorded.streamId} was not written by KurrentDbEventStore (no port metadata)`);
  }
  if (!recorded.position) throw new Error(`event ${recorded.id} in ${recorded.streamId} came without its $all position (KurrentDB 20+ is required)`);
  return {
    eventId: recorded.id,
    type: recorded.type,
    occurredAt: metadata.occurredAt,
    data: recorded.data as Record<string, unknown>,
    metadata: JSON.parse(metadata.metadata) as EventMetadata,
    streamId: recorded.streamId,
    streamVersion: toStreamVersion(recorded.revision),
    position: encodePosition(recorded.position),
  };
}
