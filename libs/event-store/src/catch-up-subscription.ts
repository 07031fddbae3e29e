import type { ReadAllOptions, StoredEvent, SubscribeOptions, Subscription } from './event-store.port.js';

export const DEFAULT_BATCH_SIZE = 500;

/**
 * A catch-up subscription over any `readAll`: reads batches from its position, awaits the
 * handler for each (back-pressure), and once a read comes back short it is caught up and
 * sleeps until `wake()` (an append it knows about) or the poll interval (appends it cannot
 * hear about, e.g. from another process). Adapter-agnostic so other adapters can reuse it
 * with their own wake-up source.
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private wakeRequested = false;
  private interruptSleep: (() => void) | undefined;

  constructor(
    private readonly readAll: (options: ReadAllOptions) => Promise<StoredEvent[]>,
    options: SubscribeOptions,
    private readonly pollIntervalMs: number,
  ) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    this.done = this.run(options, batchSize);
    // A failure is reported through `done`; callers that only call stop() must not get an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** New events may be stored: read again now instead of at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.interruptSleep?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done.catch(() => undefined);
  }

  private async run(options: SubscribeOptions, batchSize: number): Promise<void> {
    let position = options.after;
    let caughtUp = false;
    while (!this.stopped) {
      // Cleared before reading: a wake during the read or the handler means "read again", not "sleep".
      this.wakeRequested = false;
      const events = await this.readAll({ after: position, limit: batchSize });
      if (this.stopped) return;
      if (events.length > 0) {
        await options.handler(events);
        position = events[events.length - 1].position;
      }
      if (events.length < batchSize && !this.stopped) {
        if (!caughtUp) {
          caughtUp = true;
          options.onCaughtUp?.();
        }
        await this.sleep();
      }
    }
  }

  /**
   * The poll timer is deliberately not unref'd: a process whose only job is a live subscription
   * (a projector) must stay alive. stop() always clears it, so nothing is left running.
   */
  private sleep(): Promise<void> {
    if (this.wakeRequested || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.pollIntervalMs);
      this.interruptSleep = finish;
    });
  }
}
