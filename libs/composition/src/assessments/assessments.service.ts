import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { evaluateInSlices, todayInLondon, viewOn, workingDaysBetween, type Assessment, type IsoDate, type View } from '@app/domain';
import { type EventStore } from '@app/event-store';
import { ProjectionRunner, TimelineReader } from '@app/projections';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, EVENT_STORE } from '../tokens.js';
import { SLICE_BUDGET_MS, yieldingEvery } from './yielding-pause.js';

const CACHE_SIZE = 64;
/** How long a read waits for the projections to include the events already stored. */
const CATCH_UP_MS = 5000;

/**
 * Every rule evaluated over the subject timelines for a view. Results are cached by
 * (projection position, asOf, knownAt): a new event moves the position, and a new
 * day is a new asOf, so nothing stale is ever served. An evaluation runs in slices
 * that give the event loop back, and requests for a view being evaluated wait for
 * that evaluation rather than starting their own.
 */
@Injectable()
export class AssessmentsService implements OnModuleInit {
  private cache = new Map<string, Assessment[]>();
  private running = new Map<string, Promise<Assessment[]>>();
  /**
   * Evaluations take turns, one at a time: they are all CPU on the one thread, so
   * running several at once finishes none sooner, and each turn of the event loop
   * would wait for a slice of every one of them.
   */
  private turns: Promise<unknown> = Promise.resolve();
  /** Moves on at each invalidation, so that an evaluation begun before an erasure is not cached after it. */
  private generation = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly reader: TimelineReader,
  ) {}

  /** The calendar reads its bank holidays on first use (tens of milliseconds in one go): at startup, not inside a request. */
  onModuleInit(): void {
    workingDaysBetween('2000-01-01', '2000-01-02');
  }

  async assessments(view: View): Promise<Assessment[]> {
    return (await this.assessmentsOn([view]))[0];
  }

  /** Several views of the same history (a dashboard's series): caught up and refreshed once, each view evaluated or taken from the cache. */
  async assessmentsOn(views: View[]): Promise<Assessment[][]> {
    await this.catchUp();
    await this.reader.refresh();
    const results: Assessment[][] = [];
    for (const view of views) results.push(await this.evaluated(view)); // one at a time: a series need not hold twelve worlds at once
    return results;
  }

  private evaluated(view: View): Promise<Assessment[]> {
    const key = `${this.reader.position}|${view.asOf}|${view.knownAt ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return Promise.resolve(cached);
    let running = this.running.get(key);
    if (!running) {
      running = this.evaluate(key, view);
      this.running.set(key, running);
    }
    return running;
  }

  /** Evaluates the timelines as they are now, at the position in `key`, when its turn comes. */
  private async evaluate(key: string, view: View): Promise<Assessment[]> {
    const generation = this.generation;
    const timelines = [...this.reader.all()]; // a later refresh replaces timelines in the reader, never in this copy
    try {
      const turn = this.turns.then(() => evaluateInSlices(timelines, this.config.policy, view, yieldingEvery(SLICE_BUDGET_MS)));
      this.turns = turn.catch(() => undefined);
      const result = await turn;
      if (generation === this.generation) this.remember(key, result);
      return result;
    } finally {
      if (generation === this.generation) this.running.delete(key);
    }
  }

  /** Forgets every cached evaluation: an erasure changes them without moving the projection's position. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
    this.running.clear();
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
  return viewOn(query, todayInLondon(clock.now()));
}
