import { recordOnTimeline, subjectOfStream, type SubjectTimeline } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { In, type EntityManager } from 'typeorm';
import type { Projection } from './projection.js';
import { SubjectTimelineEntity, type SubjectTimelineRow } from './read-model/entities.js';

const CHUNK = 400; // rows per statement: 5 parameters each stays far below SQLite's and PostgreSQL's limits

/**
 * How many timelines are kept in memory between reads, the most recently used: enough
 * for the largest neighbourhood a derivation reads (a team's children and workers) many
 * times over, far fewer than a region's (whose every timeline would not fit in one process).
 */
const KEPT_TIMELINES = 5000;

export const subjectKey = (type: string, id: string) => `${type}:${id}`;

/**
 * The subject-timeline read model: one row per worker and child holding its facts
 * in occurredAt order, with voids applied. Every drift rule is evaluated from these
 * rows, for any as-of and known-at date.
 */
export class SubjectTimelineProjection implements Projection {
  readonly name = 'subject-timelines';
  /** Rows as last written, least recently used first; valid because one runner at a time writes them. */
  private cache = new Map<string, SubjectTimeline>();

  constructor(private readonly kept = KEPT_TIMELINES) {}

  async apply(events: StoredEvent[], tx: EntityManager, batch: number): Promise<void> {
    const touched = new Map<string, SubjectTimeline>();
    // An erased subject's events carry no data: recording them would bring it back as empty facts.
    const live = events.filter((event) => !event.erased);
    await this.load(live, tx);
    for (const event of live) {
      const subject = subjectOfStream(event.streamId);
      const key = subjectKey(subject.type, subject.id);
      const timeline = this.cache.get(key) ?? { ...subject, facts: [] };
      this.used(key, timeline);
      recordOnTimeline(timeline, { ...event, recordedAt: event.metadata.recordedAt });
      touched.set(key, timeline);
    }
    await this.save([...touched.entries()], tx, batch);
    this.keepRecent();
  }

  async reset(tx: EntityManager): Promise<void> {
    this.cache.clear();
    await tx.createQueryBuilder().delete().from(SubjectTimelineEntity).execute();
  }

  invalidate(): void {
    this.cache.clear();
  }

  /** The timelines of these subjects (`child:C-1`) that have one, as last written. */
  async timelinesOf(keys: string[], tx: EntityManager): Promise<SubjectTimeline[]> {
    await this.loadKeys(keys, tx);
    const found = keys.flatMap((k) => this.cache.get(k) ?? []);
    for (const t of found) this.used(subjectKey(t.type, t.id), t);
    this.keepRecent();
    return found;
  }

  private used(key: string, timeline: SubjectTimeline): void {
    this.cache.delete(key);
    this.cache.set(key, timeline);
  }

  /** Forgets the least recently used timelines beyond those kept (read again from their rows when next needed). */
  private keepRecent(): void {
    for (const key of this.cache.keys()) {
      if (this.cache.size <= this.kept) return;
      this.cache.delete(key);
    }
  }

  private async load(events: StoredEvent[], tx: EntityManager): Promise<void> {
    const keys = [...new Set(events.map((e) => e.streamId))].map((s) => subjectOfStream(s)).map((s) => subjectKey(s.type, s.id));
    await this.loadKeys(keys, tx);
  }

  private async loadKeys(keys: string[], tx: EntityManager): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.cache.has(k));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows = await tx.find(SubjectTimelineEntity, { where: { subjectKey: In(missing.slice(i, i + CHUNK)) } });
      for (const row of rows) this.cache.set(row.subjectKey, fromRow(row));
    }
  }

  private async save(entries: [string, SubjectTimeline][], tx: EntityManager, batch: number): Promise<void> {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const rows: SubjectTimelineRow[] = entries.slice(i, i + CHUNK).map(([key, timeline]) => ({
        subjectKey: key,
        subjectType: timeline.type,
        subjectId: timeline.id,
        facts: JSON.stringify(timeline.facts),
        batch: String(batch),
      }));
      await tx.createQueryBuilder().insert().into(SubjectTimelineEntity).values(rows).orUpdate(['facts', 'batch'], ['subject_key']).execute();
    }
  }
}

export function fromRow(row: Pick<SubjectTimelineRow, 'subjectType' | 'subjectId' | 'facts'>): SubjectTimeline {
  return { type: row.subjectType as SubjectTimeline['type'], id: row.subjectId, facts: JSON.parse(row.facts) };
}
