import { createHash, randomBytes } from 'node:crypto';

/** API.md's roles: auditors record and read, managers read, admins do everything. */
export const ROLES = ['auditor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** One entry of API_KEYS. Only the key's SHA-256 digest is kept in memory. */
export interface ApiKey {
  /** A stable, non-secret name for the key, used as the actor in metadata and logs. */
  id: string;
  digest: Buffer;
  role: Role;
  teamId?: string;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  roleClaim: string;
  teamClaim: string;
}

export interface AuthConfig {
  apiKeys: ApiKey[];
  oidc?: OidcConfig;
  /** Development only, with nothing configured: an admin key made at start and printed once. */
  generatedAdminKey?: string;
}

export interface AuthEnv {
  API_KEYS?: string;
  OIDC_ISSUER?: string;
  OIDC_AUDIENCE?: string;
  OIDC_ROLE_CLAIM: string;
  OIDC_TEAM_CLAIM: string;
  NODE_ENV: string;
}

const KEY = /^[A-Za-z0-9_~.+/=-]{16,256}$/;
const TEAM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A team reference as API_KEYS and the sign-on team claim must give it (the identifiers' alphabet, at most 64). */
export const isTeamReference = (value: unknown): value is string => typeof value === 'string' && TEAM.test(value);

export const digestOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** The key's public name: a prefix of its digest (never the key itself). */
export const keyIdOf = (digest: Buffer): string => `api-key:${digest.toString('hex').slice(0, 12)}`;

/**
 * Reads API_KEYS and the OIDC settings. Problems are collected and thrown together by
 * the caller, each naming the variable (and the entry's position, never its key).
 */
export function parseAuth(env: AuthEnv, problems: string[]): AuthConfig {
  const apiKeys = parseApiKeys(env.API_KEYS ?? '', problems);
  const oidc = parseOidc(env, problems);
  if (apiKeys.length > 0 || oidc) return { apiKeys, oidc };
  if (env.NODE_ENV === 'production') {
    problems.push('production mode needs authentication: set API_KEYS (key:role or key:role:teamId entries) or OIDC_ISSUER and OIDC_AUDIENCE');
    return { apiKeys };
  }
  const generated = randomBytes(24).toString('base64url');
  return { apiKeys: [apiKey(generated, 'admin')], generatedAdminKey: generated };
}

function parseApiKeys(value: string, problems: string[]): ApiKey[] {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const keys: ApiKey[] = [];
  entries.forEach((entry, i) => {
    const where = `API_KEYS entry ${i + 1}`;
    const [key, role, teamId, ...rest] = entry.split(':');
    if (rest.length > 0 || !role) return void problems.push(`${where}: must be key:role or key:role:teamId`);
    if (!KEY.test(key)) return void problems.push(`${where}: the key must be 16-256 characters of letters, digits and _~.+/=-`);
    if (!(ROLES as readonly string[]).includes(role)) return void problems.push(`${where}: role must be one of ${ROLES.join(', ')}`);
    if (teamId !== undefined && !isTeamReference(teamId)) return void problems.push(`${where}: the team must be a team reference`);
    if (teamId !== undefined && role !== 'manager') return void problems.push(`${where}: only a manager key can be bound to a team`);
    const parsed = apiKey(key, role as Role, teamId);
    if (keys.some((k) => k.digest.equals(parsed.digest))) return void problems.push(`${where}: the same key is listed twice`);
    keys.push(parsed);
  });
  return keys;
}

function apiKey(key: string, role: Role, teamId?: string): ApiKey {
  const digest = digestOf(key);
  return teamId === undefined ? { id: keyIdOf(digest), digest, role } : { id: keyIdOf(digest), digest, role, teamId };
}

function parseOidc(env: AuthEnv, problems: string[]): OidcConfig | undefined {
  if (!env.OIDC_ISSUER && !env.OIDC_AUDIENCE) return undefined;
  if (!env.OIDC_ISSUER || !env.OIDC_AUDIENCE) {
    problems.push('OIDC_ISSUER and OIDC_AUDIENCE go together: set both for single sign-on');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(env.OIDC_ISSUER);
  } catch {
    problems.push('OIDC_ISSUER: must be a URL');
    return undefined;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push('OIDC_ISSUER: must be an https:// URL (http:// only on loopback, for tests)');
    return undefined;
  }
  return { issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE, roleClaim: env.OIDC_ROLE_CLAIM, teamClaim: env.OIDC_TEAM_CLAIM };
}
