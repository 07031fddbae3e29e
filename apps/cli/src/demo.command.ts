import { addMonths, addDays, todayInLondon, type RuleCompliance } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import { ProjectionRunner } from '@app/projections';
import { FlagReads, type AppConfig, EVENT_STORE, ManualClock } from '@app/composition';
import { EventRecorder } from '@app/recording';
import { openContext } from './app-context.js';
import { loadHistory } from './load-history.js';
import { progressBar } from './progress.js';

export interface DemoOptions {
  seed: number;
  scale: number;
  months: number;
}

/** Loads a generated history ending today into DATA_DIR, so a new user sees real flags. */
export async function demo(config: AppConfig, options: DemoOptions): Promise<void> {
  const clock = new ManualClock();
  const app = await openContext(config, clock);
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const existing = await store.count();
    if (existing > 0) {
      throw new Error(`${config.dataDir} already holds ${existing} events; point DATA_DIR at an empty directory (or delete it) to load the demo`);
    }
    const end = todayInLondon();
    const history = { seed: options.seed, scale: options.scale, start: addDays(addMonths(end, -options.months), 1), end };
    console.log(`Generating ${options.months} months of a local authority (scale ${options.scale}, seed ${options.seed}), ${history.start} to ${end}`);
    const events = [...generateHistory(history)];
    const bar = progressBar('Recording', events.length);
    const result = await loadHistory(app.get(EventRecorder), clock, events, () => bar.increment());
    bar.stop();
    await projected(app.get(ProjectionRunner), await store.headPosition(), result.stored);
    const [today] = (await app.get(FlagReads).compliance([end], undefined, undefined)).values();
    report(result.stored, result.refused.length, today.rules);
    console.log(closingMessage(config.port));
    if (result.refused.length > 0) {
      console.error('First refusals:', JSON.stringify(result.refused.slice(0, 5), null, 2));
      process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
}

/** Waits for the projections to take in the `stored` events, up to `head`, showing how many they have (a year at scale 1 takes minutes). */
async function projected(runner: ProjectionRunner, head: bigint, stored: number): Promise<void> {
  const bar = progressBar('Projecting flags', stored);
  while (!(await runner.waitFor(head, 1000))) bar.update(Math.min(runner.applied, stored));
  bar.update(stored);
  bar.stop();
}

function report(stored: number, refused: number, rules: RuleCompliance[]): void {
  console.log(`Stored ${stored} events (${refused} refused). Open drift flags as of today:`);
  console.table(Object.fromEntries(rules.filter((r) => r.flagged > 0).map((r) => [r.rule, { flags: r.flagged }])));
}

/** Where to look next, on the port the API will listen on: the same PORT this run was configured with. */
export function closingMessage(port: number): string {
  const base = `http://localhost:${port}`;
  return `Start the API with \`npm start\` (it prints an admin key unless API_KEYS is set), open ${base}/dashboard and sign in with that key, or ask GET ${base}/api/v1/flags with Authorization: Bearer <key>`;
}
