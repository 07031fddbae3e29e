import { GoneException, Inject, NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { childStream, flagsOf, teamOfSubject, timelineOf, todayInLondon, workerStream, type Flag } from '@app/domain';
import type { EventStore, StoredEvent } from '@app/event-store';
import { assertInTeam } from '../auth/team-scope.js';
import { Clock } from '../clock.js';
import { AssessmentsService } from '../flags/assessments.service.js';
import { EVENT_STORE } from '../store/tokens.js';
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

/** One child's or worker's recorded events, in the order recorded, with voids marked, and their flags. */
@QueryHandler(GetSubjectHistoryQuery)
export class GetSubjectHistoryHandler implements IQueryHandler<GetSubjectHistoryQuery, SubjectHistory> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly assessments: AssessmentsService,
    private readonly clock: Clock,
  ) {}

  async execute({ subject, query, principal }: GetSubjectHistoryQuery): Promise<SubjectHistory> {
    const stored = await this.store.readStream(subject.type === 'child' ? childStream(subject.id) : workerStream(subject.id));
    // The reference is not repeated: the caller has it, and an error answer quotes nothing it was sent.
    if (stored.length === 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: [`id: no ${subject.type} with this reference is recorded`] });
    if (stored.some((e) => e.erased)) throw new GoneException({ statusCode: 410, error: 'Gone', message: [`id: this ${subject.type}'s records were erased`] });
    const asOf = query.asOf ?? todayInLondon(this.clock.now());
    const view = { asOf, ...(query.knownAt ? { knownAt: query.knownAt } : {}) };
    const timeline = timelineOf(subject.type, subject.id, stored.map((e) => ({ ...e, recordedAt: e.metadata.recordedAt })));
    assertInTeam(principal, `${subject.type} ${subject.id}`, teamOfSubject(timeline, view));
    const flags = flagsOf(await this.assessments.assessments({ asOf, knownAt: query.knownAt })).filter(
      (f) => f.subject.type === subject.type && f.subject.id === subject.id,
    );
    return { subject, asOf, ...(query.knownAt ? { knownAt: query.knownAt } : {}), events: withVoidsMarked(stored), flags };
  }
}

function withVoidsMarked(stored: StoredEvent[]): SubjectEvent[] {
  const voids = new Map(
    stored.filter((e) => e.type === 'EventVoided').map((e) => [String(e.data.eventId), { by: e.eventId, reason: String(e.data.reason), recordedAt: e.metadata.recordedAt }]),
  );
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
