import type { Pause } from '@app/domain';

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
