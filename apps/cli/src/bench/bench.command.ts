import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, addMonths, DEFAULT_POLICY, londonDate, todayInLondon } from '@app/domain';
import { START, type NewEvent } from '@app/event-store';
import { generateHistory, type GeneratedEvent } from '@app/generator';
import { rebuildProjection } from '@app/projections';
import autocannon from 'autocannon';
import { openPlainEventStore, openStores, registeredProjection } from '@app/composition';
import { progressBar } from '../progress.js';
import { accessLogCost } from './access-log-cost.js';
import { longReadLatencies } from './long-reads.js';
import { latencies, timed } from './measure.js';
import { ServerProcess } from './server-process.js';
import { postgresTarget, sqliteTarget, type BenchTarget } from './targets.js';

export interface Row {
  measure: string;
  value: number;
  unit: string;
  baseline?: string;
  ratio?: number;
}

export interface BenchOptions {
  seed: number;
  events: number;
  out: string;
  /** Which stores: the embedded default, PostgreSQL (a server URL), or both. */
  sqlite: boolean;
  postgresUrl?: string;
}

const BATCH = 1000;
const CLIENTS = 16;
/** Single-event POSTs per run of the one-client and sixteen-client measures. */
const SINGLE_POSTS = 8000;

/**
 * Measures, on one generated history and for each store: the raw store through the
 * port (append with 1 and 16 writers, read), ingest through the HTTP API (batches,
 * then single events from 1 and 16 clients), a projection rebuild from zero,
 * GET /flags and GET /dashboard latency, what the access log costs a read, and
 * whether a long read (far dates included) holds up other requests. Rates through our code are reported beside the raw store's.
 */
export async function bench(options: BenchOptions): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practice-audit-bench-'));
  const results: Record<string, Row[]> = {};
  try {
    const { events, scale } = collectHistory(options.seed, options.events);
    console.log(`History: ${events.length} events, one year at scale ${scale} (seed ${options.seed}; scale 1 is one mid-size LA)`);
    const targets = [...(options.sqlite ? [sqliteTarget(workDir)] : []), ...(options.postgresUrl ? [await postgresTarget(options.postgresUrl, workDir)] : [])];
    for (const target of targets) {
      try {
        results[target.name] = await benchTarget(target, events);
      } finally {
        await target.cleanup();
      }
    }
    const report = { date: new Date().toISOString(), machine: machine(), data: { events: events.length, scale, months: 12, seed: options.seed }, results };
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, JSON.stringify(report, null, 2));
    for (const [name, rows] of Object.entries(results)) printTable(name, rows);
    console.log(`${events.length} events. Machine: ${report.machine.cpu} x${report.machine.cores}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; results in ${options.out}`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function benchTarget(target: BenchTarget, events: GeneratedEvent[]): Promise<Row[]> {
  console.log(`\n== ${target.name}`);
  const raw = { append1: await rawAppend(target, events, 1), append16: await rawAppend(target, events, CLIENTS), read: 0 };
  const rows: Row[] = [
    { measure: `raw append, 1 writer (1 event per transaction; ${Math.min(events.length, RAW_SAMPLE)} events)`, value: raw.append1, unit: 'events/s' },
    { measure: `raw append, ${CLIENTS} concurrent writers`, value: raw.append16, unit: 'events/s' },
  ];
  const server = await ServerProcess.start(target.env);
  try {
    const ingest = await ingestBatches(server, events);
    rows.push({ measure: `API batch ingest, 1 client (${BATCH} per request)`, value: ingest.rate, unit: 'events/s', baseline: 'raw append, 1 writer', ratio: ingest.rate / raw.append1 });
    rows.push({ measure: 'API batch ingest until projected', value: ingest.projectedRate, unit: 'events/s', baseline: 'raw append, 1 writer', ratio: ingest.projectedRate / raw.append1 });
    const workers = activeWorkers(events);
    const one = await singlePosts(server, workers, 1);
    rows.push({ measure: 'API single events, 1 client', value: one, unit: 'events/s', baseline: 'raw append, 1 writer', ratio: one / raw.append1 });
    const many = await singlePosts(server, workers, CLIENTS);
    rows.push({ measure: `API single events, ${CLIENTS} concurrent clients`, value: many, unit: 'events/s', baseline: `raw append, ${CLIENTS} writers`, ratio: many / raw.append16 });
  } finally {
    await server.stop();
  }
  raw.read = await rawRead(target);
  rows.push({ measure: 'raw read of the global order', value: raw.read, unit: 'events/s' });
  const rebuildRate = await rebuildRateOf(target);
  rows.push({ measure: 'projection rebuild from zero', value: rebuildRate, unit: 'events/s', baseline: 'raw read', ratio: rebuildRate / raw.read });
  rows.push(...(await flagLatencies(target)));
  rows.push(...(await accessLogCost(target)));
  rows.push(...(await dashboardLatencies(target)));
  rows.push(...(await longReadLatencies(target)));
  return rows;
}

/** A year ending today at the scale that holds at least `minimum` events (a year at scale 1 is about 109,000). */
function collectHistory(seed: number, minimum: number): { events: GeneratedEvent[]; scale: number } {
  const end = todayInLondon();
  const start = addDays(addMonths(end, -12), 1);
  for (let scale = Math.max(0.05, minimum / 110_000); ; scale *= 1.1) {
    const events = [...generateHistory({ seed, scale, start, end })];
    if (events.length >= minimum) return { events, scale: Math.round(scale * 100) / 100 };
  }
}

/** Raw appends are timed on a sample: on a disk whose commits cost milliseconds, every event would take an hour. */
const RAW_SAMPLE = 20_000;

async function rawAppend(target: BenchTarget, events: GeneratedEvent[], writers: number): Promise<number> {
  const count = Math.min(events.length, RAW_SAMPLE);
  const store = await target.openRaw();
  try {
    const bar = progressBar(`Raw append x${writers}`, count);
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < count; i = next++) {
        await store.append(`bench-${i % 5000}`, [asNewEvent(events[i])], 'any');
        if (i % 1000 === 999) bar.update(i + 1);
      }
    };
    const run = await timed(() => Promise.all(Array.from({ length: writers }, writer)));
    bar.stop();
    return count / run.seconds;
  } finally {
    await store.close();
  }
}

