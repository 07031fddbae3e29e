import { describe, expect, it } from '@jest/globals';
import { CLOCK_SKEW_SECONDS, MAX_TOKEN_AGE_SECONDS, tokenTimeProblem } from './token-times.js';

const NOW = 1_800_000_000;
const fresh = { iat: NOW - 60, exp: NOW + 600 };

describe('tokenTimeProblem', () => {
  it('accepts a fresh token, and one from a clock up to the skew ahead', () => {
    expect(tokenTimeProblem(fresh, NOW)).toBeUndefined();
    expect(tokenTimeProblem({ iat: NOW + CLOCK_SKEW_SECONDS, nbf: NOW + CLOCK_SKEW_SECONDS, exp: NOW + 600 }, NOW)).toBeUndefined();
    expect(tokenTimeProblem({ iat: NOW - MAX_TOKEN_AGE_SECONDS, exp: NOW + 600 }, NOW)).toBeUndefined();
  });

  it('requires exp and iat, as numbers', () => {
    expect(tokenTimeProblem({ iat: NOW }, NOW)).toMatch(/no expiry/);
    expect(tokenTimeProblem({ iat: NOW, exp: String(NOW + 600) }, NOW)).toMatch(/no expiry/);
    expect(tokenTimeProblem({ exp: NOW + 600 }, NOW)).toMatch(/no issue time/);
    expect(tokenTimeProblem({ ...fresh, nbf: 'soon' }, NOW)).toMatch(/nbf claim is not a time/);
  });

  it('refuses an expired token, one from the future, one not valid yet and one too old, each beyond the skew', () => {
    expect(tokenTimeProblem({ iat: NOW - 600, exp: NOW - CLOCK_SKEW_SECONDS }, NOW)).toBe('the sign-on token has expired');
    expect(tokenTimeProblem({ iat: NOW + CLOCK_SKEW_SECONDS + 1, exp: NOW + 3600 }, NOW)).toMatch(/issued in the future/);
    expect(tokenTimeProblem({ ...fresh, nbf: NOW + CLOCK_SKEW_SECONDS + 1 }, NOW)).toMatch(/not valid yet/);
    expect(tokenTimeProblem({ iat: NOW - MAX_TOKEN_AGE_SECONDS - CLOCK_SKEW_SECONDS - 1, exp: NOW + 600 }, NOW)).toBe('the sign-on token is more than 12 hours old: sign in again');
  });
});
