import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RULE_IDS } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { createTestDatabase, postgresAvailable } from '../libs/event-store/src/testing/index.js';
import { EVENT_STORE } from '@app/composition';
import { EXPECTED, SCENARIO, scenarioId, TODAY, type ExpectedFlag } from './support/scenario.js';
import { get, post, startTestApp, tempDataDir, type TestApp } from './support/test-app.js';

type FlagBody = { rule: string; subject: { type: string; id: string }; dueSince: string; daysOverdue: number; severity: string; evidence: string[]; teamId?: string };

const asExpected = (flags: FlagBody[]): ExpectedFlag[] => flags.map((f) => [f.rule, `${f.subject.type}:${f.subject.id}`, f.dueSince, f.daysOverdue, f.severity as 'amber' | 'red']);

async function recordScenario(t: TestApp): Promise<void> {
  const days = [...new Set(SCENARIO.map((e) => e.recordedOn))];
  for (const day of days) {
    t.clock.set(`${day}T12:00:00Z`);
    const events = SCENARIO.filter((e) => e.recordedOn === day).map((e) => e.request);
    const res = await post(`${t.url}/events/batch`, { events });
    expect(res.status).toBe(200);
    const failed = res.body.results.filter((r: { status: number }) => r.status !== 201);
    expect(failed).toEqual([]);
  }
  t.clock.set(`${TODAY}T12:00:00Z`);
}

async function expectScenarioFlags(t: TestApp): Promise<void> {
  for (const [query, expected] of Object.entries(EXPECTED)) {
    const res = await get(`${t.url}/flags?${query}`);
    expect(res.status).toBe(200);
    expect({ query, flags: asExpected(res.body.flags) }).toEqual({ query, flags: expected });
  }
}

/** Where the API keeps its data: the embedded files, or a PostgreSQL database of this run's own. */
interface Target {
  name: string;
  setUp(): Promise<Record<string, string>>;
  tearDown(): Promise<void>;
}

const embedded: Target = { name: 'the embedded default (SQLite)', setUp: async () => ({}), tearDown: async () => undefined };

function postgres(): Target {
  let database: { url: string; drop(): Promise<void> } | undefined;
  return {
    name: 'PostgreSQL',
    setUp: async () => {
      database = await createTestDatabase('e2e');
      return { DATABASE_URL: database.url };
    },
    tearDown: async () => database?.drop(),
  };
}

const targets = (await postgresAvailable()) ? [embedded, postgres()] : [embedded];

