import { setImmediate } from 'node:timers/promises';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { assessmentOf, todayInLondon, viewOn, workingDaysBetween, type Assessment, type ComplianceSummary, type IsoDate, type View } from '@app/domain';
import { type EventStore } from '@app/event-store';
import {
  ComplianceCache,
  complianceByTeam,
  flagCountsByWorker,
  flagsPage,
  periodsAt,
  ProjectionRunner,
  upcomingFlags,
  type FlagFilters,
  type FlagsFound,
  type PageRequest,
  type WorkerFlagCounts,
} from '@app/projections';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, EVENT_STORE, READ_MODEL_READER } from '../tokens.js';

/** How long a read waits for the projections to include the events already stored. */
const CATCH_UP_MS = 5000;

/**
 * The flags and compliance figures, read from the flag read model: filtered, counted,
 * ordered and paged by the database, so a read costs a page, not the authority's
 * history. Nothing is evaluated here: every API process answers from the same rows, and
 * an erasure (which removes the child's periods) is gone from all at once. Each read's
 * count and page come from one transaction, so they agree. Compliance summaries already
 * counted are kept, checked in each read against what the projection changed since.
 */
@Injectable()
export class FlagReads implements OnModuleInit {
  private readonly counted = new ComplianceCache();

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

  /** The flags of a view matching `filters`, a page after `page.after` (a sort key). */
  async flags(view: View, filters: FlagFilters, page: PageRequest): Promise<FlagsFound> {
    await this.catchUp();
    return this.db.transaction((tx) => flagsPage(tx, view, filters, page));
  }

  /** The flags that fall due in the `within` days after `today` if nothing else is recorded. */
  async upcoming(today: IsoDate, within: number, filters: FlagFilters, page: PageRequest): Promise<FlagsFound> {
    await this.catchUp();
    return this.db.transaction((tx) => upcomingFlags(tx, today, within, filters, page));
  }

  /** Who is in one rule's scope on a view, in one team or all, flagged or not (a team's caseloads, its case-holding workers); with `workerId`, the worker and the children allocated to them. */
  async inScope(view: View, filters: { rule: string; teamId?: string; workerId?: string }): Promise<Assessment[]> {
    await this.catchUp();
    const periods = await this.db.transaction((tx) => periodsAt(tx, view, filters));
    return periods.map((p) => assessmentOf(p, view.asOf));
  }

  /** Per worker of one team, the flags of a view: their own, their allocated children's, and how many are red. */
  async flagCountsByWorker(view: View, teamId: string): Promise<WorkerFlagCounts[]> {
    await this.catchUp();
    return this.db.transaction((tx) => flagCountsByWorker(tx, view, teamId));
  }

  /** The compliance summary on each of `dates` as known on `knownAt`, of one team's assessments or all. */
  async compliance(dates: IsoDate[], knownAt: IsoDate | undefined, teamId: string | undefined): Promise<Map<IsoDate, ComplianceSummary>> {
    await this.catchUp();
    return this.db.transaction((tx) => this.counted.summaries(tx, dates, knownAt, teamId));
  }

  /** Each team's compliance summary on each of `dates` as known on `knownAt` (as `compliance` for the team), counted in one read. */
  async complianceByTeam(dates: IsoDate[], knownAt: IsoDate | undefined): Promise<Map<string, Map<IsoDate, ComplianceSummary>>> {
    await this.catchUp();
    return this.db.transaction((tx) => complianceByTeam(tx, dates, knownAt));
  }

  /**
   * Read-your-writes: an event answered 201 shows in the next read (when projections run
   * here). First a turn of the event loop: the embedded store reads synchronously, so a
   * request's reads chained one after another would otherwise hold the loop for them all.
   */
  private async catchUp(): Promise<void> {
    await setImmediate();
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
