import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { principalFromClaims, Unauthenticated, UnreadableTeamClaim } from '../auth/authenticator.js';
import { type OidcConfig, type AppConfig, APP_CONFIG } from '@app/composition';
import type { Principal } from '../auth/principal.js';
import { CLOCK_SKEW_SECONDS, tokenTimeProblem } from '../auth/token-times.js';
import type { PendingSignIn } from './session-store.js';

/** The path the issuer sends people back to. */
export const CALLBACK_PATH = '/auth/callback';

/** Who signed in, and until when the ID token vouches for them (the session ends then, at the latest). */
export interface CompletedSignIn {
  principal: Principal;
  idTokenExpires: Date;
}

/**
 * People signing in at the council's OIDC issuer: the authorization-code flow with
 * PKCE (S256), state and nonce, with openid-client; the ID token's role and team
 * claims are read exactly as the API reads a bearer token's.
 */
@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger('SignIn');
  private readonly oidc?: OidcConfig;
  private readonly clientConfig?: AppConfig['web']['oidcClient'];
  private readonly redirectUri: string;
  private discovered?: Promise<client.Configuration>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.oidc = config.auth.oidc;
    this.clientConfig = config.web.oidcClient;
    this.redirectUri = `${config.web.publicUrl}${CALLBACK_PATH}`;
  }

  get enabled(): boolean {
    return Boolean(this.oidc && this.clientConfig);
  }

  /** Where to send the browser, and what the callback must match. */
  async begin(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), next };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the code (with the PKCE verifier), checks state and nonce, and reads who
   * signed in. Only the callback's query comes from the request: openid-client sends
   * the URL it is given, less its query, as the token request's redirect_uri, which
   * must be PUBLIC_URL's (not the scheme and Host a proxy reached this process with).
   * openid-client requires exp and iat and checks exp and nbf; the rest of the token's
   * life (iat not in the future, its age) is checked as for an API bearer token.
   */
  async complete(callbackQuery: string, pending: PendingSignIn): Promise<CompletedSignIn> {
    const config = await this.configuration();
    const current = new URL(this.redirectUri);
    current.search = callbackQuery;
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      this.logger.warn(`sign-in at the issuer failed: ${(error as Error).name}: ${(error as Error).message}`);
      throw new Unauthenticated('the sign-in at your council account did not complete; try again');
    }
    if (!claims) throw new Unauthenticated('the issuer sent no ID token');
    const problem = tokenTimeProblem(claims, Math.floor(Date.now() / 1000));
    if (problem) {
      this.logger.warn(`sign-in refused: ${problem}`);
      throw new Unauthenticated('the sign-in at your council account did not complete; try again');
    }
    return { principal: this.principalOf(claims), idTokenExpires: new Date(claims.exp * 1000) };
  }

  /** Said for a person, not a program: the claim's name means nothing to them. */
  private principalOf(claims: client.IDToken): Principal {
    try {
      return principalFromClaims(claims, this.oidc!);
    } catch (error) {
      if (error instanceof UnreadableTeamClaim) {
        throw new Unauthenticated('Your council account’s team could not be read (it must name exactly one team). Ask your administrator to check your account.');
      }
      if (!(error instanceof Unauthenticated)) throw error;
      throw new Unauthenticated('Your council account has no role in this service (auditor, manager or admin). Ask your administrator for access.');
    }
  }

  private configuration(): Promise<client.Configuration> {
    const { oidc, clientConfig } = this;
    if (!oidc || !clientConfig) throw new Error('OIDC sign-in is not configured');
    this.discovered ??= discover(oidc.issuer, clientConfig).catch((error: unknown) => {
      this.discovered = undefined; // try again on the next sign-in
      this.logger.error(`OIDC discovery failed for ${oidc.issuer}: ${(error as Error).message}`);
      throw new Unauthenticated('your council’s sign-in service could not be reached; try again shortly');
    });
    return this.discovered;
  }
}

function discover(issuer: string, clientConfig: { clientId: string; clientSecret?: string }): Promise<client.Configuration> {
  const url = new URL(issuer);
  // Plain http only to an issuer on this machine (development and tests); anything else must be https.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return client.discovery(
    url,
    clientConfig.clientId,
    // The same clock skew as for bearer tokens (openid-client's own default is 30 s).
    { [client.clockTolerance]: CLOCK_SKEW_SECONDS },
    clientConfig.clientSecret ? client.ClientSecretPost(clientConfig.clientSecret) : client.None(),
    { ...(loopback ? { execute: [client.allowInsecureRequests] } : {}), timeout: 5 },
  );
}
