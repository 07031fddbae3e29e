import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { isDatabaseUnavailable, StoreUnavailableError, unavailableReason } from '@app/event-store';

/** First retry after this long, doubling up to the maximum: a restarting server is back in seconds, a long outage is not hammered. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

/** A part opened at start (the event store, the read models, the access log, the sessions), or still being opened. */
export class Opening<T> {
  value?: T;
  /** Why the last attempt failed, as a code (never a message that could hold a host or a query). */
  reason?: string;
  closed = false;

  constructor(
    readonly part: string,
    private readonly closeValue: (value: T) => Promise<void>,
  ) {}

  /** The opened part; before it is open, an unavailable database (503 with Retry-After). */
  current(): T {
    if (this.value === undefined) throw new StoreUnavailableError(`${this.part} not connected yet`);
    return this.value;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.value !== undefined) await this.closeValue(this.value);
  }
}

/**
 * Opens the database-backed parts at start. A part whose database cannot be reached
 * (PostgreSQL down or restarting) is opened again in the background with backoff, so
 * the API starts anyway: /health says what it is waiting for, and every other request
 * is answered 503 with Retry-After until everything is open. Any other failure (a
 * wrong password, a bad migration) still stops the start: it would not fix itself.
 * The CLI does not retry: a command run while the database is down fails at once.
 */
export class StoreStartup implements OnApplicationShutdown {
  private readonly logger = new Logger('Startup');
  private readonly openings: Pick<Opening<unknown>, 'part' | 'value' | 'reason' | 'closed'>[] = [];
  private readonly retries = new Set<NodeJS.Timeout>();
  private whenOpen: Array<() => void> = [];

  constructor(private readonly retryInBackground: boolean) {}

  async open<T>(part: string, open: () => Promise<T>, close: (value: T) => Promise<void>): Promise<Opening<T>> {
    const opening = new Opening(part, close);
    this.openings.push(opening);
    try {
      opening.value = await open();
    } catch (error) {
      if (!this.retryInBackground || !isDatabaseUnavailable(error)) throw error;
      this.failed(opening, error);
      this.retry(opening, open, FIRST_RETRY_MS);
    }
    return opening;
  }

  /** True once every part is open. */
  get ready(): boolean {
    return this.openings.every((o) => o.value !== undefined);
  }

  /** The parts still being opened, and why the last attempt failed. */
  waitingFor(): Record<string, string> {
    return Object.fromEntries(this.openings.filter((o) => o.value === undefined).map((o) => [o.part, o.reason ?? 'opening']));
  }

  /** Runs `then` once every part is open (at once if they are). */
  onReady(then: () => void): void {
    if (this.ready) then();
    else this.whenOpen.push(then);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.whenOpen = [];
    for (const opening of this.openings) opening.closed = true;
  }

  private retry<T>(opening: Opening<T>, open: () => Promise<T>, delayMs: number): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      if (opening.closed) return;
      open().then(
        (value) => this.opened(opening, value),
        (error: unknown) => {
          this.failed(opening, error);
          this.retry(opening, open, Math.min(delayMs * 2, MAX_RETRY_MS));
        },
      );
    }, delayMs);
    this.retries.add(timer);
  }

  private opened<T>(opening: Opening<T>, value: T): void {
    opening.value = value;
    // Shut down while this attempt was under way: close what it opened rather than leak it.
    if (opening.closed) {
      void opening.close().catch(() => undefined);
      return;
    }
    this.logger.log(`${opening.part} connected`);
    if (!this.ready) return;
    const waiting = this.whenOpen.splice(0);
    for (const then of waiting) then();
  }

  private failed<T>(opening: Opening<T>, error: unknown): void {
    opening.reason = isDatabaseUnavailable(error) ? unavailableReason(error) : ((error as Error)?.name ?? 'error');
    this.logger.warn(`${opening.part}: database unreachable (${opening.reason}); trying again in the background`);
  }
}

type MethodsOf<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/**
 * Stands in for a part while it is being opened, so the application can be built
 * before the database answers: each call goes to the opened part, or fails as
 * unavailable before then. `methods` must name every method (the compiler checks).
 */
export function lateBound<T extends object>(opening: Opening<T>, methods: { [K in MethodsOf<T>]: true }): T {
  const stand = {} as Record<string, unknown>;
  for (const name of Object.keys(methods)) {
    stand[name] = name === 'close' ? () => opening.close() : (...args: unknown[]) => (opening.current() as Record<string, (...a: unknown[]) => unknown>)[name](...args);
  }
  return stand as T;
}
