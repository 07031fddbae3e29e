import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';

/** A read model fed from the global order. The runner calls it inside the transaction that also saves its checkpoint. */
export interface Projection {
  readonly name: string;
  /** Applies a batch of events (in global order), numbered `batch`: one statement per batch, not one write per event. */
  apply(events: StoredEvent[], tx: EntityManager, batch: number): Promise<void>;
  /** Deletes every row, before a rebuild from zero. */
  reset(tx: EntityManager): Promise<void>;
  /** Drops in-memory state that a failed transaction may have left ahead of the database. */
  invalidate(): void;
  /**
   * What the rows are derived under besides the events (e.g. the LA's policy). When the
   * version saved with the checkpoint differs, the runner resets the projection and
   * projects it again from the first event.
   */
  readonly version?: string;
}
