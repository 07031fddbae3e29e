import { openStores, type StoreLocation } from '@app/composition';

/**
 * Brings the stores' schemas up to date and exits: opening the event store (and its
 * keyring) creates their tables, opening the read models runs their migrations (the
 * API also does this at start). Nothing else is started: no sign-in, sessions or access log.
 */
export async function migrate(config: StoreLocation): Promise<void> {
  const stores = await openStores(config);
  await stores.close();
  console.log(`Schemas up to date in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}`);
}
