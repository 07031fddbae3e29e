import { londonDate, type IsoDate } from './dates.js';
import { definitionOf, SCHEMA_VERSION, type RecordEventRequest } from './events/catalogue.js';
import { emptyChild, evolveChild } from './history/child-history.js';
import { emptyWorker, evolveWorker } from './history/worker-history.js';
import { compareFacts, liveFacts, type Fact, type SubjectTimeline } from './timeline.js';
import { childRefusal, refuseBeforeBirth, type ChildFact } from './deciders/child.decider.js';
import { workerActiveOn, workerRefusal, type WorkerFact } from './deciders/worker.decider.js';
import { refuse, type Refusal } from './deciders/refusal.js';

export { isRefusal, type Refusal } from './deciders/refusal.js';

/** A correction: withdraws an earlier event of the same stream. */
export interface VoidCommand {
  type: 'EventVoided';
  occurredOn: IsoDate;
  data: { eventId: string; reason: string };
}

export interface DecisionContext {
  /** Today's London date: nothing may be dated after it. */
  today: IsoDate;
  /**
   * Timelines of the workers the new event names, by workerId: for each id in
   * `namedWorkerIds(event)` (the allocated worker, the visiting worker, the personal
   * adviser, the overseeing manager). A named worker missing from the map counts as
   * never employed, so the event is refused; extra timelines are ignored.
   */
  workers: ReadonlyMap<string, SubjectTimeline>;
}

/** Who records an event, when, and for which request: kept with the event as its metadata. */
export interface Recording {
  eventId: string;
  /** Server time, ISO date-time. */
  recordedAt: string;
  recordedBy: string;
  correlationId: string;
  source: string;
  /** The version the event takes in its stream (the number of events already in it). */
  streamVersion: number;
}

/** An event to append to the subject's stream, metadata included. */
export interface EventToAppend {
  eventId: string;
  type: RecordEventRequest['type'];
  occurredAt: string;
  data: Record<string, unknown>;
  metadata: { recordedAt: string; recordedBy: string; correlationId: string; source: string; schemaVersion: number };
}

/** The events a request becomes, or why it is refused. */
export type Decision = { events: EventToAppend[] } | Refusal;

/**
 * Decides a request against its subject's stream: the events to append (the event
 * itself, or the void), or the refusal. The handler only loads, appends and retries.
 */
export function decide(request: RecordEventRequest, recording: Recording, stream: SubjectTimeline, context: DecisionContext): Decision {
  const refusal = refusalOf(proposedEvent(recording.eventId, request, recording.recordedAt, recording.streamVersion), stream, context);
  if (refusal) return refusal;
  const { eventId, recordedAt, recordedBy, correlationId, source } = recording;
  const metadata = { recordedAt, recordedBy, correlationId, source, schemaVersion: SCHEMA_VERSION };
  return { events: [{ eventId, type: request.type, occurredAt: request.occurredAt, data: request.data, metadata }] };
}

/**
 * Whether a new event may join its subject's stream. The event is placed on the
 * timeline at its own date and the whole history is folded again, so an event logged
 * late is checked against what was true then, and cannot make a later event
 * inconsistent. Returns the refusal, or undefined to accept.
 *
 * Dates: one outside DATE_RANGE never gets here (the schema refuses it, 400: the request
 * alone shows it); what depends on the clock (after today) or on the subject's history
 * (before the child's birth month) is refused here, 422.
 */
export function refusalOf(event: Fact | VoidCommand, stream: SubjectTimeline, context: DecisionContext): Refusal | undefined {
  if (event.occurredOn > context.today) {
    return refuse(422, `occurredAt: ${event.occurredOn} is in the future (today is ${context.today})`);
  }
  if (event.type === 'EventVoided') return decideVoid(event.data.eventId, stream);
  if (definitionOf(event.type)?.stream !== stream.type) return refuse(422, `type: ${event.type} does not belong in a ${stream.type}'s stream`);
  const beforeBirth = stream.type === 'child' ? refuseBeforeBirth(event, stream) : undefined;
  if (beforeBirth) return beforeBirth;
  const crossStream = checkNamedWorker(event, context);
  if (crossStream) return crossStream;
  const facts = [...liveFacts(stream), event].sort(compareFacts);
  return replay(stream, facts, event.eventId);
}

