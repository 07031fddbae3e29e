import path from 'node:path';
import { z } from 'zod';
import { EnvSchema, parseEnv } from './app-config.js';

/**
 * The projector's environment: where the stores are (the same variables, checked by
 * the same schema, as the API's) and its health port. It serves no API, so it needs
 * no API keys.
 */
const ProjectorEnv = EnvSchema.pick({ DATA_DIR: true, DATABASE_URL: true, KURRENTDB_URL: true }).extend({
  PROJECTOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
});

export interface ProjectorConfig {
  dataDir: string;
  databaseUrl?: string;
  kurrentdbUrl?: string;
  port: number;
}

export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const e = parseEnv(ProjectorEnv, env);
  return { dataDir: path.resolve(e.DATA_DIR), databaseUrl: e.DATABASE_URL || undefined, kurrentdbUrl: e.KURRENTDB_URL || undefined, port: e.PROJECTOR_PORT };
}
