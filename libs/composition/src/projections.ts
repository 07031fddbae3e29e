import type { LoggerService } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { ProjectionRunner, SubjectTimelineProjection, type Projection } from '@app/projections';
import type { DataSource } from 'typeorm';

/**
 * The projections this service keeps (today one: the subject timelines), named once
 * here so the API, the projector, the rebuild and the benchmark all run the same ones.
 */
export const registeredProjection = (): Projection => new SubjectTimelineProjection();

/** A runner for the registered projections that logs a failed batch (never its events) and resumes from the checkpoint. */
export function projectionRunner(store: EventStore, db: DataSource, logger: Pick<LoggerService, 'error'>): ProjectionRunner {
  return new ProjectionRunner(store, db, registeredProjection(), {
    onError: (error) => logger.error(`batch failed, resuming from the checkpoint: ${(error as Error).message}`),
  });
}
