import Database from 'better-sqlite3';
import pg from 'pg';
import autocannon from 'autocannon';
import { todayInLondon } from '@app/domain';
import { sqliteFileOf } from '@app/composition';
import type { Row } from './bench.command.js';
import { latencies } from './measure.js';
import { ServerProcess } from './server-process.js';
import type { BenchTarget } from './targets.js';

/** The access log's table, whose rows are counted; its size is counted with its index (GIN, or SQLite's FTS5 tables). */
const ACCESS_LOG_TABLE = 'access_entries';
const SEQUENTIAL_READS = 200;
const CONCURRENT_READS = 800;
const CLIENTS = 16;

interface Footprint {
  bytes: number;
  rows: number;
}

/**
 * What logging a read costs: GET /flags as of today (served from the evaluation cache,
 * so little but the log is left to pay for) from one client, then from sixteen, on a
 * server of its own; then what those reads added to the access log, per read.
 */
export async function accessLogCost(target: BenchTarget): Promise<Row[]> {
  const server = await ServerProcess.start(target.env);
  // Measured once the server has started: it migrates the log's tables (the first run's are new).
  const before = await footprint(target);
  const run = await readsOf(server).finally(() => server.stop());
  const after = await footprint(target);
  const reads = 1 + SEQUENTIAL_READS + CONCURRENT_READS;
  return [
    { measure: `GET /flags as of today, repeated, each logging the ${run.children} children it shows: p50`, value: run.one.p50, unit: 'ms' },
    { measure: '  the same: p95', value: run.one.p95, unit: 'ms' },
    { measure: `  the same from ${CLIENTS} concurrent clients`, value: run.rate, unit: 'reads/s' },
    { measure: `  access log written per read (${reads} reads)`, value: (after.bytes - before.bytes) / reads, unit: 'bytes' },
    { measure: '  access log rows per read', value: (after.rows - before.rows) / reads, unit: 'rows' },
  ];
}

/** One read to count the children shown, then the reads one at a time, then the concurrent ones. */
async function readsOf(server: ServerProcess): Promise<{ children: number; one: { p50: number; p95: number }; rate: number }> {
  const query = `${server.url}/flags?asOf=${todayInLondon()}`;
  const children = await childrenShown(server, query);
  const one = await latencies(SEQUENTIAL_READS, () => get(server, query));
  return { children, one, rate: await concurrentReads(server, query) };
}

async function get(server: ServerProcess, url: string): Promise<void> {
  const res = await fetch(url, { headers: server.headers });
  if (res.status !== 200) throw new Error(`GET /flags answered ${res.status}`);
  await res.arrayBuffer();
}

/** The distinct children a page of flags shows: what each read logs. */
async function childrenShown(server: ServerProcess, url: string): Promise<number> {
  const res = await fetch(url, { headers: server.headers });
  const page = (await res.json()) as { flags: { subject: { type: string; id: string } }[] };
  return new Set(page.flags.filter((f) => f.subject.type === 'child').map((f) => f.subject.id)).size;
}

async function concurrentReads(server: ServerProcess, url: string): Promise<number> {
  const result = await autocannon({ url, connections: CLIENTS, amount: CONCURRENT_READS, headers: server.headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx + result.errors} concurrent reads were not answered 2xx`);
  return result.requests.total / (result.duration || 1);
}

/** The access log's size on disk (its table and indexes; on SQLite, the whole file) and its rows, with the server stopped. */
async function footprint(target: BenchTarget): Promise<Footprint> {
  return target.config.databaseUrl ? postgresFootprint(target.config.databaseUrl) : sqliteFootprint(sqliteFileOf(target.config, 'accessLog'));
}

function sqliteFootprint(file: string): Footprint {
  const db = new Database(file);
  try {
    // Folds the write-ahead log into the file, so that the page count is all of it.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const size = db.pragma('page_size', { simple: true }) as number;
    const rows = db.prepare(`SELECT count(*) FROM ${ACCESS_LOG_TABLE}`).pluck().get() as number;
    return { bytes: (pages - free) * size, rows };
  } finally {
    db.close();
  }
}

async function postgresFootprint(url: string): Promise<Footprint> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: found } = await client.query<{ bytes: string; n: string }>(`SELECT pg_total_relation_size('${ACCESS_LOG_TABLE}') AS bytes, (SELECT count(*) FROM ${ACCESS_LOG_TABLE}) AS n`);
    return { bytes: Number(found[0].bytes), rows: Number(found[0].n) };
  } finally {
    await client.end();
  }
}
