import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { type AppConfig, APP_CONFIG, digestOf, isTeamReference, ROLES, type ApiKey, type OidcConfig, type Role } from '@app/composition';
import type { Principal } from './principal.js';
import { CLOCK_SKEW_SECONDS, tokenTimeProblem } from './token-times.js';

/** Why a token was not accepted: the 401 message (never the token). */
export class Unauthenticated extends Error {}

/** A sign-on token whose team claim is there but is not one team reference: refused, never read as "every team". */
export class UnreadableTeamClaim extends Unauthenticated {}

/** Signature algorithms accepted from the issuer: asymmetric only, so the API never holds a signing secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Turns a bearer token into a Principal: an API key from API_KEYS, or a JWT from the OIDC issuer. */
@Injectable()
export class Authenticator {
  private readonly logger = new Logger('Auth');
  private readonly keys: ApiKey[];
  private readonly oidc?: OidcConfig;
  private jwks?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keys = config.auth.apiKeys;
    this.oidc = config.auth.oidc;
  }

  async authenticate(token: string): Promise<Principal> {
    const keyHolder = this.apiKeyHolder(token);
    if (keyHolder) return keyHolder;
    if (this.oidc && token.split('.').length === 3) return this.verifyJwt(token, this.oidc);
    throw new Unauthenticated('the bearer token is not a known API key or a valid sign-on token');
  }

  get acceptsApiKeys(): boolean {
    return this.keys.length > 0;
  }

  /** Whom an API key from API_KEYS stands for (the dashboard's sign-in form takes keys only). */
  apiKeyHolder(token: string): Principal | undefined {
    const key = this.matchKey(token);
    return key ? this.principalOf(key) : undefined;
  }

  private principalOf(key: ApiKey): Principal {
    return { id: key.id, role: key.role, ...(key.teamId ? { teamId: key.teamId } : {}), via: 'api-key' };
  }

  /**
   * Whom a dashboard session's principal stands for now, under the current API_KEYS and
   * OIDC settings, or undefined when it no longer stands: a key taken out of API_KEYS,
   * or given another role or team, ends its sessions (across restarts too, since the
   * session holds only the key's id, a digest prefix). A sign-on session stands while
   * single sign-on is configured; it ends with its ID token (see BrowserSessions.start).
   */
  stillStanding(stored: Principal): Principal | undefined {
    if (stored.via === 'oidc') return this.oidc ? stored : undefined;
    const keys = this.keys.filter((k) => k.id === stored.id);
    if (keys.length !== 1) return undefined;
    const [key] = keys;
    return key.role === stored.role && key.teamId === stored.teamId ? this.principalOf(key) : undefined;
  }

  /** Compares the token's digest with every key's, always all of them, in constant time each. */
  private matchKey(token: string): ApiKey | undefined {
    const digest = digestOf(token);
    let found: ApiKey | undefined;
    for (const key of this.keys) if (timingSafeEqual(digest, key.digest)) found = key;
    return found;
  }

  private async verifyJwt(token: string, oidc: OidcConfig): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keySet(oidc), { issuer: oidc.issuer, audience: oidc.audience, algorithms: ALGORITHMS, clockTolerance: CLOCK_SKEW_SECONDS }));
    } catch (error) {
      throw new Unauthenticated(jwtProblem(error));
    }
    // jose checks exp and nbf only when present: the rest of a token's life (exp required, iat, age) is checked here.
    const problem = tokenTimeProblem(payload, Math.floor(Date.now() / 1000));
    if (problem) throw new Unauthenticated(problem);
    return principalFromClaims(payload, oidc);
  }

  /** The issuer's JWKS, found through its discovery document once (jose caches and refreshes the keys). */
  private keySet(oidc: OidcConfig): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.jwks ??= discoverJwks(oidc.issuer).catch((error: unknown) => {
      this.jwks = undefined; // try again on the next request
      this.logger.error(`OIDC discovery failed for ${oidc.issuer}: ${(error as Error).message}`);
      throw new Unauthenticated('the sign-on provider could not be reached to verify the token');
    });
    return this.jwks;
  }
}

async function discoverJwks(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`discovery answered ${res.status}`);
  const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
  if (doc.issuer !== issuer) throw new Error(`discovery names issuer ${String(doc.issuer)}, not ${issuer}`);
  if (typeof doc.jwks_uri !== 'string') throw new Error('discovery has no jwks_uri');
  return createRemoteJWKSet(new URL(doc.jwks_uri));
}

/** The most capable of the roles a claim names (a string or a list). */
function roleOf(claim: unknown): Role | undefined {
  const names = Array.isArray(claim) ? claim : [claim];
  return (['admin', 'auditor', 'manager'] as const).find((r) => names.includes(r));
}

function jwtProblem(error: unknown): string {
  if (error instanceof Unauthenticated) return error.message;
  if (error instanceof joseErrors.JWTExpired) return 'the sign-on token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') return 'the sign-on token is not valid yet (nbf claim)';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the sign-on token's ${error.claim} claim is not accepted`;
  return 'the sign-on token could not be verified';
}

/** The person a verified sign-on token (an API bearer token or a dashboard sign-in's ID token) names. */
export function principalFromClaims(payload: JWTPayload, oidc: OidcConfig): Principal {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new Unauthenticated('the sign-on token has no subject');
  const role = roleOf(payload[oidc.roleClaim]);
  if (!role) throw new Unauthenticated(`the sign-on token's ${oidc.roleClaim} claim names no role of this service (${ROLES.join(', ')})`);
  const teamId = role === 'manager' ? managersTeam(payload, oidc.teamClaim) : undefined;
  return { id: `oidc:${payload.sub}`, role, ...(teamId ? { teamId } : {}), via: 'oidc' };
}

/**
 * A manager's team from the team claim. No claim at all: an unbound manager (a head
 * of service sees every team). A claim that is there must be exactly one team
 * reference: a list (even of one), an empty string, a number, an object or null is
 * refused, because reading it as "no team" would widen the manager to every team.
 * Other roles see every team whatever the claim says, so theirs is not read.
 */
function managersTeam(payload: JWTPayload, teamClaim: string): string | undefined {
  if (!Object.hasOwn(payload, teamClaim)) return undefined;
  const team = payload[teamClaim];
  if (isTeamReference(team)) return team;
  throw new UnreadableTeamClaim(`the sign-on token's ${teamClaim} claim must be one team reference (letters, digits, '.', '_', '-'; at most 64), or absent for a manager of every team`);
}
