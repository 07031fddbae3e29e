import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from '@app/event-store';
import { waitFor } from '../../../../libs/event-store/src/testing/index.js';
import { GroupCommit } from './group-commit.js';

/** A store whose commits finish when the test says: each write waits for its `finish`. */
function heldStore() {
  const writes: { items: string[]; finish(error?: Error): void }[] = [];
  const write = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      writes.push({ items, finish: (error) => (error ? reject(error) : resolve()) });
    });
  const started = (n: number) => waitFor(() => writes.length >= n, `${n} writes to start`);
  return { writes, write, started };
}

describe('group commit', () => {
  it('writes a lone item at once, in a transaction of its own', async () => {
    const written: string[][] = [];
    const commits = new GroupCommit<string>(async (items) => void written.push(items), 10);
    await commits.add('a');
    expect(written).toEqual([['a']]);
  });

  it('puts what is added during a commit into the next one, together, and answers each caller after its own commit', async () => {
    const store = heldStore();
    const commits = new GroupCommit<string>(store.write, 10);
    const settled: string[] = [];
    const add = (item: string) => commits.add(item).then(() => settled.push(item));
    const a = add('a');
    await store.started(1);
    const rest = ['b', 'c', 'd'].map(add);
    expect(settled).toEqual([]);
    store.writes[0].finish();
    await a;
    await store.started(2);
    expect(settled).toEqual(['a']);
    expect(store.writes.map((w) => w.items)).toEqual([['a'], ['b', 'c', 'd']]);
    store.writes[1].finish();
    await Promise.all(rest);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('puts no more than its bound in one transaction', async () => {
    const written: string[][] = [];
    const commits = new GroupCommit<string>(async (items) => void written.push(items), 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => commits.add(item)));
    expect(written).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('fails every caller of a failed commit with its error, and goes on with the next', async () => {
    const store = heldStore();
    const commits = new GroupCommit<string>(store.write, 10);
    const first = ['a', 'b'].map((item) => commits.add(item));
    await store.started(1);
    const next = commits.add('c');
    const refused = new Error('connection lost');
    store.writes[0].finish(refused);
    expect(await Promise.allSettled(first)).toEqual([
      { status: 'rejected', reason: refused },
      { status: 'rejected', reason: refused },
    ]);
    await store.started(2);
    store.writes[1].finish();
    await expect(next).resolves.toBeUndefined();
  });

  it('commits what is waiting when closed, and refuses what comes after as unavailable', async () => {
    const store = heldStore();
    const commits = new GroupCommit<string>(store.write, 10);
    const waiting = ['a', 'b'].map((item) => commits.add(item));
    await store.started(1);
    const third = commits.add('c');
    let closed = false;
    const closing = commits.close().then(() => (closed = true));
    const late = await commits.add('d').catch((error: unknown) => error);
    expect(isDatabaseUnavailable(late)).toBe(true);
    store.writes[0].finish();
    await store.started(2);
    expect(closed).toBe(false);
    store.writes[1].finish();
    await closing;
    await Promise.all([...waiting, third]);
    expect(store.writes.map((w) => w.items)).toEqual([['a', 'b'], ['c']]);
  });
});