describe.each(targets)('the walking skeleton over real HTTP, on $name', (target) => {
  const dataDir = tempDataDir();
  let env: Record<string, string>;
  let t: TestApp;
  const storedCount = () => t.app.get<EventStore>(EVENT_STORE).count();

  beforeAll(async () => {
    env = await target.setUp();
    t = await startTestApp(dataDir, env);
    await recordScenario(t);
  });

  afterAll(async () => {
    await t?.close();
    await target.tearDown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gets exactly the expected flags, as of today and past dates, with knownAt and filters', async () => {
    await expectScenarioFlags(t);
  });

  it('answers as of today when no date is given, with evidence, team and finding on each flag', async () => {
    const res = await get(`${t.url}/flags`);
    expect(res.body.asOf).toBe(TODAY);
    expect(asExpected(res.body.flags)).toEqual(EXPECTED[`asOf=${TODAY}`]);
    const overdue = res.body.flags.find((f: FlagBody) => f.rule === 'SUPERVISION_OVERDUE');
    expect(overdue.teamId).toBe('T-NORTH');
    expect(overdue.finding).toMatch(/supervised/);
    const pre = res.body.flags.find((f: FlagBody) => f.rule === 'PRE_PROCEEDINGS_OVERDUE');
    expect(pre.evidence).toHaveLength(1);
    const late = await get(`${t.url}/flags?asOf=2026-06-28&knownAt=2026-06-28&workerId=W-N1&rule=SUPERVISION_OVERDUE`);
    expect(late.body.flags[0].evidence).not.toContain(scenarioId('late N1'));
  });

  it('pages through flags in a stable order with limit and cursor', async () => {
    const all = (await get(`${t.url}/flags?asOf=${TODAY}`)).body;
    const first = (await get(`${t.url}/flags?asOf=${TODAY}&limit=3`)).body;
    expect(first.total).toBe(all.total);
    expect(first.flags).toEqual(all.flags.slice(0, 3));
    const second = (await get(`${t.url}/flags?asOf=${TODAY}&limit=3&cursor=${first.nextCursor}`)).body;
    expect(second.flags).toEqual(all.flags.slice(3, 6));
    const last = (await get(`${t.url}/flags?asOf=${TODAY}&limit=3&cursor=${second.nextCursor}`)).body;
    expect(last.flags).toEqual(all.flags.slice(6));
    expect(last.nextCursor).toBeUndefined();
  });

  it('refuses bad queries with the parameter named', async () => {
    for (const [query, fragment] of [
      ['asOf=2026-02-30', 'asOf'],
      ['rule=NOT_A_RULE', 'rule'],
      ['limit=0', 'limit'],
      ['colour=red', 'colour: unknown field'],
      ['cursor=bm9wZQ', 'cursor'],
    ]) {
      const res = await get(`${t.url}/flags?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.message.join(' ')).toContain(fragment);
    }
  });

  describe('refusals store nothing', () => {
    const refusals: [string, object, number, string][] = [
      ['an unknown type', { type: 'ChildAdopted', occurredAt: '2026-06-01', data: {} }, 400, 'type: unknown event type'],
      ['an unknown field', { type: 'CaseClosed', occurredAt: '2026-06-01', data: { childId: 'C-N01', reason: 'x', name: 'Jo' } }, 400, 'data.name: unknown field'],
      ['a bad enum', { type: 'PloStageEntered', occurredAt: '2026-06-01', data: { childId: 'C-N01', stage: 'court' } }, 400, 'data.stage'],
      ['a missing field', { type: 'WorkerLeft', occurredAt: '2026-06-01', data: {} }, 400, 'data.workerId'],
      ['an impossible date', { type: 'WorkerLeft', occurredAt: '2026-02-30', data: { workerId: 'W-N1' } }, 400, 'occurredAt'],
      ['a date in the future', { type: 'WorkerLeft', occurredAt: '2026-07-01', data: { workerId: 'W-N1' } }, 422, 'in the future'],
      ['closing a closed case', { type: 'CaseClosed', occurredAt: '2026-04-20', data: { childId: 'C-N05', reason: 'again' } }, 422, 'not open'],
      ['allocating to a worker who has left', { type: 'CaseAllocated', occurredAt: '2026-05-10', data: { childId: 'C-S02', workerId: 'W-S2', teamId: 'T-SOUTH' } }, 422, 'W-S2'],
      ['entering a stage already in', { type: 'PloStageEntered', occurredAt: '2026-06-01', data: { childId: 'C-N01', stage: 'pre_proceedings' } }, 409, 'already in pre_proceedings'],
      ['exiting a stage not in', { type: 'PloStageExited', occurredAt: '2026-06-01', data: { childId: 'C-N01', stage: 'care_proceedings', outcome: 'order_made' } }, 422, 'not in care_proceedings'],
      [
        'a PLO exit dated before the entry',
        { type: 'PloStageExited', occurredAt: '2026-01-20', data: { childId: 'C-N01', stage: 'pre_proceedings', outcome: 'stepped_down' } },
        422,
        'not in pre_proceedings',
      ],
      [
        'supervision for a worker who has left',
        { type: 'SupervisionHeld', occurredAt: '2026-05-20', data: { workerId: 'W-S2', supervisorId: 'W-N4', durationMinutes: 60, reflective: true } },
        422,
        'left',
      ],
      ['an event for an unregistered child', { type: 'CaseClosed', occurredAt: '2026-05-20', data: { childId: 'C-NOBODY', reason: 'x' } }, 422, 'ChildRegistered'],
      ['voiding an unknown event', { type: 'EventVoided', occurredAt: '2026-06-20', data: { eventId: '00000000-0000-4000-8000-000000000000', reason: 'x' } }, 422, 'data.eventId'],
    ];

    it.each(refusals)('%s', async (_name, body, status, fragment) => {
      const before = await storedCount();
      const res = await post(`${t.url}/events`, body);
      expect(res.status).toBe(status);
      expect(res.body.message.join(' ')).toContain(fragment);
      expect(await storedCount()).toBe(before);
    });

    it('voiding an event already voided', async () => {
      const before = await storedCount();
      const res = await post(`${t.url}/events`, { type: 'EventVoided', occurredAt: '2026-06-21', data: { eventId: scenarioId('mistake'), reason: 'again' } });
      expect(res.status).toBe(409);
      expect(await storedCount()).toBe(before);
    });

    it('a body over the size limit (413)', async () => {
      const before = await storedCount();
      const huge = { events: Array.from({ length: 1000 }, () => ({ type: 'WorkerLeft', occurredAt: '2026-06-01', data: { workerId: 'W'.repeat(5000) } })) };
      const res = await post(`${t.url}/events/batch`, huge);
      expect(res.status).toBe(413);
      expect(await storedCount()).toBe(before);
    });

    it('a batch over 1000 events (400)', async () => {
      const before = await storedCount();
      const res = await post(`${t.url}/events/batch`, { events: Array.from({ length: 1001 }, () => ({})) });
      expect(res.status).toBe(400);
      expect(res.body.message.join(' ')).toContain('events');
      expect(await storedCount()).toBe(before);
    });
  });

  it('stores a resent eventId once: 200 with the original result, 409 for a different body', async () => {
    const event = {
      eventId: '7d3c1d1e-5b1a-4c2e-9f7e-0a1b2c3d4e5f',
      type: 'SupervisionHeld',
      occurredAt: '2026-06-29',
      data: { workerId: 'W-E1', supervisorId: 'W-N4', durationMinutes: 90, reflective: true },
    };
    const before = await storedCount();
    const first = await post(`${t.url}/events`, event);
    expect(first.status).toBe(201);
    const again = await post(`${t.url}/events`, { ...event, data: { reflective: true, durationMinutes: 90, supervisorId: 'W-N4', workerId: 'W-E1' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const changed = await post(`${t.url}/events`, { ...event, data: { ...event.data, durationMinutes: 30 } });
    expect(changed.status).toBe(409);
    expect(await storedCount()).toBe(before + 1);
  });

  it('answers each batch item on its own', async () => {
    const before = await storedCount();
    const res = await post(`${t.url}/events/batch`, {
      events: [
        { type: 'ChildRegistered', occurredAt: '2026-06-29', data: { childId: 'C-NEW1', birthMonth: '2020-01', disabled: true } },
        { type: 'ChildRegistered', occurredAt: '2026-06-29', data: { childId: 'C-NEW1', birthMonth: '2020-01', disabled: true } },
        { type: 'CaseAllocated', occurredAt: '2026-06-29', data: { childId: 'C-NEW1', workerId: 'W-S3', teamId: 'T-SOUTH', extra: 1 } },
        { type: 'CaseAllocated', occurredAt: '2026-06-29', data: { childId: 'C-NEW1', workerId: 'W-S3', teamId: 'T-SOUTH' } },
      ],
    });
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 409, 400, 201]);
    expect(res.body.results[2].errors).toEqual(['data.extra: unknown field']);
    expect(await storedCount()).toBe(before + 2);
  });

  it('concurrent writers to one stream lose nothing and store nothing twice', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const before = (await store.readStream('worker-W-S3')).length;
    const sessions = Array.from({ length: 20 }, (_, i) => ({
      eventId: `0b7c4e2a-1d3f-4a5b-8c6d-${String(i).padStart(12, '0')}`,
      type: 'SupervisionHeld',
      occurredAt: '2026-06-29',
      data: { workerId: 'W-S3', supervisorId: 'W-N4', durationMinutes: 90 + i, reflective: true },
    }));
    const answers = await Promise.all([...sessions, ...sessions].map((e) => post(`${t.url}/events`, e)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
    const stream = await store.readStream('worker-W-S3');
    expect(stream.length).toBe(before + 20);
    expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i));
  });

  it('answers concurrent flag queries for different dates consistently', async () => {
    const queries = Object.keys(EXPECTED);
    const answers = await Promise.all(queries.map((q) => get(`${t.url}/flags?${q}`)));
    answers.forEach((a, i) => expect(asExpected(a.body.flags)).toEqual(EXPECTED[queries[i]]));
  });

  it("shows a worker's events, voided ones marked, with their current flags", async () => {
    const res = await get(`${t.url}/workers/W-N2`);
    expect(res.status).toBe(200);
    const mistake = res.body.events.find((e: { eventId: string }) => e.eventId === scenarioId('mistake'));
    expect(mistake.voided).toMatchObject({ reason: 'recorded against the wrong worker' });
    expect(res.body.events.filter((e: { voided?: object }) => e.voided)).toHaveLength(1);
    expect(res.body.events.map((e: { type: string }) => e.type)).toContain('EventVoided');
    expect(asExpected(res.body.flags)).toEqual([['SUPERVISION_OVERDUE', 'worker:W-N2', '2026-03-23', 99, 'red']]);
    const past = await get(`${t.url}/workers/W-N2?asOf=2026-06-10&knownAt=2026-06-10`);
    expect(past.body.flags).toEqual([]);
  });

  it("shows a child's timeline with its flags; unknown and malformed ids are refused", async () => {
    const res = await get(`${t.url}/children/C-S01/timeline`);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['ChildRegistered', ...Array.from({ length: 4 }, () => ['CaseAllocated', 'ManagementOversightRecorded']).flat()]);
    expect(asExpected(res.body.flags)).toEqual(EXPECTED[`asOf=${TODAY}&childId=C-S01`]);
    expect((await get(`${t.url}/children/C-NOBODY/timeline`)).status).toBe(404);
    expect((await get(`${t.url}/children/${encodeURIComponent('C 1')}/timeline`)).status).toBe(400);
    expect((await get(`${t.url}/workers/W-N2?colour=red`)).status).toBe(400);
  });

  it('lists the rules with the thresholds in force and their sources', async () => {
    const res = await get(`${t.url}/rules`);
    expect(res.body.rules.map((r: { rule: string }) => r.rule)).toEqual(RULE_IDS);
    const pre = res.body.rules.find((r: { rule: string }) => r.rule === 'PRE_PROCEEDINGS_OVERDUE');
    expect(pre.thresholds).toEqual({ maxWeeks: 16 });
    expect(pre.source).toMatch(/Public Law Outline/);
  });

  it('reports health, including the stores', async () => {
    const res = await get(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(res.body.details.eventStore.status).toBe('up');
    expect(res.body.details.projections.lag).toBe('0');
  });

  it('serves the OpenAPI document with the event schemas', async () => {
    const res = await fetch(`${t.url.replace('/api/v1', '')}/docs-json`);
    const doc = JSON.stringify(await res.json());
    expect(doc).toContain('SupervisionHeld');
    expect(doc).toContain('/api/v1/events/batch');
  });

  it('gives the same flags after a restart on the same DATA_DIR', async () => {
    await t.close();
    t = await startTestApp(dataDir, env);
    t.clock.set(`${TODAY}T12:00:00Z`);
    await expectScenarioFlags(t);
  });

  it("applies the LA's policy file to the flags and the rules listing", async () => {
    await t.close();
    const policy = `${dataDir}/policy.json`;
    fs.writeFileSync(policy, JSON.stringify({ preProceedings: { maxWeeks: 12 } }));
    t = await startTestApp(dataDir, { ...env, POLICY_FILE: policy });
    t.clock.set(`${TODAY}T12:00:00Z`);
    const rules = await get(`${t.url}/rules`);
    expect(rules.body.policySource).toContain('policy.json');
    expect(rules.body.rules.find((r: { rule: string }) => r.rule === 'PRE_PROCEEDINGS_OVERDUE').thresholds).toEqual({ maxWeeks: 12 });
    const res = await get(`${t.url}/flags?rule=PRE_PROCEEDINGS_OVERDUE`);
    // 12 weeks after 2 February is 27 April: 64 days overdue on 30 June, amber (not over by another 84 days).
    expect(asExpected(res.body.flags)).toEqual([['PRE_PROCEEDINGS_OVERDUE', 'child:C-N01', '2026-04-27', 64, 'amber']]);
  });
});