/** Reads the whole global order of the API's store through the adapter (no decryption): the store's own speed. */
async function rawRead(target: BenchTarget): Promise<number> {
  const store = await openPlainEventStore(target.config);
  try {
    let count = 0;
    const run = await timed(async () => {
      let after = START;
      for (;;) {
        const batch = await store.readAll({ after, limit: 5000 });
        if (batch.length === 0) return;
        count += batch.length;
        after = batch[batch.length - 1].position;
      }
    });
    return count / run.seconds;
  } finally {
    await store.close();
  }
}

const asNewEvent = (e: GeneratedEvent): NewEvent => ({
  eventId: crypto.randomUUID(),
  type: e.request.type,
  occurredAt: e.request.occurredAt,
  data: e.request.data,
  metadata: { recordedAt: e.recordedAt, recordedBy: 'bench', correlationId: 'bench', source: 'import', schemaVersion: 1 },
});

async function ingestBatches({ url, headers }: ServerProcess, events: GeneratedEvent[]): Promise<{ rate: number; projectedRate: number }> {
  const bar = progressBar('API batch ingest', events.length);
  let refused = 0;
  const ingest = await timed(async () => {
    for (let i = 0; i < events.length; i += BATCH) {
      const body = JSON.stringify({ events: events.slice(i, i + BATCH).map((e) => e.request) });
      const res = await fetch(`${url}/events/batch`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      const { results } = (await res.json()) as { results: { status: number }[] };
      refused += results.filter((r) => r.status >= 400).length;
      bar.update(Math.min(events.length, i + BATCH));
    }
  });
  bar.stop();
  if (refused > 0) console.warn(`${refused} events were refused during ingest`);
  const projected = await timed(() => fetch(`${url}/flags?limit=1`, { headers }).then((r) => r.json()));
  return { rate: events.length / ingest.seconds, projectedRate: events.length / (ingest.seconds + projected.seconds) };
}

/**
 * Workers employed at the end of the history, having joined before yesterday: the
 * subjects of the single-event measures (a supervision dated yesterday must be accepted).
 */
function activeWorkers(events: GeneratedEvent[]): string[] {
  const yesterday = addDays(todayInLondon(), -1);
  const active = new Set<string>();
  for (const { request } of events) {
    const workerId = (request.data as { workerId?: string }).workerId;
    if (request.type === 'WorkerJoined' && workerId && londonDate(request.occurredAt) < yesterday) active.add(workerId);
    if (request.type === 'WorkerLeft' && workerId) active.delete(workerId);
  }
  return [...active];
}

/** Supervision sessions posted one per request by `clients` concurrent connections (autocannon). */
async function singlePosts({ url, headers }: ServerProcess, workers: string[], clients: number): Promise<number> {
  const yesterday = addDays(todayInLondon(), -1);
  let i = 0;
  const result = await autocannon({
    url: `${url}/events`,
    connections: clients,
    amount: SINGLE_POSTS,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            type: 'SupervisionHeld',
            occurredAt: yesterday,
            data: { workerId: workers[i++ % workers.length], supervisorId: 'W-BENCH', durationMinutes: 90, reflective: true },
          }),
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) console.warn(`${result.non2xx + result.errors} single events were not answered 2xx`);
  return result.requests.total / (result.duration || 1);
}

