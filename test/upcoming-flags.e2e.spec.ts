import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { get, post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';

/**
 * GET /flags/upcoming over real HTTP: what falls due in the next days if nothing is
 * recorded, from the same read model as GET /flags; a manager acts on it and it goes.
 * Supervision is due every 28 days (the default policy).
 */
const TODAY = '2026-06-30';
const dataDir = tempDataDir('upcoming-flags-');
let t: TestApp;

const worker = (workerId: string, teamId: string, joined: string) => ({
  type: 'WorkerJoined',
  occurredAt: joined,
  data: { workerId, teamId, role: 'social_worker', caseHolding: true, agency: false, fte: 1 },
});
const supervision = (workerId: string, on: string) => ({
  type: 'SupervisionHeld',
  occurredAt: on,
  data: { workerId, supervisorId: 'W-LEAD', durationMinutes: 90, reflective: true },
});
const upcoming = async (query: string, token: string = TEST_KEYS.admin) => get(`${t.url}/flags/upcoming?rule=SUPERVISION_OVERDUE&${query}`, token);
const dueOf = (body: { flags: { subject: { id: string }; dueSince: string; daysOverdue: number }[] }) => body.flags.map((f) => [f.subject.id, f.dueSince, f.daysOverdue]);

beforeAll(async () => {
  t = await startTestApp(dataDir);
  t.clock.set(`${TODAY}T12:00:00Z`);
  const events = [
    worker('W-U1', 'T-NORTH', '2026-01-05'),
    supervision('W-U1', '2026-06-20'), // due 18 July
    worker('W-U2', 'T-SOUTH', '2026-01-05'),
    supervision('W-U2', '2026-06-25'), // due 23 July
    worker('W-U3', 'T-NORTH', '2026-01-05'),
    supervision('W-U3', '2026-05-20'), // due 17 June: already overdue, GET /flags's
  ];
  const res = await post(`${t.url}/events/batch`, { events });
  expect(res.body.results.map((r: { status: number }) => r.status)).toEqual(events.map(() => 201));
});

afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('what falls due next', () => {
  it('lists the duties that fall due in the window, soonest first, as they will be on their due date', async () => {
    const res = await upcoming('within=30');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ today: TODAY, until: '2026-07-30', total: 2 });
    expect(dueOf(res.body)).toEqual([
      ['W-U1', '2026-07-18', 0],
      ['W-U2', '2026-07-23', 0],
    ]);
    // Already overdue is GET /flags's answer, not this one's.
    expect((await get(`${t.url}/flags?rule=SUPERVISION_OVERDUE`)).body.flags.map((f: { subject: { id: string } }) => f.subject.id)).toEqual(['W-U3']);
  });

  it('looks 14 days ahead by default, and no further than asked', async () => {
    expect((await upcoming('')).body).toMatchObject({ until: '2026-07-14', total: 0, flags: [] });
    expect(dueOf((await upcoming('within=18')).body)).toEqual([['W-U1', '2026-07-18', 0]]);
  });

  it('pages with the cursor it gives, and refuses one it did not', async () => {
    const first = await upcoming('within=30&limit=1');
    expect(dueOf(first.body)).toEqual([['W-U1', '2026-07-18', 0]]);
    const second = await upcoming(`within=30&limit=1&cursor=${first.body.nextCursor}`);
    expect([dueOf(second.body), second.body.nextCursor]).toEqual([[['W-U2', '2026-07-23', 0]], undefined]);
    const forged = await upcoming(`within=30&cursor=${Buffer.from('DROP TABLE').toString('base64url')}`);
    expect([forged.status, forged.body.message]).toEqual([400, ['cursor: not a cursor from a previous page']]);
  });

  it("keeps a manager bound to a team to their team's duties", async () => {
    expect(dueOf((await upcoming('within=30', TEST_KEYS.northManager)).body)).toEqual([['W-U1', '2026-07-18', 0]]);
    expect((await upcoming('within=30&teamId=T-SOUTH', TEST_KEYS.northManager)).status).toBe(403);
  });

  it('refuses a window it cannot answer, and parameters it does not take, naming nothing sent', async () => {
    for (const query of ['within=0', 'within=367', 'within=two', 'asOf=2026-07-01', 'knownAt=2026-06-01']) {
      const res = await upcoming(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(JSON.stringify(res.body)).not.toContain('two');
    }
  });

  it('moves a duty on once what it asks for is recorded, at once', async () => {
    expect((await post(`${t.url}/events`, supervision('W-U1', '2026-06-30'))).status).toBe(201);
    expect(dueOf((await upcoming('within=30')).body)).toEqual([
      ['W-U2', '2026-07-23', 0],
      ['W-U1', '2026-07-28', 0],
    ]);
    expect(dueOf((await upcoming('within=20')).body)).toEqual([]);
  });
});
