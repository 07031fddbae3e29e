import { londonDate, type IsoDate } from './dates.js';
import type { EventData, EventType } from './events/catalogue.js';

/**
 * A subject's timeline: the facts the business rules and drift rules need, kept in
 * the order practice happened (occurredAt, then the order recorded), never arrival order alone.
 * Voided facts stay, marked, so bitemporal questions ("what did we know on K?")
 * can still see them before the void was recorded.
 */
interface FactFields {
  eventId: string;
  /** Arrival order within the subject's stream (its stream version): breaks ties between same-day facts. */
  seq: number;
  occurredOn: IsoDate;
  /** Server time the event was stored (ISO date-time) and its London date. */
  recordedAt: string;
  recordedOn: IsoDate;
  voided?: { by: string; recordedOn: IsoDate };
}

/** Every event type but the void, which marks a fact instead of being one. */
export type FactType = Exclude<EventType, 'EventVoided'>;

/** A fact of one type, its data typed by the catalogue's schema. */
export type FactOf<T extends FactType> = T extends FactType ? FactFields & { type: T; data: EventData<T> } : never;

/** Any fact: a union on `type`, so narrowing the type narrows the data. */
export type Fact = FactOf<FactType>;

export type SubjectType = 'worker' | 'child';

export interface SubjectTimeline {
  type: SubjectType;
  id: string;
  facts: Fact[];
}

/** Practice order: by date, then as recorded (stream order), never by arrival alone. */
export function compareFacts(a: Fact, b: Fact): number {
  if (a.occurredOn !== b.occurredOn) return a.occurredOn < b.occurredOn ? -1 : 1;
  return a.seq - b.seq;
}

/** Inserts a fact in order (facts mostly arrive in order, so search from the end). */
export function insertFact(facts: Fact[], fact: Fact): void {
  let i = facts.length;
  while (i > 0 && compareFacts(facts[i - 1], fact) > 0) i--;
  facts.splice(i, 0, fact);
}

/** Marks a fact voided; false when the timeline has no such (unvoided) fact. */
export function voidFact(facts: Fact[], eventId: string, by: string, recordedOn: IsoDate): boolean {
  const target = facts.find((f) => f.eventId === eventId);
  if (!target || target.voided) return false;
  target.voided = { by, recordedOn };
  return true;
}

/** What counted as of `asOf`, as known on `knownAt`: occurred by asOf, recorded by knownAt, not voided by then. */
export interface View {
  asOf: IsoDate;
  knownAt?: IsoDate;
}

export function isVisible(fact: Fact, view: View): boolean {
  if (fact.occurredOn > view.asOf) return false;
  if (view.knownAt === undefined) return !fact.voided;
  if (fact.recordedOn > view.knownAt) return false;
  return !fact.voided || fact.voided.recordedOn > view.knownAt;
}

export function visibleFacts(timeline: SubjectTimeline, view: View): Fact[] {
  return timeline.facts.filter((f) => isVisible(f, view));
}

/** Facts still in force today (not voided), whatever their date: what the deciders check against. */
export function liveFacts(timeline: SubjectTimeline): Fact[] {
  return timeline.facts.filter((f) => !f.voided);
}

/** The part of a stored event the domain reads. */
export interface RecordedEvent {
  eventId: string;
  streamVersion: number;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  recordedAt: string;
}

/**
 * Adds one recorded event of this subject's stream to its timeline: a fact, or a
 * void of an earlier fact. Returns false when a void names nothing voidable
 * (the decider refuses those, so a stored stream never has one).
 */
export function recordOnTimeline(timeline: SubjectTimeline, event: RecordedEvent): boolean {
  const recordedOn = londonDate(event.recordedAt);
  if (event.type === 'EventVoided') {
    return voidFact(timeline.facts, String(event.data.eventId), event.eventId, recordedOn);
  }
  // The store holds only what the catalogue's schema accepted (upcast on read), so the data has its type's shape.
  insertFact(timeline.facts, {
    eventId: event.eventId,
    seq: event.streamVersion,
    type: event.type,
    occurredOn: londonDate(event.occurredAt),
    recordedAt: event.recordedAt,
    recordedOn,
    data: event.data,
  } as Fact);
  return true;
}

export function timelineOf(type: SubjectType, id: string, events: RecordedEvent[]): SubjectTimeline {
  const timeline: SubjectTimeline = { type, id, facts: [] };
  for (const e of events) recordOnTimeline(timeline, e);
  return timeline;
}

/**
 * A copy that `recordOnTimeline` can change without changing the original: facts are copied too, since a void
 * marks its target fact in place. Their data is shared: nothing changes it.
 */
export function copyTimeline(timeline: SubjectTimeline): SubjectTimeline {
  return { type: timeline.type, id: timeline.id, facts: timeline.facts.map((fact) => ({ ...fact })) };
}
