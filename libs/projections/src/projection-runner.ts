import { START, type EventStore, type GlobalPosition, type StoredEvent, type Subscription } from '@app/event-store';
import type { DataSource } from 'typeorm';
import { EMPTY_CHECKPOINT, ensureCheckpoint, loadCheckpoint, resetIfVersionChanged, saveCheckpoint, type Checkpoint } from './checkpoints.js';
import type { Projection } from './projection.js';

export interface RunnerOptions {
  batchSize?: number;
  /** Wait before resubscribing from the stored checkpoint after a failed batch. */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Feeds one projection from the global order. Each batch's rows and the checkpoint
 * are written in one transaction, so a crash or a failed batch neither loses nor
 * double-counts an event: the runner resumes from the checkpoint that committed.
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private committed: Checkpoint = EMPTY_CHECKPOINT;
  private waiters = new Set<() => void>();
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private appliedCount = 0;

  constructor(
    private readonly store: EventStore,
    private readonly db: DataSource,
    private readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {}

  get name(): string {
    return this.projection.name;
  }

  /** Whether this runner is subscribed (started and not stopped). */
  get running(): boolean {
    return !this.stopped && this.subscription !== undefined;
  }

  /** The position of the last event whose effect is committed. */
  get checkpoint(): GlobalPosition {
    return this.committed.position;
  }

  /** How many events this runner has projected: progress to show (positions are not counts on every store). */
  get applied(): number {
    return this.appliedCount;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await ensureCheckpoint(this.db.manager, this.projection.name);
    await resetIfVersionChanged(this.db, this.projection);
    this.committed = await loadCheckpoint(this.db.manager, this.projection.name);
    this.projection.invalidate();
    const subscription = this.store.subscribe({
      after: this.committed.position,
      batchSize: this.options.batchSize ?? 1000,
      handler: (events) => this.applyBatch(events),
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => this.recover(error));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop().catch(() => undefined);
    this.notify();
  }

  /** Resolves true once everything up to `position` is projected, false after `timeoutMs`. */
  async waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.committed.position < position) {
      const left = deadline - Date.now();
      if (left <= 0 || this.stopped) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    return true;
  }

  private async applyBatch(events: StoredEvent[]): Promise<void> {
    this.committed = await applyInTransaction(this.db, this.projection, events, this.committed);
    this.appliedCount += events.length;
    this.notify();
  }

  private recover(error: unknown): void {
    this.projection.invalidate();
    this.options.onError?.(error);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.start().catch((e: unknown) => this.recover(e)), this.options.retryDelayMs ?? 1000);
    this.retryTimer.unref();
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }
}

/** Applies one batch and saves the checkpoint after it, in one transaction; returns the new checkpoint. */
async function applyInTransaction(db: DataSource, projection: Projection, events: StoredEvent[], previous: Checkpoint): Promise<Checkpoint> {
  const next = { position: events[events.length - 1].position, batches: previous.batches + 1 };
  try {
    await db.transaction(async (tx) => {
      // Fencing: if another runner moved the checkpoint since this one read it, this
      // batch is already applied (or being applied) there: write nothing.
      const stored = await loadCheckpoint(tx, projection.name, { lock: db.options.type === 'postgres' });
      if (stored.position !== previous.position) throw new CheckpointMovedError(projection.name, previous.position, stored.position);
      await projection.apply(events, tx, next.batches);
      await saveCheckpoint(tx, projection.name, next);
    });
    return next;
  } catch (error) {
    projection.invalidate();
    throw error;
  }
}

/** Another runner committed batches since this one read the checkpoint: it resumes from the stored one. */
export class CheckpointMovedError extends Error {
  constructor(projection: string, expected: GlobalPosition, actual: GlobalPosition) {
    super(`projection ${projection}: checkpoint moved from ${expected} to ${actual} under this runner`);
    this.name = 'CheckpointMovedError';
  }
}

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Rebuilds a projection from zero: deletes its rows and rewinds its checkpoint, then replays
 * the whole global order in batches, each committed with its checkpoint (so an
 * interrupted rebuild resumes where it stopped when the runner next starts).
 * Run it with the API's projections stopped.
 */
export async function rebuildProjection(
  store: EventStore,
  db: DataSource,
  projection: Projection,
  options: { batchSize?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<RebuildProgress> {
  const total = await store.count();
  // Batch numbers keep counting through a rebuild, so readers that load "rows changed since batch N" stay right.
  let checkpoint = { position: START, batches: (await loadCheckpoint(db.manager, projection.name)).batches };
  await db.transaction(async (tx) => {
    await projection.reset(tx);
    await saveCheckpoint(tx, projection.name, checkpoint, projection.version);
  });
  let done = 0;
  for (;;) {
    const events = await store.readAll({ after: checkpoint.position, limit: options.batchSize ?? 5000 });
    if (events.length === 0) break;
    checkpoint = await applyInTransaction(db, projection, events, checkpoint);
    done += events.length;
    options.onProgress?.({ done, total: Math.max(total, done) });
  }
  // Every row is new: PostgreSQL plans the read model's queries from statistics, and counts flags from
  // their index alone only on pages its visibility map marks, both of which autovacuum would make only later.
  if (db.options.type === 'postgres') await db.query('VACUUM (ANALYZE)');
  return { done, total: Math.max(total, done) };
}
