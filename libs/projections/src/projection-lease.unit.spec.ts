import { describe, expect, it } from '@jest/globals';
import { LeasedRunner, LocalLease, type ProjectionLease } from './projection-lease.js';

/** A lease the test hands out and takes away. */
class FakeLease implements ProjectionLease {
  lost: Promise<void> = new Promise(() => undefined);
  private grant: () => void = () => undefined;
  private loseIt: () => void = () => undefined;
  acquisitions = 0;

  acquire(): Promise<void> {
    this.acquisitions++;
    this.lost = new Promise((resolve) => (this.loseIt = resolve));
    return new Promise((resolve) => (this.grant = resolve));
  }
  give(): void {
    this.grant();
  }
  take(): void {
    this.loseIt();
  }
  async release(): Promise<void> {
    this.grant();
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

function fakeRunner() {
  const log: string[] = [];
  return { log, start: async () => void log.push('start'), stop: async () => void log.push('stop') };
}

describe('LeasedRunner', () => {
  it('runs the projection only while it holds the lease, and waits for it again when lost', async () => {
    const lease = new FakeLease();
    const runner = fakeRunner();
    const changes: boolean[] = [];
    const leased = new LeasedRunner(lease, runner, (active) => changes.push(active));
    leased.start();
    await tick();
    expect(runner.log).toEqual([]); // waiting for the lease
    lease.give();
    await tick();
    expect([runner.log, leased.active]).toEqual([['start'], true]);
    lease.take();
    await tick();
    expect([runner.log, leased.active, lease.acquisitions]).toEqual([['start', 'stop'], false, 2]);
    lease.give();
    await tick();
    expect(runner.log).toEqual(['start', 'stop', 'start']);
    await leased.stop();
    expect(changes).toEqual([true, false, true, false]);
  });

  it('stops at once with the embedded lease (nothing to wait for)', async () => {
    const runner = fakeRunner();
    const leased = new LeasedRunner(new LocalLease(), runner);
    leased.start();
    await tick();
    await leased.stop(); // would hang (and time out) if stop waited for a lease that is never lost
    expect(runner.log.at(-1)).toBe('stop');
    expect(leased.active).toBe(false);
  });
});
