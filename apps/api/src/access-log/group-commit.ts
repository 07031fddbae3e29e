import { StoreUnavailableError } from '@app/event-store';

interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Writes items in shared transactions: each caller waits for the commit of the
 * transaction its item went into, and gets that commit's error if it failed (all
 * of its items failed with it: a transaction is whole or nothing). One commit at a
 * time: what is added meanwhile goes into the next, so under load many requests
 * share one commit, and a lone request waits for nothing but its own. No timer: the
 * callers wait for the commit, so a delay to gather more would be added to each of them.
 */
export class GroupCommit<T> {
  private queue: Waiting<T>[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    /** Items per transaction at most: bounds one transaction's size, not how long an item waits. */
    private readonly maxItems: number,
  ) {}

  /** Resolves once the item is committed; rejects with the commit's error, or at once when closed. */
  add(item: T): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('closing'));
    const committed = new Promise<void>((resolve, reject) => this.queue.push({ item, resolve, reject }));
    this.draining ??= this.drain();
    return committed;
  }

  /** Refuses new items and waits for those already added to be committed (or to fail). */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
  }

  private async drain(): Promise<void> {
    // The callers finishing in this turn of the event loop join the first transaction.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.maxItems));
    this.draining = undefined;
  }

  private async commit(batch: Waiting<T>[]): Promise<void> {
    try {
      await this.write(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
