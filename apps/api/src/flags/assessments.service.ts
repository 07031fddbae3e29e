import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { evaluate, todayInLondon, type Assessment, type IsoDate, type View } from '@app/domain';
import { type EventStore } from '@app/event-store';
import { ProjectionRunner, TimelineReader } from '@app/projections';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, EVENT_STORE } from '../store/tokens.js';

const CACHE_SIZE = 64;
/** How long a read waits for the projections to include the events already stored. */
const CATCH_UP_MS = 5000;

/**
 * Every rule evaluated over the subject timelines for a view. Results are cached by
 * (projection position, asOf, knownAt): a new event moves the position, and a new
 * day is a new asOf, so nothing stale is ever served.
 */
@Injectable()
export class AssessmentsService {
  private cache = new Map<string, Assessment[]>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly reader: TimelineReader,
  ) {}

  async assessments(view: View): Promise<Assessment[]> {
    return (await this.assessmentsOn([view]))[0];
  }

  /** Several views of the same history (a dashboard's series): caught up and refreshed once, each view evaluated or taken from the cache. */
  async assessmentsOn(views: View[]): Promise<Assessment[][]> {
    await this.catchUp();
    await this.reader.refresh();
    return views.map((view) => this.evaluated(view));
  }

  private evaluated(view: View): Assessment[] {
    const key = `${this.reader.position}|${view.asOf}|${view.knownAt ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const result = evaluate(this.reader.all(), this.config.policy, view);
    this.remember(key, result);
    return result;
  }

  /** Forgets every cached evaluation: an erasure changes them without moving the projection's position. */
  invalidate(): void {
    this.cache.clear();
  }

  /** Read-your-writes: an event answered 201 shows in the next read (when projections run here). */
  private async catchUp(): Promise<void> {
    if (!this.config.projections) return;
    await this.runner.waitFor(await this.store.headPosition(), CATCH_UP_MS);
  }

  private remember(key: string, value: Assessment[]): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, value);
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
  const today = todayInLondon(clock.now());
  if (query.knownAt && query.knownAt > today) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['knownAt: must not be in the future'] });
  }
  return { asOf: query.asOf ?? today, ...(query.knownAt ? { knownAt: query.knownAt } : {}) };
}
