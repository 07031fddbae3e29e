import { EVENT_STORE } from '@app/composition';
import type { EventStore } from '@app/event-store';
import { generateHistory, type GeneratedEvent } from '@app/generator';
import { ProjectionRunner } from '@app/projections';
import { EventRecorder } from '@app/recording';
import { loadHistory } from '../../apps/cli/src/load-history.js';
import { policyFileEnv, startTestApp, tempDataDir, type TestSite } from './test-app.js';

/** The generated year the dashboard's browser tests read: 1 July 2025 to 30 June 2026, seed 11. */
export const YEAR_START = '2025-07-01';
export const YEAR_END = '2026-06-30';

export interface GeneratedYearOptions {
  /** Of a mid-size authority: 0.1 is one team, 0.2 two. */
  scale: number;
  /** More settings for the app (e.g. `apiKeysWith(...)`). */
  env?: Record<string, string>;
  /** An authority's policy: written to the data directory and run under (POLICY_FILE). */
  policy?: unknown;
}

/** A test app holding the generated year, and that year's events as loaded (all stored: none refused). */
export interface GeneratedYearApp extends TestSite {
  generated: GeneratedEvent[];
}

/**
 * A real API server over a new data directory (named from `prefix`), with the
 * generated year loaded as `npm run demo` loads it, the projections caught up before
 * anyone opens a page, and the clock at 16:00 on the year's last day.
 */
export async function startWithGeneratedYear(prefix: string, { scale, env = {}, policy }: GeneratedYearOptions): Promise<GeneratedYearApp> {
  const dataDir = tempDataDir(prefix);
  const t = await startTestApp(dataDir, { ...(policy === undefined ? {} : policyFileEnv(dataDir, policy)), ...env });
  const generated = [...generateHistory({ seed: 11, scale, start: YEAR_START, end: YEAR_END })];
  const loaded = await loadHistory(t.app.get(EventRecorder), t.clock, generated);
  expect(loaded.refused).toEqual([]);
  await t.app.get(ProjectionRunner).waitFor(await t.app.get<EventStore>(EVENT_STORE).headPosition(), 600_000);
  t.clock.set(new Date(`${YEAR_END}T16:00:00Z`));
  return { ...t, generated };
}
