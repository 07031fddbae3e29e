import type { GlobalPosition } from '../event-store.port.js';

/**
 * PostgreSQL's global order is (transaction id, position): sequence values are taken
 * before commit and transactions commit out of order, so the position alone would let
 * a reader skip an event that commits late. Both halves travel as one bigint (the
 * port's position), transaction id in the high 64 bits: comparing the bigints
 * compares the pairs.
 */
const LOW = 64n;
const MASK = (1n << LOW) - 1n;

export function encodePosition(transactionId: bigint | string, position: bigint | string): GlobalPosition {
  return (BigInt(transactionId) << LOW) | BigInt(position);
}

export function decodePosition(value: GlobalPosition): { transactionId: bigint; position: bigint } {
  return { transactionId: value >> LOW, position: value & MASK };
}
