import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, DEFAULT_POLICY, evaluate, flagsOf, seriesDates, sortKey, summarise, type Flag, type SubjectTimeline, type View } from '@app/domain';
import { EVENT_STORE_MIGRATIONS, migrateSqlite, SqliteEventStore } from '@app/event-store';
import { generateHistory } from '@app/generator';
import type { DataSource } from 'typeorm';
import { createTestDatabase, postgresAvailable } from '../../../event-store/src/testing/index.js';
import { appendHistory } from '../testing/generated-history.js';
import {
  complianceByTeam,
  complianceCounts,
  flagCountsByWorker,
  flagCountPlan,
  FlagPeriodProjection,
  flagsPage,
  openPostgresReadModels,
  openSqliteReadModels,
  READ_MODEL_MIGRATIONS,
  rebuildProjection,
  TimelineReader,
  upcomingCursor,
  upcomingFlags,
  type FlagFilters,
  type FlagsFound,
  type PageRequest,
} from '../index.js';

/**
 * The flag queries against the one evaluator, on a generated history projected by the
 * real projection: every page of every filter, the 12-date compliance series, and the
 * flags falling due in a window, each equal to what `evaluate` gives on the same timelines.
 */
const HISTORY = { seed: 23, scale: 0.05, start: '2025-07-01', end: '2025-10-31' };
const history = [...generateHistory(HISTORY)];
const postgresReady = await postgresAvailable();

const recordingDays = [...new Set(history.map((e) => e.recordedAt.slice(0, 10)))].sort();
const KNOWN_ATS = [undefined, recordingDays[Math.floor(recordingDays.length / 2)]];
const AS_OFS = ['2025-08-15', '2025-10-31', '2026-01-31'];
/** Small pages, so every query is walked over many. */
const LIMIT = 7;
const WITHIN = 14;
const NO_TEAM = 'T-NONE';

let dir: string;
let store: SqliteEventStore;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flag-queries-'));
  migrateSqlite(path.join(dir, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
  store = await SqliteEventStore.open(path.join(dir, 'events.sqlite'));
  await appendHistory(store, history);
}, 120_000);

afterAll(async () => {
  await store?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the flag queries (SQLite)', () => {
  let db: DataSource;
  beforeAll(async () => {
    migrateSqlite(path.join(dir, 'read.sqlite'), READ_MODEL_MIGRATIONS);
    db = await openSqliteReadModels(path.join(dir, 'read.sqlite'));
    await rebuildProjection(store, db, new FlagPeriodProjection(DEFAULT_POLICY), { batchSize: 700 });
  }, 300_000);
  afterAll(() => db?.destroy());

  answersAsTheEvaluator(() => db);

  it.each(KNOWN_ATS.map((k) => [k ?? 'today']))('finds the flags of a date as known on %s in the R*Tree of their days', async (known) => {
    const plan = await flagCountPlan(db.manager, { asOf: AS_OFS[0], ...(known === 'today' ? {} : { knownAt: known }) });
    // flag_period_days (d) searched with constraints on its days (an R*Tree scanned whole shows no constraint after the colon).
    expect(plan).toMatch(/SCAN d VIRTUAL TABLE INDEX 2:[A-Z]\d/);
  });
});

(postgresReady ? describe : describe.skip)('the flag queries (PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase('flag_queries', READ_MODEL_MIGRATIONS);
    db = await openPostgresReadModels(database.url);
    await rebuildProjection(store, db, new FlagPeriodProjection(DEFAULT_POLICY), { batchSize: 700 });
  }, 300_000);
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  answersAsTheEvaluator(() => db);

  // Sequential scans off: on a table this small the planner would rightly read it all, and the question is whether the index can serve.
  it.each(KNOWN_ATS.map((k) => [k ?? 'today']))('finds the flags of a date as known on %s in the GiST index of their date ranges', async (known) => {
    const plan = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      return flagCountPlan(tx, { asOf: AS_OFS[0], ...(known === 'today' ? {} : { knownAt: known }) });
    });
    expect(plan).toContain('flag_periods_flagged_ranges');
  });
});

