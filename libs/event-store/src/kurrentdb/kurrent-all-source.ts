import { START as KURRENT_START, excludeSystemEvents, type AllStreamResolvedEvent, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { START, type GlobalPosition } from '../event-store.port.js';
import { toPortError, toStoredEvent } from './mapping.js';
import { decodePosition } from './positions.js';
import type { SourceConnection, SourceItem, SubscriptionSource } from './resubscribing-subscription.js';

/**
 * `$all` through the client's catch-up subscription, filtered on the server
 * (`excludeSystemEvents()`: no `$`-typed events, so neither system records nor this
 * adapter's event-id claims). One connection per `open`; the resubscriber opens another
 * after a drop.
 */
export class KurrentAllSource implements SubscriptionSource {
  constructor(
    private readonly client: KurrentDBClient,
    /** Items held before the client's stream is paused (back-pressure to the server). */
    private readonly highWaterMark = 1000,
  ) {}

  open(after: GlobalPosition): SourceConnection {
    return new KurrentAllConnection(this.client, after, this.highWaterMark);
  }
}

class KurrentAllConnection implements SourceConnection {
  private readonly items: SourceItem[] = [];
  private waiting: ((item: SourceItem) => void) | undefined;
  private ended = false;
  /** Events still in the client's readable buffer when it reported caught-up: the mark goes after them. */
  private caughtUpAfter: number | undefined;
  private readonly subscription;

  constructor(
    client: KurrentDBClient,
    after: GlobalPosition,
    private readonly highWaterMark: number,
  ) {
    this.subscription = client.subscribeToAll({ fromPosition: after === START ? KURRENT_START : decodePosition(after), filter: excludeSystemEvents() });
    this.subscription
      .on('data', (resolved: AllStreamResolvedEvent) => this.onEvent(resolved))
      // Emitted when the server's message is transformed, possibly before earlier events left the readable buffer.
      .on('caughtUp', () => {
        const pending = this.subscription.readableLength;
        if (pending === 0) this.push({ kind: 'caughtUp' });
        else this.caughtUpAfter = pending;
      })
      .on('error', (error: unknown) => this.finish(toPortError(error)))
      .on('end', () => this.finish(undefined))
      .on('close', () => this.finish(undefined));
  }

  get ready(): number {
    return this.items.length;
  }

  next(): Promise<SourceItem> {
    const item = this.items.shift();
    if (this.items.length < this.highWaterMark / 2 && this.subscription.isPaused() && !this.ended) this.subscription.resume();
    if (item) return Promise.resolve(item);
    if (this.ended) return Promise.resolve({ kind: 'dropped' });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async close(): Promise<void> {
    if (!this.ended) {
      this.finish(undefined);
      await this.subscription.unsubscribe().catch(() => undefined);
    }
    this.subscription.removeAllListeners('data');
  }

  private onEvent(resolved: AllStreamResolvedEvent): void {
    if (this.ended) return;
    if (resolved.event) {
      try {
        this.push({ kind: 'event', event: toStoredEvent(resolved.event) });
      } catch (error) {
        this.finish(error);
        void this.subscription.unsubscribe().catch(() => undefined);
        return;
      }
    }
    if (this.caughtUpAfter !== undefined && --this.caughtUpAfter === 0) {
      this.caughtUpAfter = undefined;
      this.push({ kind: 'caughtUp' });
    }
    if (this.items.length >= this.highWaterMark) this.subscription.pause();
  }

  private finish(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.push({ kind: 'dropped', error }, true);
  }

  private push(item: SourceItem, force = false): void {
    if (this.ended && !force) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(item);
    } else this.items.push(item);
  }
}
