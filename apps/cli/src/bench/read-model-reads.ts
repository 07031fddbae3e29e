import fs from 'node:fs';
import { addDays, todayInLondon } from '@app/domain';
import type { Row } from './bench.command.js';
import { latencies, percentile, timed } from './measure.js';
import { ServerProcess } from './server-process.js';
import type { BenchTarget } from './targets.js';

/** As-of dates asked about: a spread from two years back to a year ahead, half of them as known on a past date. */
const VIEWS = 60;
/** New events posted one by one, each followed at once by a read. */
const NEW_EVENTS = 20;

/**
 * The reads of the flag read model over HTTP, on a server of its own started for them
 * (nothing warm): the first GET /flags and /dashboard, then a page of 100 flags and a
 * dashboard with its 12-month series for many as-of and known-at dates, what falls
 * due next, then a read right after each of a few new events (which waits for the
 * projection: read-your-writes), and the server's memory at the end.
 */
export async function readModelReads(target: BenchTarget, workers: string[]): Promise<Row[]> {
  const server = await ServerProcess.start(target.env);
  try {
    const today = todayInLondon();
    const views = Array.from({ length: VIEWS }, (_, i) => `asOf=${addDays(today, -730 + ((i * 97) % 1095))}${i % 2 ? `&knownAt=${addDays(today, -((i * 37) % 365))}` : ''}`);
    const firstFlags = await timed(() => read(server, '/flags', `limit=100`));
    const firstDashboard = await timed(() => read(server, '/dashboard', ''));
    const flags = await latencies(VIEWS, (i) => read(server, '/flags', `${views[i]}&limit=100`));
    const dashboards = await latencies(VIEWS, (i) => read(server, '/dashboard', views[i]));
    const upcoming = await latencies(VIEWS, (i) => read(server, '/flags/upcoming', `within=${7 + (i % 60)}&limit=100`));
    const afterEvent = { flags: [] as number[], dashboard: [] as number[] };
    for (let i = 0; i < NEW_EVENTS; i++) {
      await newEvent(server, workers[i % workers.length]);
      afterEvent.flags.push((await timed(() => read(server, '/flags', 'limit=100'))).seconds * 1000);
      await newEvent(server, workers[i % workers.length]);
      afterEvent.dashboard.push((await timed(() => read(server, '/dashboard', ''))).seconds * 1000);
    }
    return [
      { measure: 'GET /flags (page of 100), first request after start', value: firstFlags.seconds * 1000, unit: 'ms' },
      { measure: `GET /flags (page of 100), ${VIEWS} as-of dates, half with knownAt: p50`, value: flags.p50, unit: 'ms' },
      { measure: '  GET /flags, the same dates: p95', value: flags.p95, unit: 'ms' },
      { measure: `GET /flags right after a new event's 201 (it waits for the projection): p50`, value: percentile(afterEvent.flags, 50), unit: 'ms' },
      { measure: "  GET /flags right after a new event's 201: max", value: Math.max(...afterEvent.flags), unit: 'ms' },
      { measure: 'GET /dashboard (12-month series), first request after start', value: firstDashboard.seconds * 1000, unit: 'ms' },
      { measure: `GET /dashboard (12-month series), ${VIEWS} as-of dates, half with knownAt: p50`, value: dashboards.p50, unit: 'ms' },
      { measure: '  GET /dashboard, the same dates: p95', value: dashboards.p95, unit: 'ms' },
      { measure: "GET /dashboard right after a new event's 201: p95", value: percentile(afterEvent.dashboard, 95), unit: 'ms' },
      { measure: 'GET /flags/upcoming (page of 100, 7 to 66 days ahead): p95', value: upcoming.p95, unit: 'ms' },
      { measure: 'API memory (resident) after these reads', value: residentMiB(server.pid), unit: 'MiB' },
    ];
  } finally {
    await server.stop();
  }
}

/** GET of one read endpoint, the body read whole; any answer but 200 stops the bench. */
export async function read(server: ServerProcess, endpoint: string, query: string): Promise<void> {
  const res = await fetch(`${server.url}${endpoint}?${query}`, { headers: server.headers });
  if (res.status !== 200) throw new Error(`GET ${endpoint}?${query} answered ${res.status}`);
  await res.arrayBuffer();
}

/** A supervision of an active worker, dated yesterday (accepted whatever else is recorded). */
async function newEvent(server: ServerProcess, workerId: string): Promise<void> {
  const body = { type: 'SupervisionHeld', occurredAt: addDays(todayInLondon(), -1), data: { workerId, supervisorId: 'W-BENCH', durationMinutes: 90, reflective: true } };
  const res = await fetch(`${server.url}/events`, { method: 'POST', headers: { ...server.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /events answered ${res.status}`);
  await res.arrayBuffer();
}

/** A process's resident memory (Linux /proc), in MiB; NaN where it cannot be read. */
function residentMiB(pid: number | undefined): number {
  const status = pid === undefined ? '' : fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kib ? Number(kib) / 1024 : Number.NaN;
}
