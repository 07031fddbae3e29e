import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide, isRefusal, londonDate, namedWorkerIds, streamOf, subjectOfStream, timelineOf, recordOnTimeline, workerStream, type RecordEventRequest, type SubjectTimeline } from '@app/domain';
import { DuplicateEventIdError, StoreUnavailableError, SubjectErasedError, WrongExpectedVersionError, type EventStore, type NewEvent, type StoredEvent } from '@app/event-store';
import { Clock } from '../clock.js';
import { EVENT_STORE } from '../tokens.js';
import { RecordEventsCommand, type Actor, type RecordOutcome } from './record-event.command.js';
import { sameEvent } from './same-event.js';
import { StreamLocks } from './stream-locks.js';

/** Attempts lost to a writer in another process are retried this many times before answering 409. */
const MAX_ATTEMPTS = 5;

interface Item {
  request: RecordEventRequest;
  eventId: string;
}

/** A stream as this command sees it: what is stored, and what the command has accepted so far. */
interface StreamState {
  stored: StoredEvent[];
  pending: NewEvent[];
  timeline: SubjectTimeline;
  /** The subject was erased (its key destroyed): nothing more is recorded for it. */
  erased: boolean;
}

const refused = (status: 409 | 410 | 422, eventId: string, message: string): RecordOutcome => ({ ok: false, status, eventId, errors: [message] });

/**
 * Records events in order, each accepted or refused on its own: answers resent
 * eventIds from the store (idempotency), loads each subject's stream once, lets the
 * pure decider judge every event against its subject's timeline (including the
 * events accepted before it in the same command), then appends everything accepted
 * in one transaction at the versions it read. When another writer got in first,
 * the whole command is decided again.
 */
