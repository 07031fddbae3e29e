import type { Pause } from '@app/domain';

/**
 * Longest run of evaluation work between two turns of the event loop: an authority's
 * evaluation takes around half a second of CPU, and the server must go on answering
 * (health checks above all) meanwhile; each turn then waits for one such run.
 */
export const SLICE_BUDGET_MS = 5;

/**
 * A Pause for evaluateInSlices that gives the event loop back once `budgetMs` of
 * synchronous work has run since it last did: setImmediate lets waiting I/O (other
 * requests, health checks) run first, and costs nothing when there is none.
 */
export function yieldingEvery(budgetMs: number): Pause {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
