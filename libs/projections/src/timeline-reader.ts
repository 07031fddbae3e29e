import type { SubjectTimeline } from '@app/domain';
import type { GlobalPosition } from '@app/event-store';
import { MoreThan, type DataSource } from 'typeorm';
import { EMPTY_CHECKPOINT, loadCheckpoint, type Checkpoint } from './checkpoints.js';
import { SubjectTimelineEntity } from './read-model/entities.js';
import { fromRow, type SubjectTimelineProjection } from './subject-timeline.projection.js';

/**
 * Rows read (and parsed) between two turns of the event loop: a whole authority's
 * first load is thousands of rows, which in one go held the loop for a few hundred ms.
 */
const PAGE = 250;

/**
 * The query side's copy of the subject timelines: loaded once, then refreshed with
 * only the rows changed since (by the batch that wrote them), so a query costs an
 * in-memory evaluation, not a scan of the database.
 */
export class TimelineReader {
  private timelines = new Map<string, SubjectTimeline>();
  private projected: Checkpoint = EMPTY_CHECKPOINT;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly projectionName: SubjectTimelineProjection['name'] = 'subject-timelines',
  ) {}

  /** The checkpoint the copy reflects: a cache key for anything computed from it. */
  get position(): GlobalPosition {
    return this.projected.position;
  }

  all(): Iterable<SubjectTimeline> {
    return this.timelines.values();
  }

  get(type: SubjectTimeline['type'], id: string): SubjectTimeline | undefined {
    return this.timelines.get(`${type}:${id}`);
  }

  /**
   * Drops a subject whose row was deleted (an erasure): refreshes only add changed
   * rows, so they would never notice it is gone.
   */
  forget(type: SubjectTimeline['type'], id: string): void {
    this.timelines.delete(`${type}:${id}`);
  }

  /**
   * Reads the rows changed since the last refresh, and the checkpoint, from one
   * snapshot. Reads run one at a time (one connection, one transaction), each
   * starting after its caller asked, so no caller gets a snapshot older than its call.
   */
  refresh(): Promise<void> {
    const next = this.queue.then(() => this.read());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Pages through the changed rows (by key, within the one transaction), giving the
   * event loop back between pages, and applies them all at once at the end: a query
   * never sees half a refresh.
   */
  private async read(): Promise<void> {
    await this.db.transaction(async (tx) => {
      const checkpoint = await loadCheckpoint(tx, this.projectionName);
      if (checkpoint.batches === this.projected.batches && checkpoint.position === this.projected.position) return;
      const rebuilding = checkpoint.position < this.projected.position; // the projection is being rebuilt: start again
      const since = String(rebuilding ? EMPTY_CHECKPOINT.batches : this.projected.batches);
      const changed: [key: string, timeline: SubjectTimeline][] = [];
      for (let after = ''; ;) {
        const rows = await tx.find(SubjectTimelineEntity, { where: { batch: MoreThan(since), subjectKey: MoreThan(after) }, order: { subjectKey: 'ASC' }, take: PAGE });
        for (const row of rows) changed.push([row.subjectKey, fromRow(row)]);
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1].subjectKey;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (rebuilding) this.reset();
      for (const [key, timeline] of changed) this.timelines.set(key, timeline);
      this.projected = checkpoint;
    });
  }

  private reset(): void {
    this.timelines.clear();
    this.projected = EMPTY_CHECKPOINT;
  }
}
