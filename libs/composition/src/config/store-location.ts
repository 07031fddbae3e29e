import path from 'node:path';
import type { z } from 'zod';
import type { StoreLocation } from '../stores/open-stores.js';
import { EnvSchema, parseEnv } from './app-config.js';

/** The stores' variables, checked by the API's own schema. */
export const StoreEnv = EnvSchema.pick({ DATA_DIR: true, DATABASE_URL: true, KURRENTDB_URL: true });

/**
 * Where the stores are, and nothing else: what migrations, rebuilds and the projector
 * need, so they run where the API's other settings (sign-in, policy) are not set.
 */
export function loadStoreLocation(env: NodeJS.ProcessEnv = process.env): StoreLocation {
  return storeLocationOf(parseEnv(StoreEnv, env));
}

export const storeLocationOf = (e: z.infer<typeof StoreEnv>): StoreLocation => ({
  dataDir: path.resolve(e.DATA_DIR),
  databaseUrl: e.DATABASE_URL || undefined,
  kurrentdbUrl: e.KURRENTDB_URL || undefined,
});
