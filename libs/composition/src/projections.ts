import type { LoggerService } from '@nestjs/common';
import type { Policy } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { FlagPeriodProjection, ProjectionRunner, type Projection } from '@app/projections';
import type { DataSource } from 'typeorm';

/**
 * The projections this service keeps (the subject timelines and, from them, the flag
 * periods under the LA's policy), named once here so the API, the projector, the
 * rebuild and the benchmark all run the same ones.
 */
export const registeredProjection = (policy: Policy): Projection => new FlagPeriodProjection(policy);

/** A runner for the registered projections that logs a failed batch (never its events) and resumes from the checkpoint. */
export function projectionRunner(store: EventStore, db: DataSource, policy: Policy, logger: Pick<LoggerService, 'error'>): ProjectionRunner {
  return new ProjectionRunner(store, db, registeredProjection(policy), {
    onError: (error) => logger.error(`batch failed, resuming from the checkpoint: ${(error as Error).message}`),
  });
}