function answersAsTheEvaluator(database: () => DataSource): void {
  let timelines: SubjectTimeline[];
  const flagsAt = (view: View) => flagsOf(evaluate(timelines, DEFAULT_POLICY, view));

  beforeAll(async () => {
    const reader = new TimelineReader(database());
    await reader.refresh();
    timelines = [...reader.all()];
  });

  // Each way a page is found: sorting the matches found by their days, and walking the sort_key index.
  const plans = KNOWN_ATS.flatMap((k) => [
    [k ?? 'today', 'sorting the matches', Infinity],
    [k ?? 'today', 'walking the sort order', 0],
  ]) as [string, string, number][];

  it.each(plans)('pages every filter of every as-of date, as known on %s, as the evaluator lists them, %s', async (known, _, sortAtMost) => {
    const knownAt = known === 'today' ? undefined : known;
    let checked = 0;
    for (const asOf of AS_OFS) {
      const view = { asOf, ...(knownAt ? { knownAt } : {}) };
      const flags = flagsAt(view);
      for (const filters of filtersFor(flags)) {
        const expected = flags.filter(matches(filters));
        const { total, pages } = await walk((page) => flagsPage(database().manager, view, filters, page, sortAtMost), sortKey);
        expect({ view, filters, total, flags: pages }).toEqual({ view, filters, total: expected.length, flags: expected });
        checked += expected.length;
      }
    }
    // A history that gave no flags would prove nothing.
    expect(checked).toBeGreaterThan(50);
  });

  it.each(KNOWN_ATS.map((k) => [k ?? 'today']))("counts each team's flags per worker, as known on %s, as the evaluator's flags add up", async (known) => {
    let counted = 0;
    for (const asOf of AS_OFS) {
      const view = { asOf, ...(known === 'today' ? {} : { knownAt: known }) };
      const flags = flagsAt(view);
      for (const teamId of [...new Set(flags.map((f) => f.teamId).filter((t): t is string => t !== undefined))]) {
        const expected = new Map<string, { workerId: string; own: number; children: number; red: number }>();
        for (const f of flags.filter((x) => x.teamId === teamId)) {
          const workerId = f.subject.type === 'worker' ? f.subject.id : f.subject.type === 'child' ? f.workerId : undefined;
          if (!workerId) continue;
          const row = expected.get(workerId) ?? { workerId, own: 0, children: 0, red: 0 };
          if (f.subject.type === 'worker') row.own++;
          else row.children++;
          if (f.severity === 'red') row.red++;
          expected.set(workerId, row);
          counted++;
        }
        const byId = (a: { workerId: string }, b: { workerId: string }) => a.workerId.localeCompare(b.workerId);
        const found = await flagCountsByWorker(database().manager, view, teamId);
        expect({ view, teamId, workers: found.sort(byId) }).toEqual({ view, teamId, workers: [...expected.values()].sort(byId) });
      }
    }
    // A history that gave no worker's or allocated child's flags would prove nothing.
    expect(counted).toBeGreaterThan(20);
  });

  it.each(KNOWN_ATS.map((k) => [k ?? 'today']))("counts the 12 months' compliance, as known on %s, as summarise does", async (known) => {
    const knownAt = known === 'today' ? undefined : known;
    const asOf = AS_OFS[1];
    const dates = seriesDates(asOf);
    const evaluated = dates.map((on) => evaluate(timelines, DEFAULT_POLICY, { asOf: on, ...(knownAt ? { knownAt } : {}) }));
    const teamId = evaluated.at(-1)!.find((a) => a.teamId !== undefined)!.teamId!;
    for (const team of [undefined, teamId, NO_TEAM]) {
      const counted = await complianceCounts(database().manager, dates, knownAt, team);
      expect([...counted.keys()]).toEqual(dates);
      for (const [i, on] of dates.entries()) expect({ on, team, summary: counted.get(on) }).toEqual({ on, team, summary: summarise(evaluated[i], { teamId: team }) });
    }
    // Every team side by side, from one query: each as counted alone.
    const byTeam = await complianceByTeam(database().manager, dates, knownAt);
    const teamIds = [...new Set(evaluated.flat().map((a) => a.teamId))].filter((t): t is string => t !== undefined).sort();
    expect([...byTeam.keys()]).toEqual(teamIds);
    for (const team of teamIds) expect({ team, counted: byTeam.get(team) }).toEqual({ team, counted: await complianceCounts(database().manager, dates, knownAt, team) });
  });

  /**
   * What is asserted: for `today`, the flags the evaluator (today's knowledge) shows on
   * some day after today, whose dueSince is in (today, today + WITHIN], each (sortKey,
   * dueSince) once, as first shown, with its counts of days set back to its due date
   * (daysOverdue 0, a working-day clock at its limit); filtered on that first showing,
   * ordered by dueSince then sortKey. The days evaluated run HORIZON days past the window,
   * as a flag shows after its due date (the day after an overdue duty's, the next working day).
   */
  it.each([['2025-08-15'], ['2025-10-31']])('lists the flags falling due in the %s window as the evaluator shows them on later days', async (today) => {
    const HORIZON = 21;
    const firstShown = new Map<string, Flag>();
    for (let d = addDays(today, 1); d <= addDays(today, WITHIN + HORIZON); d = addDays(d, 1)) {
      for (const f of flagsAt({ asOf: d })) {
        const key = upcomingCursor(f);
        if (f.dueSince > today && f.dueSince <= addDays(today, WITHIN) && !firstShown.has(key)) firstShown.set(key, onDueDate(f));
      }
    }
    const due = [...firstShown.values()].sort((a, b) => (upcomingCursor(a) < upcomingCursor(b) ? -1 : 1));
    expect(due.length).toBeGreaterThan(3);
    for (const filters of filtersFor(due)) {
      const expected = due.filter(matches(filters));
      const { total, pages } = await walk((page) => upcomingFlags(database().manager, today, WITHIN, filters, page), upcomingCursor);
      expect({ filters, total, flags: pages }).toEqual({ filters, total: expected.length, flags: expected });
    }
  });
}

