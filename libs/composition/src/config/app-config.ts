import fs from 'node:fs';
import path from 'node:path';
import { PolicyError, resolvePolicy, type Policy } from '@app/domain';
import { z } from 'zod';
import { parseAuth, type AuthConfig } from './auth-config.js';

/** The environment variables of API.md, checked once at start. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  POLICY_FILE: z.string().min(1).optional(),
  /** PostgreSQL for the event store and read models instead of the embedded files. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** KurrentDB for the event store (the scale-out tier); read models, keys and logs stay in DATABASE_URL. */
  KURRENTDB_URL: z
    .string()
    .regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'must be a kurrentdb:// connection string')
    .optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Largest request body accepted (a batch of 1,000 events fits comfortably). */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('4mb'),
  /** Run the projections in this process (the embedded default does). */
  PROJECTIONS: z.enum(['on', 'off']).default('on'),
  /** `key:role` or `key:role:teamId` entries, comma-separated (API.md, Auth). */
  API_KEYS: z.string().optional(),
  OIDC_ISSUER: z.string().optional(),
  OIDC_AUDIENCE: z.string().optional(),
  OIDC_ROLE_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/)
    .default('roles'),
  OIDC_TEAM_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/)
    .default('team'),
  /** The dashboard's sign-in with the OIDC issuer (authorization code with PKCE): this service's client id there. */
  OIDC_CLIENT_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1-200 printable characters')
    .optional(),
  /** Its client secret, for a confidential client (unset: a public client, PKCE only). */
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** Where browsers reach this service (the OIDC redirect URI is PUBLIC_URL/auth/callback). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a dashboard sign-in lasts. */
  SESSION_HOURS: z.coerce.number().min(0.1).max(24).default(8),
  /** Origins allowed to call the API from a browser, comma-separated; unset: CORS off. */
  CORS_ORIGINS: z.string().optional(),
  /** Behind a reverse proxy: how many proxies to trust for the client's address (X-Forwarded-For), e.g. `1`. Unset: none. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Requests per minute per client (token, or address when there is none). */
  RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
});

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  kurrentdbUrl?: string;
  nodeEnv: string;
  bodyLimit: string;
  projections: boolean;
  policy: Policy;
  policySource: string;
  auth: AuthConfig;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  /** Proxies in front of this process whose X-Forwarded-For is believed (rate limits by address, logs). */
  trustProxy: number;
  /** The dashboard's browser sign-in. */
  web: WebConfig;
}

export interface WebConfig {
  publicUrl: string;
  /**
   * Whether browsers reach this service over https: PUBLIC_URL's scheme when it is
   * set, otherwise production (assumed behind TLS). The one answer for the cookie's
   * Secure flag and __Host- prefix, HSTS and the CSP's upgrade-insecure-requests, so
   * a pilot served over plain http by host name or address keeps its styles and forms.
   */
  servedOverHttps: boolean;
  sessionHours: number;
  /** Set with OIDC_ISSUER and OIDC_CLIENT_ID: people sign in at the issuer. */
  oidcClient?: { clientId: string; clientSecret?: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Checks the environment against a schema, naming each variable at fault (never its value). */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = parseEnv(EnvSchema, env);
  const problems: string[] = [];
  const auth = parseAuth(e, problems);
  if (e.OIDC_CLIENT_ID && !auth.oidc) problems.push('OIDC_CLIENT_ID needs OIDC_ISSUER and OIDC_AUDIENCE');
  if (e.NODE_ENV === 'production' && e.OIDC_CLIENT_ID && !e.PUBLIC_URL?.startsWith('https://')) problems.push('PUBLIC_URL: production sign-in needs the https:// address browsers use');
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return {
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    kurrentdbUrl: e.KURRENTDB_URL || undefined,
    nodeEnv: e.NODE_ENV,
    bodyLimit: e.BODY_LIMIT,
    projections: e.PROJECTIONS === 'on',
    policy: loadPolicy(e.POLICY_FILE),
    policySource: e.POLICY_FILE ? `POLICY_FILE ${e.POLICY_FILE}` : 'built-in defaults',
    auth,
    corsOrigins: (e.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimitPerMinute: e.RATE_LIMIT,
    trustProxy: e.TRUST_PROXY,
    web: {
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      servedOverHttps: e.PUBLIC_URL ? e.PUBLIC_URL.startsWith('https://') : e.NODE_ENV === 'production',
      sessionHours: e.SESSION_HOURS,
      ...(e.OIDC_CLIENT_ID ? { oidcClient: { clientId: e.OIDC_CLIENT_ID, ...(e.OIDC_CLIENT_SECRET ? { clientSecret: e.OIDC_CLIENT_SECRET } : {}) } } : {}),
    },
  };
}

/** The LA's policy file: JSON overriding any subset of the default thresholds. */
export function loadPolicy(file: string | undefined): Policy {
  if (!file) return resolvePolicy(undefined);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`POLICY_FILE ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    return resolvePolicy(JSON.parse(text));
  } catch (error) {
    if (error instanceof PolicyError) throw new ConfigError(`POLICY_FILE ${file}: ${error.problems.join('; ')}`);
    throw new ConfigError(`POLICY_FILE ${file} is not valid JSON: ${(error as Error).message}`);
  }
}
