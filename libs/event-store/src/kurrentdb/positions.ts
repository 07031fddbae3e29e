import type { GlobalPosition } from '../event-store.port.js';

/**
 * KurrentDB orders `$all` by a pair of log positions, `{ commit, prepare }`, each a
 * non-negative signed 64-bit integer (so up to 2^63-1, far beyond 2^53). The port has one
 * bigint, so the pair travels packed: commit in the high 64 bits, prepare in the low 64.
 * Comparing the packed bigints compares the pairs lexicographically, which is `$all`'s
 * order, and packing is exact both ways because it never goes through a JS number.
 *
 * The port's START (0n) is the pair (0, 0), before every event: KurrentDB's first event
 * is never at (0, 0) with a user event type (the log starts with system records).
 */
const HALF = 64n;
const MAX_HALF = (1n << 63n) - 1n;
const LOW_MASK = (1n << HALF) - 1n;

export interface KurrentPosition {
  commit: bigint;
  prepare: bigint;
}

export function encodePosition({ commit, prepare }: KurrentPosition): GlobalPosition {
  for (const [name, value] of [
    ['commit', commit],
    ['prepare', prepare],
  ] as const) {
    if (typeof value !== 'bigint') throw new TypeError(`${name} position must be a bigint, got ${typeof value}`);
    if (value < 0n || value > MAX_HALF) throw new RangeError(`${name} position ${value} is outside 0..2^63-1`);
  }
  return (commit << HALF) | prepare;
}

export function decodePosition(position: GlobalPosition): KurrentPosition {
  if (typeof position !== 'bigint') throw new TypeError(`position must be a bigint, got ${typeof position}`);
  if (position < 0n) throw new RangeError(`position ${position} is negative`);
  const commit = position >> HALF;
  const prepare = position & LOW_MASK;
  if (commit > MAX_HALF || prepare > MAX_HALF) throw new RangeError(`position ${position} is not a packed KurrentDB position`);
  return { commit, prepare };
}
