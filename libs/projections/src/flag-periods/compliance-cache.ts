import { DATE_RANGE, type ComplianceSummary, type IsoDate } from '@app/domain';
import type { EntityManager } from 'typeorm';
import { erasureCount } from '../read-model/erasure-count.js';
import { complianceCounts } from './flag-queries.js';

/** A summary kept: on which date, as known on which day (today's belief without one). */
interface Kept {
  date: IsoDate;
  knownAt?: IsoDate;
  summary: ComplianceSummary;
}

/** A batch's change to the flag periods (flag_period_changes): from which as-of date, in the belief of which recording day. */
export interface FlagPeriodChange {
  changedFrom: IsoDate;
  knownOn: IsoDate;
}

/** A change to every period in every belief: a reset of the read model. */
export const EVERYTHING_CHANGED: FlagPeriodChange = { changedFrom: DATE_RANGE.from, knownOn: DATE_RANGE.from };

/** Writes what a batch changed, for the readers keeping summaries (ComplianceCache), and forgets the oldest entries of the log. */
export async function logFlagPeriodChanges(tx: EntityManager, changes: FlagPeriodChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx
    .createQueryBuilder()
    .insert()
    .into('flag_period_changes', ['changed_from', 'known_on'])
    .values(changes.map((c) => ({ changed_from: c.changedFrom, known_on: c.knownOn })))
    .execute();
  const [{ last }] = (await tx.query('SELECT MAX(id) AS last FROM flag_period_changes')) as { last: string | number }[];
  await tx
    .createQueryBuilder()
    .delete()
    .from('flag_period_changes')
    .where('id <= :old', { old: Number(last) - LOG_KEPT })
    .execute();
}

/** Log entries kept: a reader further behind than this many forgets everything it kept. */
const LOG_KEPT = 10_000;

/**
 * Compliance summaries already counted, kept by a process between reads and checked in
 * each read's transaction against the log of what the projection changed since: a change
 * from date M, known on day K, can alter the summaries on M or later in today's belief and
 * in the beliefs of K or later, and no other; an erasure alters them all. So every process
 * answers what the rows say, and a dashboard after a new event counts today again rather
 * than its whole twelve months. The log is read before counting: a batch committed in
 * between is only counted twice, never missed (PostgreSQL reads each statement afresh).
 */
export class ComplianceCache {
  private readonly kept = new Map<string, Kept>();
  private lastChange = 0;
  private erasures?: string;

  constructor(private readonly capacity = 5000) {}

  /** The compliance summary on each of `dates` as known on `knownAt`, of one team's assessments or all (as complianceCounts). */
  async summaries(tx: EntityManager, dates: IsoDate[], knownAt: IsoDate | undefined, teamId: string | undefined): Promise<Map<IsoDate, ComplianceSummary>> {
    await this.forgetChanged(tx);
    const key = (date: IsoDate) => `${knownAt ?? ''}|${teamId ?? ''}|${date}`;
    const counted = await complianceCounts(
      tx,
      [...new Set(dates)].filter((d) => !this.kept.has(key(d))),
      knownAt,
      teamId,
    );
    for (const [date, summary] of counted) this.keep(key(date), { date, ...(knownAt ? { knownAt } : {}), summary });
    return new Map(dates.map((d) => [d, counted.get(d) ?? this.kept.get(key(d))!.summary]));
  }

  private async forgetChanged(tx: EntityManager): Promise<void> {
    const erasures = await erasureCount(tx);
    if (erasures !== this.erasures || this.kept.size === 0) return this.forgetAll(tx, erasures);
    const changes = (await tx
      .createQueryBuilder()
      .select(['c.id AS id', 'c.changed_from AS changed_from', 'c.known_on AS known_on'])
      .from('flag_period_changes', 'c')
      .where('c.id > :after', { after: this.lastChange })
      .orderBy('c.id')
      .getRawMany()) as { id: string | number; changed_from: IsoDate; known_on: IsoDate }[];
    // A gap: entries this process never saw were dropped from the log (or a write failed): start afresh.
    if (changes.length > 0 && Number(changes[0].id) !== this.lastChange + 1) return this.forgetAll(tx, this.erasures);
    for (const change of changes) {
      for (const [key, kept] of this.kept) if (kept.date >= change.changed_from && (!kept.knownAt || kept.knownAt >= change.known_on)) this.kept.delete(key);
      this.lastChange = Number(change.id);
    }
  }

  private async forgetAll(tx: EntityManager, erasures: string | undefined): Promise<void> {
    this.kept.clear();
    this.erasures = erasures;
    const [row] = (await tx.query('SELECT MAX(id) AS last FROM flag_period_changes')) as { last: string | number | null }[];
    this.lastChange = Number(row?.last ?? 0);
  }

  private keep(key: string, kept: Kept): void {
    this.kept.set(key, kept);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.capacity) return;
      this.kept.delete(oldest);
    }
  }
}
