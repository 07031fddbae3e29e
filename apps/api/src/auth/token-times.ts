/**
 * The time checks every sign-on token must pass, whoever verified its signature (jose
 * for an API bearer token, openid-client for the dashboard's ID token), so both read
 * a token's life the same way. Plain functions: no framework, no clock of their own.
 */

/** Clocks of the issuer and of this service may differ by this much. */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * The oldest token accepted, from its `iat`: a token the issuer made to last for days
 * (or one copied from an old log) is refused after a working day all the same.
 */
export const MAX_TOKEN_AGE_SECONDS = 12 * 3600;

/** The time claims, as a decoded JWT payload holds them (of any JSON type). */
export interface TokenTimes {
  exp?: unknown;
  iat?: unknown;
  nbf?: unknown;
}

/**
 * Why a token's times are not accepted at `now` (seconds since the epoch), or
 * undefined when they are: `exp` and `iat` are required, `iat` and `nbf` may not be in
 * the future, and the token may be at most MAX_TOKEN_AGE_SECONDS old (each with the
 * skew allowed).
 */
export function tokenTimeProblem(claims: TokenTimes, now: number): string | undefined {
  const { exp, iat, nbf } = claims;
  if (!isNumericDate(exp)) return 'the sign-on token has no expiry (exp claim): only tokens that expire are accepted';
  if (!isNumericDate(iat)) return 'the sign-on token has no issue time (iat claim)';
  if (nbf !== undefined && !isNumericDate(nbf)) return "the sign-on token's nbf claim is not a time";
  if (exp <= now - CLOCK_SKEW_SECONDS) return 'the sign-on token has expired';
  if (iat > now + CLOCK_SKEW_SECONDS) return 'the sign-on token was issued in the future: check the clocks of the issuer and of this service';
  if (nbf !== undefined && nbf > now + CLOCK_SKEW_SECONDS) return 'the sign-on token is not valid yet (nbf claim)';
  if (now - iat > MAX_TOKEN_AGE_SECONDS + CLOCK_SKEW_SECONDS) return `the sign-on token is more than ${MAX_TOKEN_AGE_SECONDS / 3600} hours old: sign in again`;
  return undefined;
}

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
