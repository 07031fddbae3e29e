import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';

/**
 * A real OpenID Connect provider for browser tests (the `oidc-provider` package), on
 * loopback: one public client that must use PKCE, people who log in at its built-in
 * development pages (any password) and whose ID tokens carry the role and team claims
 * this service reads. Nothing leaves the machine.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  /** The claims each login is given (`sub` is the login itself). */
  accounts: Readonly<Record<string, Record<string, unknown>>>;
  close(): Promise<void>;
}

/** The package ships no types: the little of it used here. */
const PACKAGE: string = 'oidc-provider';
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => { callback(): http.RequestListener };

export const TEST_CLIENT_ID = 'practice-audit-dashboard';

/** Who may log in, and what their ID token says about them. */
export const TEST_ACCOUNTS: Readonly<Record<string, Record<string, unknown>>> = {
  'auditor-ann': { name: 'Ann Auditor', roles: ['auditor'] },
  'manager-north': { name: 'Nadia North', roles: 'manager', team: 'T-NORTH' },
  nobody: { name: 'No Body' },
  // A manager whose directory gives two teams: refused, never made a manager of every team.
  'manager-two-teams': { name: 'Tom Two', roles: ['manager'], team: ['T-NORTH', 'T-SOUTH'] },
};

export async function startOidcProvider(options: { redirectUris: string[]; clientId?: string; accounts?: Record<string, Record<string, unknown>> }): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? TEST_CLIENT_ID;
  const accounts = options.accounts ?? TEST_ACCOUNTS;
  const restoreConsole = silenceProviderNotices();
  // Imported here, after the console filter is in place: the package warns on import (Node 20 is below its preferred runtime).
  const { default: Provider } = (await import(PACKAGE)) as { default: ProviderClass };

  // The issuer URL names the port, and the provider needs its issuer: listen first, then attach the provider.
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = accounts[sub];
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    // The role and team ride on the `profile` scope, straight into the ID token (the service reads no userinfo).
    claims: { openid: ['sub'], profile: ['name', 'roles', 'team'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-oidc-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
  });
  handler = provider.callback();

  return {
    issuer,
    clientId,
    accounts,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      restoreConsole();
    },
  };
}

/** The provider's quick-start notices (development keys, adapter and interactions, which a test means to use) are noise here. */
function silenceProviderNotices(): () => void {
  const { info, warn } = console;
  const quiet =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
      original.apply(console, args);
    };
  console.info = quiet(info);
  console.warn = quiet(warn);
  return () => {
    console.info = info;
    console.warn = warn;
  };
}
