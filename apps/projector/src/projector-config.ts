import path from 'node:path';
import { z } from 'zod';

/** The projector's environment: where the stores are (events in KurrentDB or PostgreSQL or the embedded file; read models in PostgreSQL or the file), and its health port. It serves no API, so it needs no API keys. */
const ProjectorEnv = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  KURRENTDB_URL: z.string().regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'must be a kurrentdb:// connection string').optional(),
  PROJECTOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
});

export interface ProjectorConfig {
  dataDir: string;
  databaseUrl?: string;
  kurrentdbUrl?: string;
  port: number;
}

export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const parsed = ProjectorEnv.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { dataDir: path.resolve(parsed.data.DATA_DIR), databaseUrl: parsed.data.DATABASE_URL || undefined, kurrentdbUrl: parsed.data.KURRENTDB_URL || undefined, port: parsed.data.PROJECTOR_PORT };
}
