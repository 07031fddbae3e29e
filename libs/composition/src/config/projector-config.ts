import { z } from 'zod';
import type { Policy } from '@app/domain';
import type { StoreLocation } from '../stores/open-stores.js';
import { loadPolicy, parseEnv } from './app-config.js';
import { StoreEnv, storeLocationOf } from './store-location.js';

/** The projector's own variables: its health port, and the LA's policy, which the flag periods are derived under. It serves no API, so it needs no API keys. */
const ProjectorEnv = StoreEnv.extend({
  PROJECTOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  POLICY_FILE: z.string().min(1).optional(),
});

/** Where the stores are (the same variables, checked by the same schema, as the API's), the health port and the policy. */
export interface ProjectorConfig extends StoreLocation {
  port: number;
  policy: Policy;
}

export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const e = parseEnv(ProjectorEnv, env);
  return { ...storeLocationOf(e), port: e.PROJECTOR_PORT, policy: loadPolicy(e.POLICY_FILE) };
}
