import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decide,
  londonDate,
  proposedEvent,
  SCHEMA_VERSION,
  streamOf,
  subjectOfStream,
  timelineOf,
  workerStream,
  type RecordedEvent,
  type RecordEventRequest,
  type SubjectTimeline,
} from '@app/domain';
import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedVersionError, type EventStore, type NewEvent, type StoredEvent } from '@app/event-store';
import { Clock } from '../clock.js';
import { EVENT_STORE } from '../store/tokens.js';
import { RecordEventCommand, type RecordOutcome } from './record-event.command.js';
import { sameEvent } from './same-event.js';
import { StreamLocks } from './stream-locks.js';

/** Appends lost to a concurrent writer are retried this many times before answering 409. */
const MAX_ATTEMPTS = 5;

const refused = (status: 409 | 422, eventId: string, message: string): RecordOutcome => ({ ok: false, status, eventId, errors: [message] });

/**
 * Records one event: answers a resent eventId from the store (idempotency), loads
 * the subject's stream, lets the pure decider accept or refuse it, and appends with
 * the stream version it read, retrying from the start when another writer got in first.
 */
@CommandHandler(RecordEventCommand)
export class RecordEventHandler implements ICommandHandler<RecordEventCommand, RecordOutcome> {
  private readonly locks = new StreamLocks();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ request, actor }: RecordEventCommand): Promise<RecordOutcome> {
    const eventId = request.eventId ?? randomUUID();
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const outcome = await this.attempt(eventId, request, actor);
        if (outcome) return outcome;
      }
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // The commit may or may not have happened: a resend with this eventId answers 200 if it did.
      return { ok: false, status: 503, eventId, errors: [`the event store could not be reached; send the event again with eventId ${eventId}`] };
    }
    return refused(409, eventId, 'the subject was changed by other requests while this one was recorded; send it again');
  }

  /** One try; undefined when another writer got in first and it should be tried again. */
  private async attempt(eventId: string, request: RecordEventRequest, actor: RecordEventCommand['actor']): Promise<RecordOutcome | undefined> {
    const streamId = streamOf(request) ?? (await this.voidTargetStream(request));
    if (typeof streamId !== 'string') return refused(422, eventId, streamId.message);
    return this.locks.run(streamId, async () => {
      const [existing] = await this.store.findByEventIds([eventId]);
      return existing ? this.replayed(existing, request) : this.decideAndAppend(streamId, eventId, request, actor);
    });
  }

  private async decideAndAppend(streamId: string, eventId: string, request: RecordEventRequest, actor: RecordEventCommand['actor']): Promise<RecordOutcome | undefined> {
    const events = await this.store.readStream(streamId);
    const now = this.clock.now();
    const newEvent: NewEvent = {
      eventId,
      type: request.type,
      occurredAt: request.occurredAt,
      data: request.data,
      metadata: { recordedAt: now.toISOString(), recordedBy: actor.id, correlationId: actor.correlationId, source: actor.source, schemaVersion: SCHEMA_VERSION },
    };
    const refusal = decide(proposedEvent(eventId, request, newEvent.metadata.recordedAt, events.length), streamTimeline(streamId, events), {
      today: londonDate(now),
      workers: await this.namedWorkers(request),
    });
    if (refusal) return refused(refusal.status, eventId, refusal.message);

    try {
      const expected = events.length === 0 ? 'no_stream' : events[events.length - 1].streamVersion;
      const result = await this.store.append(streamId, [newEvent], expected);
      return { ok: true, status: 201, eventId, stream: streamId, position: result.positions[0].toString() };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError || error instanceof DuplicateEventIdError) return undefined;
      throw error;
    }
  }

  /** A resent eventId: the original result when the body is the same, 409 when it is not. */
  private replayed(existing: StoredEvent, request: RecordEventRequest): RecordOutcome {
    if (!sameEvent(existing, request)) {
      return refused(409, existing.eventId, `eventId: ${existing.eventId} was already used for a different event`);
    }
    return { ok: true, status: 200, eventId: existing.eventId, stream: existing.streamId, position: existing.position.toString() };
  }

  /** EventVoided joins the stream of the event it withdraws. */
  private async voidTargetStream(request: RecordEventRequest): Promise<string | { message: string }> {
    const targetId = String((request.data as { eventId: string }).eventId);
    const [target] = await this.store.findByEventIds([targetId]);
    if (!target) return { message: `data.eventId: no event ${targetId} is stored` };
    if (target.type === 'EventVoided') return { message: `data.eventId: ${targetId} is itself a void and cannot be voided; record the event again instead` };
    return target.streamId;
  }

  /** Timelines of the workers a child event names, for the decider's cross-stream checks. */
  private async namedWorkers(request: RecordEventRequest): Promise<Map<string, SubjectTimeline>> {
    const workers = new Map<string, SubjectTimeline>();
    if (request.type !== 'CaseAllocated') return workers;
    const id = request.data.workerId;
    workers.set(id, timelineOf('worker', id, (await this.store.readStream(workerStream(id))).map(toRecorded)));
    return workers;
  }
}

function streamTimeline(streamId: string, events: StoredEvent[]): SubjectTimeline {
  const subject = subjectOfStream(streamId);
  return timelineOf(subject.type, subject.id, events.map(toRecorded));
}

export const toRecorded = (e: StoredEvent): RecordedEvent => ({ ...e, recordedAt: e.metadata.recordedAt });
