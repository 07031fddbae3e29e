import type { AppConfig } from '../../api/src/config/app-config.js';
import { openContext } from './app-context.js';

/**
 * Brings the stores' schemas up to date and exits: the event store's table and the
 * read models' migrations (the API also does this at start).
 */
export async function migrate(config: AppConfig): Promise<void> {
  const app = await openContext({ ...config, projections: false });
  await app.close();
  console.log(`Schemas up to date in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}`);
}
