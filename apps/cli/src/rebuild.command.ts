import { openStores, registeredProjection, type ProjectorConfig } from '@app/composition';
import { rebuildProjection } from '@app/projections';
import { progressBar } from './progress.js';

/** Rebuilds the read models from zero out of the event store, under the LA's policy (POLICY_FILE). Stop the API first. */
export async function rebuild(config: Pick<ProjectorConfig, 'dataDir' | 'databaseUrl' | 'kurrentdbUrl' | 'policy'>): Promise<void> {
  const stores = await openStores(config);
  try {
    const bar = progressBar('Rebuilding', await stores.eventStore.count());
    const started = performance.now();
    const result = await rebuildProjection(stores.eventStore, stores.readModels, registeredProjection(config.policy), {
      onProgress: (p) => bar.update(p.done),
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    console.log(`Rebuilt subject timelines and flag periods from ${result.done} events in ${seconds.toFixed(1)} s (${Math.round(result.done / seconds)} events/s)`);
  } finally {
    await stores.close();
  }
}
