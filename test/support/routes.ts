import type { TestApp } from './test-app.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface Route {
  path: string;
  methods: Set<string>;
}

/**
 * The running application's routes from Express's own router, grouped by path, so a test
 * that walks them covers a new route without being edited. The catch-alls (Nest's for
 * excluded prefixes, every method; the dashboard's HTML 404, `*path`) are not endpoints.
 */
export function routesOf(t: TestApp): Route[] {
  const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  const byPath = new Map<string, Set<string>>();
  for (const { route } of stack) {
    if (!route || route.path.includes('*')) continue;
    const methods = Object.keys(route.methods).map((m) => m.toUpperCase());
    if (methods.length > HTTP_METHODS.length) continue;
    const set = byPath.get(route.path) ?? new Set<string>();
    methods.forEach((m) => set.add(m));
    byPath.set(route.path, set);
  }
  return [...byPath].map(([path, methods]) => ({ path, methods }));
}
