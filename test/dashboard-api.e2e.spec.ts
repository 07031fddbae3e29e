import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, RULE_IDS, type Compliance } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { DashboardAnswer, DashboardSeriesPoint } from '../apps/api/src/dashboard/get-dashboard.handler.js';
import { EVENT_STORE } from '@app/composition';
import { History, recordHistory } from './support/findings/history.js';
import { get, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * GET /dashboard over real HTTP: exact figures for a small hand-built history, and
 * the same counts as GET /flags lists for the same view, rule by rule and team by team.
 *
 * Two teams, to 30 June 2026. W-HS (head of service, not case-holding) oversees every
 * decision on the day, but one. T-NORTH: W-N1 (supervised every 28 days, well) holds
 * C-N1 and C-N2; W-N2 (0.1 FTE) is supervised once, on joining, and holds C-N3 to
 * C-N5 (30 per FTE), C-N5's allocation never overseen. T-SOUTH: W-S1, supervised on
 * time but never well, holds C-S1 and C-S2 (both in care proceedings, C-S1 since
 * December) and C-S3 until it changes worker three times; W-S2 joins in May, and
 * her second supervision (29 May) is logged on 29 June. C-U1 enters pre-proceedings
 * with no allocation: in no team.
 */
const TODAY = '2026-06-30';
const h = new History('W-HS');
h.join('W-HS', 'T-NORTH', '2025-12-01', 'team_manager');
for (const c of ['C-N1', 'C-N2', 'C-N3', 'C-N4', 'C-N5', 'C-S1', 'C-S2', 'C-S3', 'C-U1']) h.register(c, '2025-12-01', '2015-06');
// 26 weeks (182 days) from 15 December end on 15 June.
h.record('PloStageEntered', '2025-12-15', { childId: 'C-S1', stage: 'care_proceedings' });
h.join('W-N1', 'T-NORTH', '2026-01-05');
h.join('W-N2', 'T-NORTH', '2026-01-05', 'social_worker', { fte: 0.1 });
h.join('W-S1', 'T-SOUTH', '2026-01-05');
for (const c of ['C-N1', 'C-N2']) h.allocate(c, 'W-N1', 'T-NORTH', '2026-01-06');
for (const c of ['C-S1', 'C-S2', 'C-S3']) h.allocate(c, 'W-S1', 'T-SOUTH', '2026-01-10');
for (const c of ['C-N3', 'C-N4']) h.allocate(c, 'W-N2', 'T-NORTH', '2026-02-02');
h.allocate('C-N5', 'W-N2', 'T-NORTH', '2026-02-02', { oversee: false });
// 16 weeks (112 days) from 2 February end on 25 May.
h.record('PloStageEntered', '2026-02-02', { childId: 'C-N1', stage: 'pre_proceedings' });
h.record('PloStageEntered', '2026-05-01', { childId: 'C-S2', stage: 'care_proceedings' });
h.record('PloStageEntered', '2026-06-01', { childId: 'C-U1', stage: 'pre_proceedings' });
h.join('W-S2', 'T-SOUTH', '2026-05-01');
h.allocate('C-S3', 'W-S2', 'T-SOUTH', '2026-05-02');
h.allocate('C-S3', 'W-S1', 'T-SOUTH', '2026-05-10');
h.allocate('C-S3', 'W-S2', 'T-SOUTH', '2026-06-01');
// Every 28 days from 5 January: the last on 22 June.
for (let on = '2026-01-05'; on <= TODAY; on = addDays(on, 28)) {
  h.supervise('W-N1', on, 'W-HS', 90, true);
  h.supervise('W-S1', on, 'W-HS', 60, false);
}
h.supervise('W-N2', '2026-01-05', 'W-HS', 90, true);
h.supervise('W-S2', '2026-05-01', 'W-HS', 90, true);
h.supervise('W-S2', '2026-05-29', 'W-HS', 90, true, { recordedOn: '2026-06-29' });

/** What the API sends: always with the series. */
type Dashboard = DashboardAnswer & { series: DashboardSeriesPoint[] };

const tally = (inScope: number, red: number, amber: number): Compliance => ({
  inScope,
  flagged: red + amber,
  red,
  amber,
  complianceRate: inScope === 0 ? null : (inScope - red - amber) / inScope,
});
const NONE = tally(0, 0, 0);

let t: TestApp;
const dataDir = tempDataDir('practice-audit-dashboard-');

beforeAll(async () => {
  t = await startTestApp(dataDir);
  await recordHistory(t, h, TODAY);
});

afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function dashboard(query: string, token: string = TEST_KEYS.admin): Promise<Dashboard> {
  const res = await get<Dashboard>(`${t.url}/dashboard?${query}`, token);
  if (res.status !== 200) throw new Error(`GET /dashboard?${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const rulesOf = (d: Pick<Dashboard, 'rules'>) => Object.fromEntries(d.rules.map(({ rule, inScope, flagged, red, amber, complianceRate }) => [rule, { inScope, flagged, red, amber, complianceRate }]));
const inScopeOnly = (d: Pick<Dashboard, 'rules'>) => Object.fromEntries(Object.entries(rulesOf(d)).filter(([, c]) => c.inScope > 0));

describe('exact figures, worked out by hand', () => {
  it('as of today: overall, every rule and each team', async () => {
    const d = await dashboard('');
    expect(d.asOf).toBe(TODAY);
    expect(d.knownAt).toBeUndefined();
    expect(d.teamId).toBeUndefined();
    // 35 assessments, 8 flagged: red W-N2 (supervision, 148 days), W-S1 (never reflective), C-N5 (allocation not overseen);
    // amber W-S2 (supervision due 26 June), W-N2 (30 per FTE), C-S3 (3 changes), C-N1 (pre-proceedings), C-S1 (care proceedings).
    expect(d.overall).toEqual(tally(35, 3, 5));
    expect(d.overall.complianceRate).toBeCloseTo(27 / 35, 12);
    expect(d.rules.map((r) => r.rule)).toEqual(RULE_IDS);
    expect(inScopeOnly(d)).toEqual({
      SUPERVISION_OVERDUE: tally(4, 1, 1),
      SUPERVISION_NOT_REFLECTIVE: tally(4, 1, 0),
      CASELOAD_HIGH: tally(4, 0, 1),
      TEAM_CASELOAD_HIGH: tally(2, 0, 0),
      SOCIAL_WORKER_CHANGES: tally(8, 0, 1),
      PRE_PROCEEDINGS_OVERDUE: tally(2, 0, 1),
      CARE_PROCEEDINGS_OVERDUE: tally(2, 0, 1),
      OVERSIGHT_MISSING: tally(9, 1, 0),
    });
    expect(d.rules.filter((r) => r.inScope === 0).every((r) => r.complianceRate === null && r.flagged === 0)).toBe(true);
    expect(d.rules.find((r) => r.rule === 'TEAM_CASELOAD_HIGH')).toMatchObject({ subject: 'team', finding: expect.stringContaining('caseloads') });
    // C-U1 (pre-proceedings, its PLO entry overseen) has no team: 2 assessments in no team.
    expect(d.teams).toEqual([
      { teamId: 'T-NORTH', ...tally(18, 2, 2) },
      { teamId: 'T-SOUTH', ...tally(15, 1, 3) },
    ]);
  });

  it("one team's figures only, when filtered", async () => {
    const d = await dashboard(`asOf=${TODAY}&teamId=T-NORTH`);
    expect(d.teamId).toBe('T-NORTH');
    expect(d.overall).toEqual(tally(18, 2, 2));
    expect(d.teams).toEqual([{ teamId: 'T-NORTH', ...tally(18, 2, 2) }]);
    expect(inScopeOnly(d)).toEqual({
      SUPERVISION_OVERDUE: tally(2, 1, 0),
      SUPERVISION_NOT_REFLECTIVE: tally(2, 0, 0),
      CASELOAD_HIGH: tally(2, 0, 1),
      TEAM_CASELOAD_HIGH: tally(1, 0, 0),
      SOCIAL_WORKER_CHANGES: tally(5, 0, 0),
      PRE_PROCEEDINGS_OVERDUE: tally(1, 0, 1),
      OVERSIGHT_MISSING: tally(5, 1, 0),
    });
    const none = await dashboard('teamId=T-EAST');
    expect(none.overall).toEqual(NONE);
    expect(none.teams).toEqual([]);
  });

  it('knownAt: on 28 June W-S2’s 29 May supervision was not yet logged, so she was red, not amber', async () => {
    const full = await dashboard('asOf=2026-06-28');
    const known = await dashboard('asOf=2026-06-28&knownAt=2026-06-28');
    expect(known.knownAt).toBe('2026-06-28');
    expect(rulesOf(full).SUPERVISION_OVERDUE).toEqual(tally(4, 1, 1));
    expect(rulesOf(known).SUPERVISION_OVERDUE).toEqual(tally(4, 2, 0));
    expect(full.overall).toEqual(tally(35, 3, 5));
    expect(known.overall).toEqual(tally(35, 4, 4));
    expect(known.teams.find((x) => x.teamId === 'T-SOUTH')).toEqual({ teamId: 'T-SOUTH', ...tally(15, 2, 2) });
    // Known today, the late supervision counts.
    expect(await dashboard(`asOf=2026-06-28&knownAt=${TODAY}`)).toEqual({ ...full, knownAt: TODAY });
  });

  it('the series: a point per month, nothing before December, then C-S1 in care proceedings and its PLO entry overseen', async () => {
    const d = await dashboard('');
    expect(d.series.map((p) => p.month)).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(d.series.map((p) => p.asOf)).toEqual([
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      TODAY,
    ]);
    for (const p of d.series.slice(0, 5)) {
      expect(p.overall).toEqual(NONE);
      expect(Object.values(p.rules).every((r) => r === null)).toBe(true);
    }
    const december = d.series[5];
    expect(december.overall).toEqual(tally(2, 0, 0));
    expect(Object.entries(december.rules).filter(([, rate]) => rate !== null)).toEqual([
      ['CARE_PROCEEDINGS_OVERDUE', 1],
      ['OVERSIGHT_MISSING', 1],
    ]);
    expect(Object.keys(december.rules)).toEqual(d.rules.map((r) => r.rule));
  });
});

/** A view's counts as GET /flags totals them: overall, each rule by severity, and each team. */
async function flagTotals(view: string, teams: string[]) {
  const total = async (query: string) => {
    const res = await get<{ total: number }>(`${t.url}/flags?${view}&${query}&limit=1`);
    if (res.status !== 200) throw new Error(`GET /flags?${view}&${query}: ${res.status}`);
    return res.body.total;
  };
  const counts = async (query: string) => ({ flagged: await total(query), red: await total(`${query}&severity=red`), amber: await total(`${query}&severity=amber`) });
  const rules: Record<string, object> = {};
  for (const rule of RULE_IDS) rules[rule] = await counts(`rule=${rule}`);
  const byTeam: Record<string, object> = {};
  for (const teamId of teams) byTeam[teamId] = await counts(`teamId=${teamId}`);
  return { overall: await counts(''), rules, teams: byTeam };
}

const countsOf = ({ flagged, red, amber }: Compliance) => ({ flagged, red, amber });

function dashboardTotals(d: Dashboard) {
  return {
    overall: countsOf(d.overall),
    rules: Object.fromEntries(d.rules.map((r) => [r.rule, countsOf(r)])),
    teams: Object.fromEntries(d.teams.map((x) => [x.teamId, countsOf(x)])),
  };
}

describe('the same counts as GET /flags', () => {
  const VIEWS = ['', `asOf=${TODAY}`, 'asOf=2026-06-28&knownAt=2026-06-28', 'asOf=2026-03-31', 'asOf=2026-02-03&knownAt=2026-02-10', 'asOf=2026-05-31&knownAt=2026-06-15'];

  it.each(VIEWS)('for the view "%s", rule by rule and team by team, with flags in several rules and both teams', async (view) => {
    const d = await dashboard(view);
    const teams = d.teams.map((x) => x.teamId);
    expect(await flagTotals(view, teams)).toEqual(dashboardTotals(d));
    if (view.includes(TODAY) || view === '') {
      expect(d.rules.filter((r) => r.flagged > 0).length).toBeGreaterThanOrEqual(5);
      expect(teams).toEqual(['T-NORTH', 'T-SOUTH']);
      expect(d.teams.every((x) => x.flagged > 0)).toBe(true);
    }
  });

  it.each(['T-NORTH', 'T-SOUTH'])('for a dashboard filtered to %s, rule by rule', async (teamId) => {
    for (const view of [`asOf=${TODAY}`, 'asOf=2026-06-28&knownAt=2026-06-28']) {
      const d = await dashboard(`${view}&teamId=${teamId}`);
      expect(d.teams.map((x) => x.teamId)).toEqual([teamId]);
      const { teams, ...rest } = dashboardTotals(d);
      expect(await flagTotals(`${view}&teamId=${teamId}`, [])).toEqual({ ...rest, teams: {} });
      expect(teams).toEqual({ [teamId]: rest.overall });
    }
  });
});

describe('the series', () => {
  it.each(['', 'asOf=2026-05-15', 'asOf=2026-06-28&knownAt=2026-06-28', 'asOf=2026-03-31&teamId=T-SOUTH'])(
    'for "%s": 12 points, the last the answer itself, each earlier one the dashboard as of its date',
    async (query) => {
      const d = await dashboard(query);
      expect(d.series).toHaveLength(12);
      const last = d.series.at(-1)!;
      expect(last.asOf).toBe(d.asOf);
      expect(last.month).toBe(d.asOf.slice(0, 7));
      expect(last.overall).toEqual(d.overall);
      expect(last.rules).toEqual(Object.fromEntries(d.rules.map((r) => [r.rule, r.complianceRate])));
      const same = [d.knownAt && `knownAt=${d.knownAt}`, d.teamId && `teamId=${d.teamId}`].filter(Boolean).join('&');
      for (const point of d.series.slice(0, -1)) {
        const then = await dashboard(`asOf=${point.asOf}${same ? `&${same}` : ''}`);
        expect({ asOf: point.asOf, overall: point.overall, rules: point.rules }).toEqual({
          asOf: then.asOf,
          overall: then.overall,
          rules: Object.fromEntries(then.rules.map((r) => [r.rule, r.complianceRate])),
        });
        expect(then.series.at(-1)).toEqual(point);
      }
    },
  );
});

describe('who may see what', () => {
  it('gives a manager bound to T-NORTH only T-NORTH, and refuses another team', async () => {
    const mine = await dashboard('', TEST_KEYS.northManager);
    expect(mine.teamId).toBe('T-NORTH');
    expect(mine.teams.map((x) => x.teamId)).toEqual(['T-NORTH']);
    expect(mine.overall).toEqual(tally(18, 2, 2));
    expect(mine).toEqual(await dashboard('teamId=T-NORTH'));
    expect(await dashboard('teamId=T-NORTH&asOf=2026-03-31', TEST_KEYS.northManager)).toEqual(await dashboard('teamId=T-NORTH&asOf=2026-03-31'));
    for (const query of ['teamId=T-SOUTH', 'teamId=T-SOUTH&asOf=2026-03-31', 'teamId=T-EAST']) {
      const res = await get(`${t.url}/dashboard?${query}`, TEST_KEYS.northManager);
      expect({ query, status: res.status }).toEqual({ query, status: 403 });
      // The team asked for is not repeated: the answer names the reader's own.
      expect(res.body.message).toEqual(["teamId: you can see only team T-NORTH's records"]);
    }
  });

  it('gives an unbound manager and an auditor every team', async () => {
    const all = await dashboard('');
    expect(await dashboard('', TEST_KEYS.manager)).toEqual(all);
    expect(await dashboard('', TEST_KEYS.auditor)).toEqual(all);
  });
});

describe('bad queries', () => {
  it('are refused with the parameter named, and change nothing', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const before = { events: await store.count(), reads: (await get(`${t.url}/access-log?limit=10000`)).body.reads.length, answer: await dashboard('') };
    for (const [query, fragment] of [
      ['asOf=2026-02-30', 'asOf'],
      ['asOf=30-06-2026', 'asOf'],
      ['asOf=2026-06-30&asOf=2026-06-29', 'asOf'],
      ['knownAt=yesterday', 'knownAt'],
      ['knownAt=2026-07-01', 'knownAt: must not be in the future'],
      ['teamId=T%20NORTH', 'teamId'],
      [`teamId=${'T'.repeat(65)}`, 'teamId'],
      ['colour=red', 'colour: unknown field'],
      ['includeSeries=false', 'includeSeries: unknown field'],
      ['rule=SUPERVISION_OVERDUE', 'rule: unknown field'],
    ]) {
      const res = await get(`${t.url}/dashboard?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.message.join(' ')).toContain(fragment);
      expect(JSON.stringify(res.body)).not.toContain('stack');
    }
    const after = { events: await store.count(), reads: (await get(`${t.url}/access-log?limit=10000`)).body.reads.length, answer: await dashboard('') };
    expect(after).toEqual(before);
  });
});
