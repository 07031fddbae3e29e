import { describe, expect, it } from '@jest/globals';
import { StreamLocks } from './stream-locks.js';

/** A promise settled from outside, so a test decides when each piece of work ends. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamLocks', () => {
  it('runs work on a stream only after the earlier work holding it settles, and work on other streams meanwhile', async () => {
    const locks = new StreamLocks();
    const first = deferred();
    const started: string[] = [];
    const work = (name: string, done?: Promise<void>) => () => (started.push(name), done ?? Promise.resolve());
    void locks.run(['a', 'b'], work('a+b', first.promise));
    const waiting = locks.run(['b'], work('b'));
    const free = locks.run(['c'], work('c'));
    await free;
    await settle();
    expect(started).toEqual(['a+b', 'c']);
    first.resolve();
    await waiting;
    expect(started).toEqual(['a+b', 'c', 'b']);
  });

  it('frees the streams when work fails, and gives the failure to its caller only', async () => {
    const locks = new StreamLocks();
    const failing = deferred();
    const failed = locks.run(['a'], () => failing.promise);
    const next = locks.run(['a'], async () => 'ran');
    failing.reject(new Error('boom'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
