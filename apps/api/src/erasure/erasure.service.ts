import { Inject, Injectable, Logger } from '@nestjs/common';
import { childStream, todayInLondon } from '@app/domain';
import type { EncryptingEventStore, ErasureRecord } from '@app/event-store';
import { EventRecorder } from '@app/recording';
import { forgetSubject, ProjectionRunner } from '@app/projections';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { Clock, type AppConfig, APP_CONFIG, EVENT_STORE, READ_MODEL_WRITER } from '@app/composition';

/**
 * Erases a child when the law requires it, although the log is immutable: the child's
 * key is destroyed (their event data can no longer be read anywhere, backups of the
 * log included), then every copy of the plaintext this process holds goes: the read
 * model's row (scrubbed from the file) and the child's flag periods, and the
 * recorder's timeline.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('Erasure');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EncryptingEventStore,
    @Inject(READ_MODEL_WRITER) private readonly writer: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
    private readonly recorder: EventRecorder,
  ) {}

  async erase(childId: string, reason: string, by: Principal): Promise<ErasureRecord> {
    const record = await this.store.erase(childId, { reason, erasedBy: by.id, erasedAt: this.clock.now().toISOString() });
    // The runner is stopped so that no batch read before the erasure rewrites the row after it.
    const wasRunning = this.runner.running;
    if (wasRunning) await this.runner.stop();
    try {
      await forgetSubject(this.writer, 'child', childId, { policy: this.config.policy, knownOn: todayInLondon(this.clock.now()) });
    } finally {
      if (wasRunning) await this.runner.start();
    }
    this.recorder.forgetStream(childStream(childId));
    this.logger.log(`child ${childId} erased by ${by.id}`);
    return record;
  }

  erasure(childId: string): Promise<ErasureRecord | undefined> {
    return this.store.erasure(childId);
  }
}