/** Every page of a query, each asked for after the last item of the one before. */
async function walk(query: (page: PageRequest) => Promise<FlagsFound>, cursorOf: (f: Flag) => string): Promise<{ total: number; pages: Flag[] }> {
  const pages: Flag[] = [];
  const totals = new Set<number>();
  for (let after: string | undefined, more = true; more;) {
    const { total, flags } = await query({ ...(after !== undefined ? { after } : {}), limit: LIMIT });
    totals.add(total);
    pages.push(...flags);
    more = flags.length === LIMIT;
    after = flags.length > 0 ? cursorOf(flags.at(-1)!) : after;
  }
  expect(totals.size).toBe(1);
  return { total: [...totals][0], pages };
}

/**
 * No filter, then one of each kind, its value taken from the flags (a worker's: one a
 * child's flag names, so both arms count), and a team with no flags (a history this
 * small has one team, so a filter ignored would still list them all).
 */
function filtersFor(flags: Flag[]): FlagFilters[] {
  const named = flags.find((f) => f.workerId !== undefined) ?? flags[0];
  const child = flags.find((f) => f.subject.type === 'child') ?? flags[0];
  const teamed = flags.find((f) => f.teamId !== undefined) ?? flags[0];
  return [
    {},
    { rule: flags[0].rule },
    { severity: 'red' },
    { severity: 'amber' },
    { teamId: teamed.teamId },
    { teamId: NO_TEAM },
    { workerId: named.workerId ?? named.subject.id },
    { childId: child.subject.id },
    { teamId: teamed.teamId, severity: 'amber' },
  ];
}

/** GET /flags's filter (get-flags.handler.ts `matches`), the specification the SQL must meet. */
function matches(q: FlagFilters): (f: Flag) => boolean {
  return (f) =>
    (!q.rule || f.rule === q.rule) &&
    (!q.severity || f.severity === q.severity) &&
    (!q.teamId || f.teamId === q.teamId) &&
    (!q.workerId || (f.subject.type === 'worker' && f.subject.id === q.workerId) || f.workerId === q.workerId) &&
    (!q.childId || (f.subject.type === 'child' && f.subject.id === q.childId));
}

/** A flag as on its due date: no day overdue yet, a working-day clock at its limit (flag.ts workingDaysOverdue). */
function onDueDate(f: Flag): Flag {
  const clock = typeof f.measures?.workingDays === 'number' && typeof f.measures.limit === 'number';
  return { ...f, daysOverdue: 0, ...(clock ? { measures: { ...f.measures, workingDays: f.measures!.limit } } : {}) };
}
