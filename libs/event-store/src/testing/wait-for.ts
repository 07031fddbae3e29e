import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, GlobalPosition, StoredEvent } from '../event-store.port.js';

/** Polls `condition` (which may be async) every 10 ms; fails naming `what` if it is still false after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * How long a test waits for committed events to reach readers of the global order.
 * PostgreSQL's gap-safe reader passes no event until every older transaction on the
 * whole server has ended, so a transaction held by another test suite (in any database)
 * delays what a test has just appended: visibility is awaited, never expected at once.
 */
export const VISIBLE_WITHIN_MS = 30_000;

/** Waits until `count` events after `after` are visible to `readAll` (bounded). */
export async function untilVisible(store: EventStore, after: GlobalPosition, count: number): Promise<void> {
  await waitFor(async () => (await store.readAll({ after, limit: count })).length >= count, `${count} events to be visible to readAll`, VISIBLE_WITHIN_MS);
}

/** `readAll` once the `count` events just appended after `after` are visible to it. */
export async function readAllVisible(store: EventStore, after: GlobalPosition, count: number, limit = 1000): Promise<StoredEvent[]> {
  await untilVisible(store, after, count);
  return store.readAll({ after, limit });
}
