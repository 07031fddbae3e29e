import { GoneException, Inject, NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { childStream, timelineOf, workerStream, type Flag } from '@app/domain';
import type { EventStore, StoredEvent } from '@app/event-store';
import { eventsInScope, flagsInScope, refuseUnseenSubject } from '../auth/team-scope.js';
import { Clock, FlagReads, viewAsked, EVENT_STORE } from '@app/composition';
import { GetSubjectHistoryQuery } from './subject-history.query.js';

export interface SubjectEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  recordedAt: string;
  recordedBy: string;
  /** The request it came in (X-Correlation-Id, or one the server made). */
  correlationId: string;
  position: string;
  /** Set when a later EventVoided withdrew this event: both stay in the trail. */
  voided?: { by: string; reason: string; recordedAt: string };
}

export interface SubjectHistory {
  subject: { type: 'child' | 'worker'; id: string };
  asOf: string;
  knownAt?: string;
  events: SubjectEvent[];
  flags: Flag[];
}

/**
 * One child's or worker's recorded events, in the order recorded, with voids marked, and
 * their flags. A manager bound to a team gets only the events of the times the subject
 * belonged to their team and only their team's flags (auth/team-scope.ts), for every
 * asOf and knownAt: 403 when the subject had no time in their team by asOf (as known
 * at knownAt).
 */
@QueryHandler(GetSubjectHistoryQuery)
export class GetSubjectHistoryHandler implements IQueryHandler<GetSubjectHistoryQuery, SubjectHistory> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reads: FlagReads,
    private readonly clock: Clock,
  ) {}

  async execute({ subject, query, principal }: GetSubjectHistoryQuery): Promise<SubjectHistory> {
    // Before anything is read: a bad view is the caller's error whatever the subject.
    const view = viewAsked(query, this.clock);
    const stored = await this.store.readStream(subject.type === 'child' ? childStream(subject.id) : workerStream(subject.id));
    const name = `id: this ${subject.type}`;
    // The reference is not repeated: the caller has it, and an error answer quotes nothing it was sent.
    if (stored.length === 0)
      refuseUnseenSubject(principal, name, () => new NotFoundException({ statusCode: 404, error: 'Not Found', message: [`id: no ${subject.type} with this reference is recorded`] }));
    if (stored.some((e) => e.erased)) refuseUnseenSubject(principal, name, () => new GoneException({ statusCode: 410, error: 'Gone', message: [`id: this ${subject.type}'s records were erased`] }));
    const timeline = timelineOf(
      subject.type,
      subject.id,
      stored.map((e) => ({ ...e, recordedAt: e.metadata.recordedAt })),
    );
    const shown = eventsInScope(principal, name, timeline, view);
    const flags = await this.flagsOf(subject, view);
    const events = withVoidsMarked(stored).filter((e) => !shown || shown.has(e.eventId));
    return { subject, ...view, events, flags: flagsInScope(principal, flags) };
  }

  /** The subject's own flags (a worker filter also finds their children's: at most a caseload's, dropped here). */
  private async flagsOf(subject: { type: 'child' | 'worker'; id: string }, view: { asOf: string; knownAt?: string }): Promise<Flag[]> {
    const filter = subject.type === 'child' ? { childId: subject.id } : { workerId: subject.id };
    const { flags } = await this.reads.flags(view, filter, { limit: SUBJECT_FLAGS });
    return flags.filter((f) => f.subject.type === subject.type && f.subject.id === subject.id);
  }
}

/** Every flag one worker's caseload can have: every rule for every child (a caseload is tens of children). */
const SUBJECT_FLAGS = 100_000;

function withVoidsMarked(stored: StoredEvent[]): SubjectEvent[] {
  const voids = new Map(stored.filter((e) => e.type === 'EventVoided').map((e) => [String(e.data.eventId), { by: e.eventId, reason: String(e.data.reason), recordedAt: e.metadata.recordedAt }]));
  return stored.map((e) => ({
    eventId: e.eventId,
    type: e.type,
    occurredAt: e.occurredAt,
    data: e.data,
    recordedAt: e.metadata.recordedAt,
    recordedBy: e.metadata.recordedBy,
    correlationId: e.metadata.correlationId,
    position: e.position.toString(),
    ...(voids.has(e.eventId) ? { voided: voids.get(e.eventId)! } : {}),
  }));
}
