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
import { readModelReads } from './read-model-reads.js';
import { timed } from './measure.js';
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
  /** A year of an authority at this scale (1: one mid-size LA, about 110,000 events), instead of `events`. */
  scale?: number;
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
    const { events, scale } = collectHistory(options.seed, options.events, options.scale);
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
  rows.push(...(await readModelReads(target, activeWorkers(events))));
  rows.push(...(await accessLogCost(target)));
  rows.push(...(await longReadLatencies(target)));
  return rows;
}

/** A year ending today at `scale`, or else at the scale that holds at least `minimum` events (a year at scale 1 is about 109,000). */
function collectHistory(seed: number, minimum: number, fixed?: number): { events: GeneratedEvent[]; scale: number } {
  const end = todayInLondon();
  const start = addDays(addMonths(end, -12), 1);
  if (fixed !== undefined) return { events: [...generateHistory({ seed, scale: fixed, start, end })], scale: fixed };
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

async function ingestBatches(server: ServerProcess, events: GeneratedEvent[]): Promise<{ rate: number; projectedRate: number }> {
  const { url, headers } = server;
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
  const projected = await timed(() => server.projected());
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
