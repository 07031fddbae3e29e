import { describe, expect, it } from '@jest/globals';
import { StreamCache, type CachedStream } from './stream-cache.js';

const at = (version: number): CachedStream => ({ version, lastEventId: `e${version}`, timeline: { type: 'worker', id: 'W', facts: [] } });

describe('StreamCache', () => {
  it('drops the least recently used stream beyond its capacity, a read counting as a use', () => {
    const cache = new StreamCache(2);
    cache.put('a', at(0));
    cache.put('b', at(0));
    cache.get('a');
    cache.put('c', at(0));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((e) => e?.version)).toEqual([0, undefined, 0]);
    expect(cache.size).toBe(2);
  });

  it('keeps the entry further along a stream: a call that read earlier may finish after one that wrote later', () => {
    const cache = new StreamCache();
    cache.put('a', at(5));
    cache.put('a', at(3));
    expect(cache.get('a')?.version).toBe(5);
    cache.put('a', at(6));
    expect(cache.get('a')?.version).toBe(6);
  });

  it('forgets a stream, and keeps nothing with a capacity of 0', () => {
    const cache = new StreamCache(0);
    cache.put('a', at(0));
    expect(cache.get('a')).toBeUndefined();
    const other = new StreamCache();
    other.put('a', at(0));
    other.forget('a');
    expect(other.get('a')).toBeUndefined();
    expect(() => new StreamCache(-1)).toThrow(RangeError);
  });
});
