import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard.js';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { isDatabaseUnavailable, unavailableReason, type EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projections';
import type { DataSource } from 'typeorm';
import { type AppConfig, StoreStartup, APP_CONFIG, EVENT_STORE, READ_MODEL_READER } from '@app/composition';
import { AnswersWhileStarting } from '../store/stores-ready.guard.js';
import { markUnavailable } from '../http/unavailable.js';

/** What a failed check says: the code of an unreachable database, else only the error's kind (health is public: no hosts, no queries). */
const failure = (error: unknown) => ({ message: isDatabaseUnavailable(error) ? `unavailable (${unavailableReason(error)})` : ((error as Error)?.name ?? 'error') });

/**
 * Liveness and readiness: every store is open (started while PostgreSQL was down, the
 * API names what it is still waiting for), the event store and the read models answer,
 * and how far the projections lag. Not ready is a 503.
 */
@ApiTags('health')
@Public()
@AnswersWhileStarting()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_READER) private readonly readModels: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly startup: StoreStartup,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness, including the stores (no authentication)' })
  async check(@Res() res: Response): Promise<void> {
    try {
      res.json(await this.health.check([() => this.stores(), () => this.eventStore(), () => this.eventReader(), () => this.readModelDb(), () => this.projections()]));
    } catch (error) {
      // Not ready: terminus's report, answered here since every other error answer is reduced to the error shape.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      markUnavailable(res);
      res.status(503).json(error.getResponse());
    }
  }

  private stores() {
    const session = this.indicators.check('stores');
    return this.startup.ready ? session.up() : session.down({ waitingFor: this.startup.waitingFor() });
  }

  private async eventStore() {
    const session = this.indicators.check('eventStore');
    try {
      return session.up({ head: (await this.store.headPosition()).toString() });
    } catch (error) {
      return session.down(failure(error));
    }
  }

  /**
   * Whether an open transaction anywhere on the database server holds the event
   * reader (and so the projections and read-your-writes) back, and which. Reported, not
   * failed: the API still answers, and the operator can see what to end.
   */
  private async eventReader() {
    const session = this.indicators.check('eventReader');
    try {
      return session.up({ ...(await this.store.readerHoldBack()) });
    } catch (error) {
      return session.down(failure(error));
    }
  }

  private async readModelDb() {
    const session = this.indicators.check('readModels');
    if (!this.readModels.isInitialized) return session.down({ message: 'not connected yet' });
    try {
      await this.readModels.query('SELECT 1');
      return session.up();
    } catch (error) {
      return session.down(failure(error));
    }
  }

  private async projections() {
    const session = this.indicators.check('projections');
    if (!this.config.projections) return session.up({ mode: 'run by another process' });
    try {
      const lag = ((await this.store.headPosition()) - this.runner.checkpoint).toString();
      return session.up({ checkpoint: this.runner.checkpoint.toString(), lag });
    } catch (error) {
      return session.down(failure(error));
    }
  }
}
