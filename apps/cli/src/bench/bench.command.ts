import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, addMonths, todayInLondon } from '@app/domain';
import { SqliteEventStore, START, type NewEvent } from '@app/event-store';
import { generateHistory, type GeneratedEvent } from '@app/generator';
import { rebuildProjection, SubjectTimelineProjection } from '@app/projections';
import type { DataSource } from 'typeorm';
import { createApp } from '../../../api/src/app.factory.js';
import { loadConfig, type AppConfig } from '../../../api/src/config/app-config.js';
import { EVENT_STORE, READ_MODEL_WRITER } from '../../../api/src/store/tokens.js';
import { openContext } from '../app-context.js';
import { progressBar } from '../progress.js';
import { latencies, timed } from './measure.js';

interface Row {
  measure: string;
  value: number;
  unit: string;
  baseline?: string;
  ratio?: number;
}

const BATCH = 1000;

/**
 * Measures, on one generated history: the raw SQLite store (append, read), batch
 * ingest through the HTTP API, a projection rebuild from zero, and GET /flags
 * latency. Rates through our code are reported beside the raw store's rate.
 */
export async function bench(options: { seed: number; events: number; out: string }): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practice-audit-bench-'));
  try {
    const { events, scale } = collectHistory(options.seed, options.events);
    console.log(`History: ${events.length} events, one year at scale ${scale} (seed ${options.seed}), working in ${workDir}`);
    const rows: Row[] = [];
    const raw = await rawStore(path.join(workDir, 'raw.sqlite'), events);
    rows.push({ measure: 'raw SQLite append (1 event per transaction)', value: raw.appendRate, unit: 'events/s' });
    rows.push({ measure: 'raw SQLite read of the global order', value: raw.readRate, unit: 'events/s' });
    const config = { ...loadConfig({ DATA_DIR: path.join(workDir, 'api') }), port: 0 };
    const ingest = await ingestOverHttp(config, events);
    rows.push({ measure: `API batch ingest (POST /events/batch, ${BATCH} per request)`, value: ingest.rate, unit: 'events/s', baseline: 'raw append', ratio: ingest.rate / raw.appendRate });
    rows.push({ measure: 'API ingest until projected', value: ingest.projectedRate, unit: 'events/s', baseline: 'raw append', ratio: ingest.projectedRate / raw.appendRate });
    const rebuildRate = await rebuildRateOf(config);
    rows.push({ measure: 'projection rebuild from zero', value: rebuildRate, unit: 'events/s', baseline: 'raw read', ratio: rebuildRate / raw.readRate });
    rows.push(...(await flagLatencies(config)));
    const report = { date: new Date().toISOString(), machine: machine(), data: { events: events.length, scale, months: 12, seed: options.seed }, rows };
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, JSON.stringify(report, null, 2));
    printTable(rows);
    console.log(`${events.length} events (one year at scale ${scale}; scale 1 is one mid-size LA).`);
    console.log(`Machine: ${report.machine.cpu} x${report.machine.cores}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; results in ${options.out}`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** A year ending today at the scale that holds at least `minimum` events (a year at scale 1 is about 19,600). */
function collectHistory(seed: number, minimum: number): { events: GeneratedEvent[]; scale: number } {
  const end = todayInLondon();
  const start = addDays(addMonths(end, -12), 1);
  for (let scale = Math.max(0.05, minimum / 19_000); ; scale *= 1.1) {
    const events = [...generateHistory({ seed, scale, start, end })];
    if (events.length >= minimum) return { events, scale: Math.round(scale * 100) / 100 };
  }
}

async function rawStore(file: string, events: GeneratedEvent[]): Promise<{ appendRate: number; readRate: number }> {
  const store = await SqliteEventStore.open(file);
  try {
    const bar = progressBar('Raw append', events.length);
    const append = await timed(async () => {
      for (const [i, e] of events.entries()) {
        await store.append(`bench-${i % 5000}`, [asNewEvent(e)], 'any');
        if (i % 1000 === 999) bar.update(i + 1);
      }
    });
    bar.stop();
    const read = await timed(async () => {
      let after = START;
      for (;;) {
        const batch = await store.readAll({ after, limit: 2000 });
        if (batch.length === 0) return;
        after = batch[batch.length - 1].position;
      }
    });
    return { appendRate: events.length / append.seconds, readRate: events.length / read.seconds };
  } finally {
    await store.close();
  }
}

const asNewEvent = (e: GeneratedEvent): NewEvent => ({
  eventId: e.request.eventId ?? crypto.randomUUID(),
  type: e.request.type,
  occurredAt: e.request.occurredAt,
  data: e.request.data,
  metadata: { recordedAt: e.recordedAt, recordedBy: 'bench', correlationId: 'bench', source: 'import', schemaVersion: 1 },
});

async function ingestOverHttp(config: AppConfig, events: GeneratedEvent[]): Promise<{ rate: number; projectedRate: number }> {
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/api/v1`;
  try {
    const bar = progressBar('API ingest', events.length);
    let refused = 0;
    const ingest = await timed(async () => {
      for (let i = 0; i < events.length; i += BATCH) {
        const body = JSON.stringify({ events: events.slice(i, i + BATCH).map((e) => e.request) });
        const res = await fetch(`${url}/events/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const { results } = (await res.json()) as { results: { status: number }[] };
        refused += results.filter((r) => r.status >= 400).length;
        bar.update(Math.min(events.length, i + BATCH));
      }
    });
    bar.stop();
    if (refused > 0) console.warn(`${refused} events were refused during ingest`);
    const projected = await timed(() => fetch(`${url}/flags?limit=1`).then((r) => r.json()));
    return { rate: events.length / ingest.seconds, projectedRate: events.length / (ingest.seconds + projected.seconds) };
  } finally {
    await app.close();
  }
}

async function rebuildRateOf(config: AppConfig): Promise<number> {
  const app = await openContext({ ...config, projections: false });
  try {
    const bar = progressBar('Rebuild', 0);
    const run = await timed(() =>
      rebuildProjection(app.get(EVENT_STORE), app.get<DataSource>(READ_MODEL_WRITER), new SubjectTimelineProjection(), {
        onProgress: (p) => {
          bar.setTotal(p.total);
          bar.update(p.done);
        },
      }),
    );
    bar.stop();
    return run.result.done / run.seconds;
  } finally {
    await app.close();
  }
}

/**
 * GET /flags over HTTP: as of today repeated (served from the evaluation cache after
 * the first), and as of 40 different past dates (each a fresh evaluation of every rule).
 */
async function flagLatencies(config: AppConfig): Promise<Row[]> {
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/api/v1/flags`;
  const get = async (query: string) => {
    const res = await fetch(`${url}?${query}`);
    if (res.status !== 200) throw new Error(`GET /flags?${query} answered ${res.status}`);
    await res.arrayBuffer();
  };
  try {
    const today = todayInLondon();
    await get(`asOf=${today}`); // catch up and warm
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
    await app.close();
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

function printTable(rows: Row[]): void {
  console.table(
    rows.map((r) => ({
      measure: r.measure,
      value: `${r.value >= 100 ? Math.round(r.value).toLocaleString('en-GB') : r.value.toFixed(1)} ${r.unit}`,
      'vs raw store': r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)}% of ${r.baseline}`,
    })),
  );
}
