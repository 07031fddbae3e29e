import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';

/** GET /health: liveness and readiness, including the stores. */
@Module({ imports: [TerminusModule], controllers: [HealthController] })
export class HealthModule {}
