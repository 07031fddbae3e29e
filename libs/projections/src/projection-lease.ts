import { ADVISORY_LOCKS } from '@app/event-store';
import pg from 'pg';

/**
 * The right to run one projection, held by one process at a time across every
 * process on the read-model database. `held` resolves once this process holds it;
 * `lost` resolves if it is lost (the database connection dropped), after which the
 * runner must stop and acquire again.
 */
export interface ProjectionLease {
  acquire(): Promise<void>;
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** A PostgreSQL session-level advisory lock on a dedicated connection: released by the server the moment the holder dies. */
export class PostgresLease implements ProjectionLease {
  private client?: pg.Client;
  private stopped = false;
  private markLost: () => void = () => undefined;
  lost: Promise<void> = new Promise(() => undefined);

  constructor(
    private readonly url: string,
    private readonly projection: string,
    private readonly pollMs = 1000,
  ) {}

  async acquire(): Promise<void> {
    this.stopped = false;
    for (;;) {
      if (this.stopped) throw new Error('lease released while waiting');
      const client = new pg.Client({ connectionString: this.url });
      this.lost = new Promise((resolve) => (this.markLost = resolve));
      client.on('error', () => this.markLost());
      client.on('end', () => this.markLost());
      try {
        await client.connect();
        // Two-key form: a namespace for projection leases, then the projection's name.
        const res = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS held', [ADVISORY_LOCKS.projectionLeases, this.projection]);
        if (res.rows[0].held) {
          this.client = client;
          return;
        }
        await client.end();
      } catch {
        await client.end().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  async release(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/** The embedded default: one machine, one process running projections; nothing to coordinate. */
export class LocalLease implements ProjectionLease {
  readonly lost: Promise<void> = new Promise(() => undefined);
  async acquire(): Promise<void> {}
  async release(): Promise<void> {}
}

/** The lease for a read-model database: an advisory lock on PostgreSQL, nothing for the embedded file. */
export function leaseFor(databaseUrl: string | undefined, projection: string): ProjectionLease {
  return databaseUrl ? new PostgresLease(databaseUrl, projection) : new LocalLease();
}

/**
 * Runs a projection only while holding its lease: waits for it, starts the runner,
 * and if the lease is lost stops the runner and waits again. Two processes started
 * together therefore never apply batches at the same time (and the checkpoint fence
 * in the runner refuses a batch another runner already committed, should they).
 */
export class LeasedRunner {
  private running = true;
  private loop?: Promise<void>;
  private wake: () => void = () => undefined;
  private readonly stopping = new Promise<void>((resolve) => (this.wake = resolve));
  active = false;

  constructor(
    private readonly lease: ProjectionLease,
    private readonly runner: { start(): Promise<void>; stop(): Promise<void> },
    private readonly onChange: (active: boolean) => void = () => undefined,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.lease.acquire();
      } catch {
        return;
      }
      if (!this.running) break;
      await this.runner.start();
      this.set(true);
      await Promise.race([this.lease.lost, this.stopping]);
      this.set(false);
      await this.runner.stop();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.lease.release();
    await this.runner.stop();
    this.set(false);
    await this.loop;
  }

  private set(active: boolean): void {
    if (this.active !== active) this.onChange(active);
    this.active = active;
  }
}
