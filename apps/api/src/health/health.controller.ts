import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard.js';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projections';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, EVENT_STORE, READ_MODEL_READER } from '../store/tokens.js';

/** Liveness and readiness: the event store answers, the read models answer, and how far the projections lag. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_READER) private readonly readModels: DataSource,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness, including the stores (no authentication)' })
  check() {
    return this.health.check([() => this.eventStore(), () => this.readModelDb(), () => this.projections()]);
  }

  private async eventStore() {
    const session = this.indicators.check('eventStore');
    try {
      return session.up({ head: (await this.store.headPosition()).toString() });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }

  private async readModelDb() {
    const session = this.indicators.check('readModels');
    try {
      await this.readModels.query('SELECT 1');
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }

  private async projections() {
    const session = this.indicators.check('projections');
    if (!this.config.projections) return session.up({ mode: 'run by another process' });
    const head = await this.store.headPosition();
    const lag = (head - this.runner.checkpoint).toString();
    return session.up({ checkpoint: this.runner.checkpoint.toString(), lag });
  }
}
