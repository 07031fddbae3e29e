import { describe, expect, it } from '@jest/globals';
import { digestOf, keyIdOf, parseAuth, type AuthEnv } from './auth-config.js';

const env = (over: Partial<AuthEnv>): AuthEnv => ({ OIDC_ROLE_CLAIM: 'roles', OIDC_TEAM_CLAIM: 'team', NODE_ENV: 'development', ...over });

function parsed(over: Partial<AuthEnv>) {
  const problems: string[] = [];
  return { auth: parseAuth(env(over), problems), problems };
}

describe('parseAuth', () => {
  it('reads key:role and key:role:team entries, keeping only digests and naming keys by a digest prefix', () => {
    const { auth, problems } = parsed({ API_KEYS: ' aaaaaaaaaaaaaaaa1:admin , bbbbbbbbbbbbbbbb2:manager:T-NORTH' });
    expect(problems).toEqual([]);
    expect(auth.apiKeys.map(({ id, role, teamId }) => ({ id, role, teamId }))).toEqual([
      { id: keyIdOf(digestOf('aaaaaaaaaaaaaaaa1')), role: 'admin', teamId: undefined },
      { id: keyIdOf(digestOf('bbbbbbbbbbbbbbbb2')), role: 'manager', teamId: 'T-NORTH' },
    ]);
    expect(JSON.stringify(auth)).not.toContain('aaaaaaaaaaaaaaaa1');
    expect(auth.generatedAdminKey).toBeUndefined();
  });

  it('names each bad entry by its position, never by its key', () => {
    const { problems } = parsed({ API_KEYS: 'short:admin,cccccccccccccccc3:owner,dddddddddddddddd4:auditor:T-1,eeeeeeeeeeeeeeee5,ffffffffffffffff6:admin,ffffffffffffffff6:auditor' });
    expect(problems).toEqual([
      'API_KEYS entry 1: the key must be 16-256 characters of letters, digits and _~.+/=-',
      'API_KEYS entry 2: role must be one of auditor, manager, admin',
      'API_KEYS entry 3: only a manager key can be bound to a team',
      'API_KEYS entry 4: must be key:role or key:role:teamId',
      'API_KEYS entry 6: the same key is listed twice',
    ]);
    expect(problems.join()).not.toContain('ffffffffffffffff6');
  });

  it('refuses to run in production with no authentication configured', () => {
    expect(parsed({ NODE_ENV: 'production' }).problems).toEqual(['production mode needs authentication: set API_KEYS (key:role or key:role:teamId entries) or OIDC_ISSUER and OIDC_AUDIENCE']);
    expect(parsed({ NODE_ENV: 'production', API_KEYS: 'aaaaaaaaaaaaaaaa1:admin' }).problems).toEqual([]);
    expect(parsed({ NODE_ENV: 'production', OIDC_ISSUER: 'https://login.example.gov.uk', OIDC_AUDIENCE: 'audit' }).problems).toEqual([]);
  });

  it('makes a fresh admin key in development when nothing is configured', () => {
    const a = parsed({}).auth;
    const b = parsed({}).auth;
    expect(a.generatedAdminKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.generatedAdminKey).not.toBe(b.generatedAdminKey);
    expect(a.apiKeys).toEqual([{ id: keyIdOf(digestOf(a.generatedAdminKey!)), digest: digestOf(a.generatedAdminKey!), role: 'admin' }]);
  });

  it('needs both OIDC_ISSUER and OIDC_AUDIENCE, and https except on loopback', () => {
    expect(parsed({ OIDC_ISSUER: 'https://login.example.gov.uk' }).problems).toEqual(['OIDC_ISSUER and OIDC_AUDIENCE go together: set both for single sign-on']);
    expect(parsed({ OIDC_ISSUER: 'http://login.example.gov.uk', OIDC_AUDIENCE: 'a' }).problems[0]).toMatch(/must be an https:\/\/ URL/);
    expect(parsed({ OIDC_ISSUER: 'http://127.0.0.1:4444', OIDC_AUDIENCE: 'a' }).auth.oidc).toEqual({ issuer: 'http://127.0.0.1:4444', audience: 'a', roleClaim: 'roles', teamClaim: 'team' });
  });
});
