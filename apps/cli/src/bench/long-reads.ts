import { addDays, todayInLondon } from '@app/domain';
import type { Row } from './bench.command.js';
import { percentile } from './measure.js';
import { read } from './read-model-reads.js';
import { ServerProcess } from './server-process.js';
import type { BenchTarget } from './targets.js';

/** Past as-of dates sampled, each read with and without knownAt. */
const PAST_DATES = 10;
const IDLE_HEALTH_SAMPLES = 50;

/**
 * Whether one read can freeze the API. On a server of its own (nothing cached): the
 * first read (which loads the read model), then GET /flags one at a time as of far
 * future and far past dates and a sample of past dates, with and without knownAt (each
 * a fresh evaluation of every rule), then a dashboard as of a far date (twelve), while
 * /health is polled back to back from here. The API exposes nothing new for this: a
 * blocked event loop shows as a slow /health, so the longest block is taken as the
 * slowest /health less its median on the idle server.
 */
export async function longReadLatencies(target: BenchTarget): Promise<Row[]> {
  const server = await ServerProcess.start(target.env);
  try {
    const idle = await healthLatencies(server, IDLE_HEALTH_SAMPLES);
    const idleMedian = percentile(idle, 50);
    const first = await whilePolling(server, () => timedRead(server, '/flags', 'limit=1'));
    const reads = await whilePolling(server, async () => {
      const times: { query: string; ms: number }[] = [];
      for (const query of flagQueries(todayInLondon())) times.push({ query, ms: await timedRead(server, '/flags', query) });
      return times;
    });
    const dashboard = await whilePolling(server, () => timedRead(server, '/dashboard', 'asOf=2099-12-31'));
    const slowest = reads.result.reduce((a, b) => (b.ms > a.ms ? b : a));
    const during = [...reads.health, ...dashboard.health];
    console.log(`Slowest GET /flags: ${slowest.query} in ${Math.round(slowest.ms)} ms`);
    return [
      { measure: 'GET /flags, first read after start (loads the read model)', value: first.result, unit: 'ms' },
      { measure: '  /health during it: max', value: Math.max(...first.health), unit: 'ms' },
      { measure: `slowest single GET /flags of ${reads.result.length} (asOf 2099-12-31, 1990-01-01, ${PAST_DATES} past dates; with and without knownAt)`, value: slowest.ms, unit: 'ms' },
      { measure: 'GET /dashboard as of 2099-12-31 (12 evaluations)', value: dashboard.result, unit: 'ms' },
      { measure: '/health on the idle API: p50', value: idleMedian, unit: 'ms' },
      { measure: `/health while those reads ran (${during.length} polls): p50`, value: percentile(during, 50), unit: 'ms' },
      { measure: '/health while those reads ran: max', value: Math.max(...during), unit: 'ms' },
      { measure: 'longest event-loop block in the API while they ran (slowest /health less its idle p50)', value: Math.max(0, Math.max(...during) - idleMedian), unit: 'ms' },
    ];
  } finally {
    await server.stop();
  }
}

/** Far dates first (the reads that used to freeze the server), then past ones; each asked once with knownAt. */
function flagQueries(today: string): string[] {
  const past = Array.from({ length: PAST_DATES }, (_, i) => addDays(today, -(17 + 33 * i)));
  return [
    'asOf=2099-12-31',
    'asOf=1990-01-01',
    ...past.map((asOf) => `asOf=${asOf}`),
    `asOf=2099-12-31&knownAt=${today}`,
    `asOf=1990-01-01&knownAt=${today}`,
    ...past.map((asOf) => `asOf=${asOf}&knownAt=${minDate(addDays(asOf, 14), today)}`),
  ];
}

const minDate = (a: string, b: string) => (a < b ? a : b);

/** Runs `work` while /health is polled back to back; its result and every /health latency (ms) meanwhile. */
async function whilePolling<T>(server: ServerProcess, work: () => Promise<T>): Promise<{ result: T; health: number[] }> {
  let done = false;
  const health: number[] = [];
  const polling = (async () => {
    while (!done) health.push(await healthLatency(server));
  })();
  try {
    return { result: await work(), health };
  } finally {
    done = true;
    await polling;
  }
}

async function healthLatencies(server: ServerProcess, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await healthLatency(server));
  return samples;
}

async function healthLatency(server: ServerProcess): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${server.url}/health`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET /health answered ${res.status}`);
  return performance.now() - started;
}

/** One GET, the body read whole, in ms; any answer but 200 stops the bench. */
async function timedRead(server: ServerProcess, endpoint: string, query: string): Promise<number> {
  const started = performance.now();
  await read(server, endpoint, query);
  return performance.now() - started;
}
