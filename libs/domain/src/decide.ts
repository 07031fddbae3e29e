import { londonDate, type IsoDate } from './dates.js';
import type { EventType, RecordEventRequest } from './events/catalogue.js';
import { compareFacts, liveFacts, type Fact, type SubjectTimeline } from './timeline.js';
import { childStep, initialChild, refuseBeforeBirth } from './deciders/child.decider.js';
import { initialWorker, workerActiveOn, workerStep } from './deciders/worker.decider.js';
import { isRefusal, refuse, type Refusal } from './deciders/refusal.js';

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

/**
 * Decides whether a new event may join its subject's stream. The event is placed
 * on the timeline at its own date and the whole timeline is replayed, so an event
 * logged late is checked against what was true then, and cannot make a later
 * event inconsistent. Returns the refusal, or undefined to accept.
 *
 * Dates: one outside DATE_RANGE never gets here (the schema refuses it, 400: the request
 * alone shows it); what depends on the clock (after today) or on the subject's history
 * (before the child's birth month) is refused here, 422.
 */
export function decide(event: Fact | VoidCommand, stream: SubjectTimeline, context: DecisionContext): Refusal | undefined {
  if (event.occurredOn > context.today) {
    return refuse(422, `occurredAt: ${event.occurredOn} is in the future (today is ${context.today})`);
  }
  if (event.type === 'EventVoided') return decideVoid(String(event.data.eventId), stream);
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

function replay(stream: SubjectTimeline, facts: Fact[], newEventId: string | undefined): Refusal | undefined {
  const step = stream.type === 'worker' ? stepAll(initialWorker(stream.id), workerStep) : stepAll(initialChild(stream.id), childStep);
  for (const fact of facts) {
    const refusal = step(fact);
    if (!refusal) continue;
    if (fact.eventId === newEventId) return refusal;
    const later = `would make the ${fact.type} of ${fact.occurredOn} (event ${fact.eventId}) invalid: ${refusal.message}`;
    return newEventId ? refuse(refusal.status, `this event ${later}`) : refuse(refusal.status, later);
  }
  return undefined;
}

function stepAll<S>(initial: S, step: (state: S, fact: Fact) => S | Refusal): (fact: Fact) => Refusal | undefined {
  let state = initial;
  return (fact) => {
    const next = step(state, fact);
    if (isRefusal(next)) return next;
    state = next;
    return undefined;
  };
}

/**
 * The data fields of a child event that name a worker who must be employed at the
 * event's date (a worker still works on their leaving day).
 */
const NAMED_WORKER_FIELDS: Partial<Record<EventType, readonly string[]>> = {
  CaseAllocated: ['workerId'],
  ChildVisited: ['workerId'],
  PersonalAdviserAllocated: ['workerId'],
  ManagementOversightRecorded: ['managerId'],
};

/**
 * The ids of the workers whose timelines `decide` needs in `DecisionContext.workers`
 * for this event (a request, or a proposed fact): empty for most events.
 */
export function namedWorkerIds(event: { type: string; data: object }): string[] {
  const fields = NAMED_WORKER_FIELDS[event.type as EventType] ?? [];
  const data = event.data as Record<string, unknown>;
  return [...new Set(fields.map((field) => String(data[field])))];
}

/** Checks, for the new event only, that every worker it names was employed at its date. */
function checkNamedWorker(event: Fact, context: DecisionContext): Refusal | undefined {
  for (const field of NAMED_WORKER_FIELDS[event.type] ?? []) {
    const workerId = String(event.data[field]);
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
  return { eventId, seq, type: request.type, occurredOn, recordedAt, recordedOn: londonDate(recordedAt), data: request.data };
}
