import type { EventStore } from '@app/event-store';
import { rebuildProjection, SubjectTimelineProjection } from '@app/projections';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../api/src/config/app-config.js';
import { EVENT_STORE, READ_MODEL_WRITER } from '../../api/src/store/tokens.js';
import { openContext } from './app-context.js';
import { progressBar } from './progress.js';

/** Rebuilds the read models from zero out of the event store. Stop the API first. */
export async function rebuild(config: AppConfig): Promise<void> {
  const app = await openContext({ ...config, projections: false });
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const bar = progressBar('Rebuilding', await store.count());
    const started = performance.now();
    const result = await rebuildProjection(store, app.get<DataSource>(READ_MODEL_WRITER), new SubjectTimelineProjection(), {
      onProgress: (p) => bar.update(p.done),
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    console.log(`Rebuilt subject timelines from ${result.done} events in ${seconds.toFixed(1)} s (${Math.round(result.done / seconds)} events/s)`);
  } finally {
    await app.close();
  }
}
