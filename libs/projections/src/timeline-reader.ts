import type { SubjectTimeline } from '@app/domain';
import type { GlobalPosition } from '@app/event-store';
import { MoreThan, type DataSource } from 'typeorm';
import { EMPTY_CHECKPOINT, loadCheckpoint, type Checkpoint } from './checkpoints.js';
import { SubjectTimelineEntity } from './read-model/entities.js';
import { fromRow, type SubjectTimelineProjection } from './subject-timeline.projection.js';

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

  private async read(): Promise<void> {
    await this.db.transaction(async (tx) => {
      const checkpoint = await loadCheckpoint(tx, this.projectionName);
      if (checkpoint.batches === this.projected.batches && checkpoint.position === this.projected.position) return;
      if (checkpoint.position < this.projected.position) this.reset(); // the projection is being rebuilt: start again
      const rows = await tx.find(SubjectTimelineEntity, { where: { batch: MoreThan(String(this.projected.batches)) } });
      for (const row of rows) this.timelines.set(row.subjectKey, fromRow(row));
      this.projected = checkpoint;
    });
  }

  private reset(): void {
    this.timelines.clear();
    this.projected = EMPTY_CHECKPOINT;
  }
}