/** Decides whether `targetEventId` may be voided: it must be a live fact of this stream, and its removal must leave a consistent timeline. */
export function decideVoid(targetEventId: string, stream: SubjectTimeline): Refusal | undefined {
  const target = stream.facts.find((f) => f.eventId === targetEventId);
  if (!target) return refuse(422, `data.eventId: no event ${targetEventId} that can be voided in this stream`);
  if (target.voided) return refuse(409, `data.eventId: event ${targetEventId} is already voided (by ${target.voided.by})`);
  const facts = liveFacts(stream).filter((f) => f.eventId !== targetEventId);
  const refusal = replay(stream, facts, undefined);
  return refusal && refuse(409, `voiding ${target.type} ${targetEventId} ${refusal.message}; void the later event first`);
}

/** Folds the subject's history fact by fact, checking each against the history before it: the same fold the rules read. */
function replay(stream: SubjectTimeline, facts: Fact[], newEventId: string | undefined): Refusal | undefined {
  const step = historyStep(stream);
  for (const fact of facts) {
    const refusal = step(fact);
    if (!refusal) continue;
    if (fact.eventId === newEventId) return refusal;
    const later = `would make the ${fact.type} of ${fact.occurredOn} (event ${fact.eventId}) invalid: ${refusal.message}`;
    return newEventId ? refuse(refusal.status, `this event ${later}`) : refuse(refusal.status, later);
  }
  return undefined;
}

/** Checks a fact against the history so far, then adds it; a stream holds only its own kind's facts (refusalOf checks the new one). */
function historyStep(stream: SubjectTimeline): (fact: Fact) => Refusal | undefined {
  if (stream.type === 'worker') {
    const worker = emptyWorker(stream.id);
    return (fact) => {
      const refusal = workerRefusal(worker, fact as WorkerFact);
      if (!refusal) evolveWorker(worker, fact);
      return refusal;
    };
  }
  const child = emptyChild(stream.id);
  return (fact) => {
    const refusal = childRefusal(child, fact as ChildFact);
    if (!refusal) evolveChild(child, fact);
    return refusal;
  };
}

/**
 * The ids of the workers whose timelines `decide` needs in `DecisionContext.workers`
 * for this event (a request, or a proposed fact): empty for most events. The fields
 * are the definition's named workers (the allocated worker, the visitor, the adviser, the manager).
 */
export function namedWorkerIds(event: { type: string; data: object }): string[] {
  const fields = definitionOf(event.type)?.namedWorkers ?? [];
  const data = event.data as Record<string, unknown>;
  return [...new Set(fields.map((field) => String(data[field])))];
}

/** Checks, for the new event only, that every worker it names was employed at its date (a worker still works on their leaving day). */
function checkNamedWorker(event: Fact, context: DecisionContext): Refusal | undefined {
  const data = event.data as Record<string, unknown>;
  for (const field of definitionOf(event.type)?.namedWorkers ?? []) {
    const workerId = String(data[field]);
    const worker = context.workers.get(workerId);
    const status = worker ? workerActiveOn(worker, event.occurredOn) : 'unknown';
    if (status === 'left') return refuse(422, `data.${field}: worker ${workerId} had left before ${event.occurredOn}`);
    if (status === 'unknown') return refuse(422, `data.${field}: worker ${workerId} had not joined on or before ${event.occurredOn}`);
  }
  return undefined;
}

/** A request about to be recorded, as the decider sees it: a fact on its timeline, or a void. */
export function proposedEvent(eventId: string, request: RecordEventRequest, recordedAt: string, seq: number): Fact | VoidCommand {
  const occurredOn = londonDate(request.occurredAt);
  if (request.type === 'EventVoided') return { type: request.type, occurredOn, data: request.data };
  return { eventId, seq, type: request.type, occurredOn, recordedAt, recordedOn: londonDate(recordedAt), data: request.data } as Fact;
}