async function rebuildRateOf(target: BenchTarget): Promise<number> {
  const stores = await openStores(target.config);
  try {
    const bar = progressBar('Rebuild', 0);
    const run = await timed(() =>
      rebuildProjection(stores.eventStore, stores.readModels, registeredProjection(DEFAULT_POLICY), {
        onProgress: (p) => {
          bar.setTotal(p.total);
          bar.update(p.done);
        },
      }),
    );
    bar.stop();
    return run.result.done / run.seconds;
  } finally {
    await stores.close();
  }
}

/**
 * GET /flags over HTTP: as of today repeated (served from the evaluation cache after
 * the first), and as of 40 different past dates (each a fresh evaluation of every rule).
 */
async function flagLatencies(target: BenchTarget): Promise<Row[]> {
  const server = await ServerProcess.start(target.env);
  const get = reads(server, '/flags');
  try {
    const today = todayInLondon();
    await get(`asOf=${today}`); // load the read model and warm up
    const cold = await timed(() => get(`asOf=${addDays(today, -1)}`));
    const warm = await latencies(100, () => get(`asOf=${today}`));
    const past = await latencies(40, (i) => get(`asOf=${addDays(today, -7 * (i + 2))}`));
    const known = await latencies(40, (i) => get(`asOf=${addDays(today, -7 * (i + 2) - 3)}&knownAt=${today}`));
    return [
      { measure: 'GET /flags, a new as-of date (one full evaluation)', value: cold.seconds * 1000, unit: 'ms' },
      { measure: 'GET /flags as of today, repeated: p50', value: warm.p50, unit: 'ms' },
      { measure: 'GET /flags as of today, repeated: p95', value: warm.p95, unit: 'ms' },
      { measure: 'GET /flags as of 40 past dates: p50', value: past.p50, unit: 'ms' },
      { measure: 'GET /flags as of 40 past dates: p95', value: past.p95, unit: 'ms' },
      { measure: 'GET /flags as of 40 past dates with knownAt: p95', value: known.p95, unit: 'ms' },
    ];
  } finally {
    await server.stop();
  }
}

/**
 * GET /dashboard over HTTP, on a server of its own so that nothing is cached: as of
 * today with its 12-point series (twelve full evaluations: the last day of each of the
 * 11 months before, and today), then the same repeated (every point from the cache).
 */
async function dashboardLatencies(target: BenchTarget): Promise<Row[]> {
  const server = await ServerProcess.start(target.env);
  const get = reads(server, '/dashboard');
  try {
    const today = todayInLondon();
    // Loads the read model; a date before the history, which no dashboard below asks about.
    await reads(server, '/flags')('asOf=2000-01-01&limit=1');
    const cold = await timed(() => get(`asOf=${today}`));
    const warm = await latencies(100, () => get(`asOf=${today}`));
    return [
      { measure: 'GET /dashboard, a new as-of date (12-month series: 12 full evaluations)', value: cold.seconds * 1000, unit: 'ms' },
      { measure: 'GET /dashboard as of today, repeated: p50', value: warm.p50, unit: 'ms' },
      { measure: 'GET /dashboard as of today, repeated: p95', value: warm.p95, unit: 'ms' },
    ];
  } finally {
    await server.stop();
  }
}

/** GETs of one read endpoint of the server, the body read whole; any answer but 200 stops the bench. */
function reads(server: ServerProcess, endpoint: string): (query: string) => Promise<void> {
  return async (query) => {
    const res = await fetch(`${server.url}${endpoint}?${query}`, { headers: server.headers });
    if (res.status !== 200) throw new Error(`GET ${endpoint}?${query} answered ${res.status}`);
    await res.arrayBuffer();
  };
}

function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function printTable(name: string, rows: Row[]): void {
  console.log(`\n${name}`);
  console.table(
    rows.map((r) => ({
      measure: r.measure,
      value: `${r.value >= 100 ? Math.round(r.value).toLocaleString('en-GB') : r.value.toFixed(1)} ${r.unit}`,
      'vs raw store': r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)}% of ${r.baseline}`,
    })),
  );
}
