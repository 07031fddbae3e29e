import { describe, expect, it } from '@jest/globals';
import { START } from '../event-store.port.js';
import { decodePosition, encodePosition } from './positions.js';

const MAX = 2n ** 63n - 1n;
const EDGES = [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 62n, MAX - 1n, MAX];

describe('KurrentDB position codec', () => {
  it('round-trips every pair of edge values exactly (0, 2^53+1, 2^63-1, …)', () => {
    for (const commit of EDGES) {
      for (const prepare of EDGES) {
        const packed = encodePosition({ commit, prepare });
        expect(typeof packed).toBe('bigint');
        expect(decodePosition(packed)).toEqual({ commit, prepare });
      }
    }
  });

  it('maps (0, 0) to the port START and back', () => {
    expect(encodePosition({ commit: 0n, prepare: 0n })).toBe(START);
    expect(decodePosition(START)).toEqual({ commit: 0n, prepare: 0n });
  });

  it('keeps digits a JS number would lose', () => {
    const packed = encodePosition({ commit: 2n ** 53n + 1n, prepare: 2n ** 53n + 1n });
    expect(decodePosition(packed).commit).toBe(9007199254740993n);
    expect(decodePosition(packed).prepare).toBe(9007199254740993n);
  });

  it('preserves $all order: by commit, then by prepare', () => {
    const pairs = EDGES.flatMap((commit) => EDGES.map((prepare) => ({ commit, prepare })));
    const byPair = [...pairs].sort((a, b) => (a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0));
    const packed = byPair.map(encodePosition);
    for (let i = 1; i < packed.length; i++) expect(packed[i] > packed[i - 1]).toBe(true);
    // and a pseudo-random sample, including prepare > commit within one commit
    let seed = 12345n;
    const next = () => (seed = (seed * 6364136223846793005n + 1442695040888963407n) & MAX);
    for (let i = 0; i < 2000; i++) {
      const a = { commit: next(), prepare: next() };
      const b = { commit: i % 3 === 0 ? a.commit : next(), prepare: next() };
      const pairOrder = a.commit !== b.commit ? a.commit < b.commit : a.prepare < b.prepare;
      if (a.commit === b.commit && a.prepare === b.prepare) continue;
      expect(encodePosition(a) < encodePosition(b)).toBe(pairOrder);
    }
  });

  it("refuses values outside KurrentDB's range instead of wrapping", () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: 2n ** 63n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 1 as unknown as bigint, prepare: 0n })).toThrow(TypeError);
    expect(() => decodePosition(-1n)).toThrow(RangeError);
    expect(() => decodePosition(1n << 127n)).toThrow(RangeError);
    expect(() => decodePosition(2n ** 63n)).toThrow(RangeError);
  });
});