@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand, RecordOutcome[]> {
  private readonly locks = new StreamLocks();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ requests, actor }: RecordEventsCommand): Promise<RecordOutcome[]> {
    const items = requests.map((request) => ({ request, eventId: request.eventId ?? randomUUID() }));
    const erased = new Set<string>();
    try {
      const streams = await this.streamsOf(items);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const outcomes = await this.locks.run(writtenStreams(streams), () => this.attempt(items, streams, actor, erased));
        if (outcomes) return outcomes;
      }
      return items.map((item, i) => (streams[i] ? refused(409, item.eventId, 'other requests kept changing these subjects; send it again') : unknownTarget(item)));
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // A commit may or may not have happened: a resend with the same eventIds answers 200 for those that did.
      return items.map((item) => ({ ok: false, status: 503, eventId: item.eventId, errors: [`the event store could not be reached; send the event again with eventId ${item.eventId}`] }));
    }
  }

  /** Each item's stream; an EventVoided joins its target's (stored, or earlier in this command); undefined when there is none. */
  private async streamsOf(items: Item[]): Promise<(string | undefined)[]> {
    const targets = items.flatMap(({ request }) => (request.type === 'EventVoided' ? [request.data.eventId] : []));
    const stored = new Map((await this.store.findByEventIds(targets)).map((e) => [e.eventId, e]));
    const inCommand = new Map<string, { stream?: string; type: string }>();
    return items.map(({ request, eventId }) => {
      let stream = streamOf(request);
      if (request.type === 'EventVoided') {
        const target = stored.get(request.data.eventId) ?? inCommand.get(request.data.eventId);
        stream = target && target.type !== 'EventVoided' ? ('streamId' in target ? target.streamId : target.stream) : undefined;
      }
      if (!inCommand.has(eventId)) inCommand.set(eventId, { stream, type: request.type });
      return stream;
    });
  }

  /** One try; undefined when another process wrote to one of the streams first. */
  private async attempt(items: Item[], streams: (string | undefined)[], actor: Actor, erased: Set<string>): Promise<RecordOutcome[] | undefined> {
    const existing = new Map((await this.store.findByEventIds(items.map((i) => i.eventId))).map((e) => [e.eventId, e]));
    const state = await this.load(items, streams, erased);
    const accepted = new Map<string, { item: Item; stream: string }>();
    const outcomes = items.map((item, i) => this.decideOne(item, streams[i], existing, accepted, state, actor));
    const appends = [...state.entries()]
      .filter(([, s]) => s.pending.length > 0)
      .map(([streamId, s]) => ({ streamId, events: s.pending, expected: s.stored.length === 0 ? ('no_stream' as const) : s.stored.length - 1 }));
    if (appends.length === 0) return outcomes.map((o) => o as RecordOutcome);
    let positions: Map<string, string>;
    try {
      const results = await this.store.appendMany(appends);
      positions = new Map(appends.flatMap((a, i) => a.events.map((e, j) => [e.eventId, results[i].positions[j].toString()] as const)));
    } catch (error) {
      if (error instanceof WrongExpectedVersionError || error instanceof DuplicateEventIdError) return undefined;
      // Erased with nothing stored yet, or meanwhile: decide again, refusing that stream's items.
      if (error instanceof SubjectErasedError) return void erased.add(error.streamId);
      throw error;
    }
    return outcomes.map((o) => ('pending' in o ? { ok: true, status: o.status, eventId: o.eventId, stream: o.stream, position: positions.get(o.eventId)! } : o));
  }

  private decideOne(
    item: Item,
    streamId: string | undefined,
    existing: Map<string, StoredEvent>,
    accepted: Map<string, { item: Item; stream: string }>,
    state: Map<string, StreamState>,
    actor: Actor,
  ): RecordOutcome | { pending: true; status: 200 | 201; eventId: string; stream: string } {
    const { request, eventId } = item;
    const stored = existing.get(eventId);
    if (stored) return replayed(stored, request);
    const earlier = accepted.get(eventId);
    if (earlier) {
      return sameRequest(earlier.item.request, request)
        ? { pending: true, status: 200, eventId, stream: earlier.stream }
        : refused(409, eventId, `eventId: ${eventId} was already used for a different event`);
    }
    if (!streamId) return unknownTarget(item);

    const stream = state.get(streamId)!;
    if (stream.erased) return refused(410, eventId, `data.childId: this child's records were erased; nothing more can be recorded for them`);
    const now = this.clock.now();
    const streamVersion = stream.stored.length + stream.pending.length;
    const recording = { eventId, recordedAt: now.toISOString(), recordedBy: actor.id, correlationId: actor.correlationId, source: actor.source, streamVersion };
    const decision = decide(request, recording, stream.timeline, { today: londonDate(now), workers: namedWorkers(request, state) });
    if (isRefusal(decision)) return refused(decision.status, eventId, decision.message);
    decision.events.forEach((event, i) => {
      stream.pending.push(event);
      recordOnTimeline(stream.timeline, { ...event, recordedAt: event.metadata.recordedAt, streamVersion: streamVersion + i });
    });
    accepted.set(eventId, { item, stream: streamId });
    return { pending: true, status: 201, eventId, stream: streamId };
  }

  /** Every stream the items write, and every worker stream a CaseAllocated reads, loaded once. */
  private async load(items: Item[], streams: (string | undefined)[], erased: Set<string>): Promise<Map<string, StreamState>> {
    const ids = new Set(streams.filter((s): s is string => s !== undefined));
    for (const { request } of items) for (const id of namedWorkerIds(request)) ids.add(workerStream(id));
    // Concurrently: on a server each read is a round trip.
    const loaded = await Promise.all(
      [...ids].map(async (streamId) => {
        const stored = await this.store.readStream(streamId);
        const subject = subjectOfStream(streamId);
        const live = stored.filter((e) => !e.erased);
        const timeline = timelineOf(
          subject.type,
          subject.id,
          live.map((e) => ({ ...e, recordedAt: e.metadata.recordedAt })),
        );
        const state: StreamState = { stored, pending: [], timeline, erased: erased.has(streamId) || live.length < stored.length };
        return [streamId, state] as const;
      }),
    );
    return new Map(loaded);
  }
}

/** The workers a child event names, as this command sees them (events accepted before it included). */
function namedWorkers(request: RecordEventRequest, state: Map<string, StreamState>): Map<string, SubjectTimeline> {
  return new Map(namedWorkerIds(request).map((id) => [id, state.get(workerStream(id))!.timeline]));
}

function writtenStreams(streams: (string | undefined)[]): string[] {
  return streams.filter((s): s is string => s !== undefined);
}

function unknownTarget({ request, eventId }: Item): RecordOutcome {
  const targetId = String((request.data as { eventId?: string }).eventId);
  return refused(422, eventId, `data.eventId: no event ${targetId} that can be voided is stored (a void cannot itself be voided)`);
}

/** A resent eventId: the original result when the body is the same, 409 when it is not. */
function replayed(existing: StoredEvent, request: RecordEventRequest): RecordOutcome {
  if (existing.erased) return refused(410, existing.eventId, `eventId: ${existing.eventId} belongs to a child whose records were erased`);
  if (!sameEvent(existing, request)) return refused(409, existing.eventId, `eventId: ${existing.eventId} was already used for a different event`);
  return { ok: true, status: 200, eventId: existing.eventId, stream: existing.streamId, position: existing.position.toString() };
}

const sameRequest = (a: RecordEventRequest, b: RecordEventRequest) => sameEvent({ type: a.type, occurredAt: a.occurredAt, data: a.data }, b);
