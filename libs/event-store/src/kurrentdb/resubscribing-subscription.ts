import { DEFAULT_BATCH_SIZE } from '../catch-up-subscription.js';
import { StoreUnavailableError, type GlobalPosition, type StoredEvent, type SubscribeOptions, type Subscription } from '../event-store.port.js';

/** What a live connection to the global order hands out, in order. */
export type SourceItem =
  | { kind: 'event'; event: StoredEvent }
  /** Everything stored when the connection opened has been handed out; the connection is now live. */
  | { kind: 'caughtUp' }
  /** The connection ended (the server went away, the network failed). `error` is absent for a clean end. */
  | { kind: 'dropped'; error?: unknown };

/** One connection: a queue of items the resubscriber pulls from. */
export interface SourceConnection {
  /** The next item, waiting for one if none is ready. Never rejects: failures arrive as a `dropped` item. */
  next(): Promise<SourceItem>;
  /** How many items `next()` would return without waiting (to fill a batch without waiting for more). */
  readonly ready: number;
  /** Ends the connection; a pending `next()` then resolves with `dropped`. */
  close(): Promise<void>;
}

/** Opens connections to the global order (`$all` on KurrentDB; a fake in unit tests). */
export interface SubscriptionSource {
  /** A connection delivering the events strictly after `after` (it may repeat earlier ones: they are skipped), then live ones. */
  open(after: GlobalPosition): SourceConnection;
}

export interface ResubscribeOptions {
  /** First wait before reconnecting after a drop; doubles up to `maxRetryDelayMs`, reset by any delivery. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Told about every drop that will be retried (for logs and health). */
  onDropped?: (error: unknown) => void;
}

/** Drops worth a reconnect; anything else (access denied, a corrupt event) ends the subscription. */
function isRetryable(item: { error?: unknown }): boolean {
  return item.error === undefined || item.error instanceof StoreUnavailableError;
}

/**
 * A catch-up subscription that survives dropped connections. The KurrentDB client does not
 * resume a `$all` subscription by itself: when one drops, this opens a new one from the
 * position of the last event the handler accepted, so nothing is lost, and skips anything at
 * or before that position, so nothing is delivered twice. Events are handed over in batches
 * of what the connection already holds (up to `batchSize`); the next item is not pulled until
 * the handler has settled (back-pressure reaches the server through the connection's own
 * buffer). A handler rejection stops everything and rejects `done`.
 */
export class ResubscribingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private connection: SourceConnection | undefined;
  private position: GlobalPosition;
  private interruptWait: (() => void) | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    private readonly retry: ResubscribeOptions = {},
  ) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    this.position = options.after;
    this.done = this.run(batchSize);
    this.done.catch(() => undefined);
  }

  /** Position of the last event the handler accepted (the checkpoint a reconnect resumes from). */
  get lastDelivered(): GlobalPosition {
    return this.position;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptWait?.();
    await this.connection?.close();
    await this.done.catch(() => undefined);
  }

  private async run(batchSize: number): Promise<void> {
    const firstDelay = this.retry.retryDelayMs ?? 100;
    const maxDelay = this.retry.maxRetryDelayMs ?? 5000;
    let delay = firstDelay;
    let caughtUpReported = false;
    while (!this.stopped) {
      const connection = (this.connection = this.source.open(this.position));
      let dropped: { error?: unknown } | undefined;
      try {
        while (!this.stopped && !dropped) {
          const batch: StoredEvent[] = [];
          let caughtUp = false;
          let item = await connection.next();
          for (;;) {
            if (item.kind === 'event') {
              const last = batch.length > 0 ? batch[batch.length - 1].position : this.position;
              if (item.event.position > last) batch.push(item.event);
            } else if (item.kind === 'caughtUp') caughtUp = true;
            else dropped = item;
            // A batch ends at a caught-up mark or a drop (so both are acted on after delivery), when full, or when nothing more is ready.
            if (caughtUp || dropped || batch.length >= batchSize || connection.ready === 0) break;
            item = await connection.next();
          }
          if (this.stopped) return;
          if (batch.length > 0) {
            await this.options.handler(batch);
            this.position = batch[batch.length - 1].position;
            delay = firstDelay;
          }
          if (caughtUp) {
            delay = firstDelay;
            if (!caughtUpReported) {
              caughtUpReported = true;
              this.options.onCaughtUp?.();
            }
          }
        }
      } finally {
        this.connection = undefined;
        await connection.close();
      }
      if (this.stopped) return;
      if (dropped && !isRetryable(dropped)) throw dropped.error;
      this.retry.onDropped?.(dropped?.error);
      await this.wait(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }

  private wait(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.interruptWait = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.interruptWait = finish;
    });
  }
}
