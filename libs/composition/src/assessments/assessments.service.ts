import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { assessmentsAt, todayInLondon, viewOn, workingDaysBetween, type Assessment, type IsoDate, type View } from '@app/domain';
import { type EventStore } from '@app/event-store';
import { periodsAt, ProjectionRunner } from '@app/projections';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, EVENT_STORE, READ_MODEL_READER } from '../tokens.js';

/** How long a read waits for the projections to include the events already stored. */
const CATCH_UP_MS = 5000;

/**
 * Every rule's assessments for a view, read from the flag read model: the periods in
 * force on the as-of date as believed on the known-at date, with what only counts days
 * (days overdue, a working-day clock) worked out for the as-of date. Nothing is
 * evaluated or cached here: every API process answers from the same rows, and an
 * erasure (which removes the child's periods) is gone from all of them at once.
 */
@Injectable()
export class AssessmentsService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_READER) private readonly db: DataSource,
    private readonly runner: ProjectionRunner,
  ) {}

  /** The calendar reads its bank holidays on first use (tens of milliseconds in one go): at startup, not inside a request. */
  onModuleInit(): void {
    workingDaysBetween('2000-01-01', '2000-01-02');
  }

  async assessments(view: View): Promise<Assessment[]> {
    return (await this.assessmentsOn([view]))[0];
  }

  /** Several views of the same history (a dashboard's series), caught up once. */
  async assessmentsOn(views: View[]): Promise<Assessment[][]> {
    await this.catchUp();
    const results: Assessment[][] = [];
    for (const view of views) results.push(assessmentsAt(await periodsAt(this.db.manager, view), view.asOf));
    return results;
  }

  /** Read-your-writes: an event answered 201 shows in the next read (when projections run here). */
  private async catchUp(): Promise<void> {
    if (!this.config.projections) return;
    await this.runner.waitFor(await this.store.headPosition(), CATCH_UP_MS);
  }
}

/**
 * The view a read asks about: every read that takes `asOf` and `knownAt` (the API's and
 * the dashboard pages', through the query handlers) gets its view here and nowhere else,
 * so they all follow one rule. `asOf` defaults to today in England by the injected clock.
 * `knownAt` asks what had been recorded by a date: a date after today has no answer yet.
 * (Both are already in DATE_RANGE: the query schemas use `calendarDate`.)
 */
export function viewAsked(query: { asOf?: IsoDate; knownAt?: IsoDate }, clock: Clock): View {
  return viewOn(query, todayInLondon(clock.now()));
}
