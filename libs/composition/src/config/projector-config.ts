import { z } from 'zod';
import type { StoreLocation } from '../stores/open-stores.js';
import { parseEnv } from './app-config.js';
import { StoreEnv, storeLocationOf } from './store-location.js';

/** The projector's own variable: its health port. It serves no API, so it needs no API keys. */
const ProjectorEnv = StoreEnv.extend({ PROJECTOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001) });

/** Where the stores are (the same variables, checked by the same schema, as the API's) and the health port. */
export interface ProjectorConfig extends StoreLocation {
  port: number;
}

export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const e = parseEnv(ProjectorEnv, env);
  return { ...storeLocationOf(e), port: e.PROJECTOR_PORT };
}
