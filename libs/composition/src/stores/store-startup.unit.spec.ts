import { describe, expect, it } from '@jest/globals';
import { StoreUnavailableError } from '@app/event-store';
import { waitFor } from '../../../event-store/src/testing/wait-for.js';
import { lateBound, StoreStartup } from './store-startup.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** Opens fail `failures` times as an unreachable server would, then succeed. */
function flaky<T>(failures: number, value: T) {
  let calls = 0;
  return {
    open: async () => {
      calls++;
      if (calls <= failures) throw refused();
      return value;
    },
    calls: () => calls,
  };
}

describe('StoreStartup', () => {
  it('opens at once when the database answers', async () => {
    const startup = new StoreStartup(true);
    const opening = await startup.open(
      'eventStore',
      async () => 'store',
      async () => undefined,
    );
    expect(opening.current()).toBe('store');
    expect(startup.ready).toBe(true);
    expect(startup.waitingFor()).toEqual({});
  });

  it('keeps trying in the background while the database is unreachable, saying why, then becomes ready and runs what waited', async () => {
    const startup = new StoreStartup(true);
    const part = flaky(3, { query: async (n: number) => n * 2, close: async () => undefined });
    const opening = await startup.open('accessLog', part.open, async () => undefined);
    expect(startup.ready).toBe(false);
    expect(startup.waitingFor()).toEqual({ accessLog: 'ECONNREFUSED' });
    const log = lateBound(opening, { query: true, close: true });
    await expect(async () => log.query(1)).rejects.toBeInstanceOf(StoreUnavailableError);
    let started = false;
    startup.onReady(() => (started = true));

    await waitFor(() => startup.ready, 'the part to open', 10_000);
    expect(part.calls()).toBe(4);
    expect(started).toBe(true);
    expect(await log.query(21)).toBe(42);
    await startup.onApplicationShutdown();
  });

  it('fails the start on any other error: a wrong password or a bad migration does not fix itself', async () => {
    const startup = new StoreStartup(true);
    const wrongPassword = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    await expect(
      startup.open(
        'sessions',
        async () => Promise.reject(wrongPassword),
        async () => undefined,
      ),
    ).rejects.toBe(wrongPassword);
  });

  it('does not retry for the CLI: a command run while the database is down fails at once', async () => {
    const startup = new StoreStartup(false);
    await expect(startup.open('eventStore', flaky(1, 'store').open, async () => undefined)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stops trying at shutdown', async () => {
    const startup = new StoreStartup(true);
    const part = flaky(1, 'pool');
    const closed: string[] = [];
    await startup.open('readModels', part.open, async (value) => void closed.push(value));
    await startup.onApplicationShutdown();
    await new Promise((resolve) => setImmediate(resolve));
    expect(part.calls()).toBe(1); // the retry timer was cleared
    expect(closed).toEqual([]);
  });
});
