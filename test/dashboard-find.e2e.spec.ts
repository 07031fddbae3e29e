import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { post, startTestApp, tempDataDir, TEST_KEYS, type TestApp } from './support/test-app.js';
import { signInWithKey, visitPage, type PageSession } from './support/page-session.js';

/**
 * The reference search above every page: a child's or a worker's reference opens their
 * page; an unknown one is refused without repeating it, and a team-bound manager learns
 * no more from it than from another team's reference.
 */
let t: TestApp;
let dir: string;
let admin: PageSession;
let northManager: PageSession;

beforeAll(async () => {
  dir = tempDataDir('dashboard-find-e2e-');
  t = await startTestApp(dir);
  t.clock.set(new Date('2026-03-01T12:00:00Z'));
  const events = [
    { type: 'WorkerJoined', occurredAt: '2026-01-05', data: { workerId: 'W-1', teamId: 'T-SOUTH', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } },
    { type: 'ChildRegistered', occurredAt: '2026-02-02', data: { childId: 'C-1', birthMonth: '2017-04', disabled: false } },
    { type: 'CaseAllocated', occurredAt: '2026-02-03', data: { childId: 'C-1', workerId: 'W-1', teamId: 'T-SOUTH' } },
  ];
  const recorded = await post(`${t.url}/events/batch`, { events });
  expect(recorded.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201]);
  admin = await signInWithKey(t, TEST_KEYS.admin);
  northManager = await signInWithKey(t, TEST_KEYS.northManager);
});

afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('finding a child or worker by reference', () => {
  it('is offered on every signed-in page', async () => {
    for (const path of ['/dashboard/overview', '/dashboard/flags', '/dashboard/rules', '/dashboard/children/C-1']) {
      expect([path, (await visitPage(t, path, admin)).body]).toEqual([path, expect.stringContaining('action="/dashboard/find"')]);
    }
  });

  it("opens a child's page, else a worker's, for the reference as typed (spaces around it ignored)", async () => {
    expect(await visitPage(t, '/dashboard/find?ref=C-1', admin)).toMatchObject({ status: 303, location: '/dashboard/children/C-1' });
    expect(await visitPage(t, '/dashboard/find?ref=%20W-1%20', admin)).toMatchObject({ status: 303, location: '/dashboard/workers/W-1' });
  });

  it('refuses an unknown reference with a page that does not repeat it', async () => {
    const answer = await visitPage(t, '/dashboard/find?ref=C-UNKNOWN-42', admin);
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('no child or worker with this reference is recorded');
    expect(answer.body).not.toContain('C-UNKNOWN-42');
  });

  it("tells a team-bound manager the same about an unknown reference as about another team's", async () => {
    const unknown = await visitPage(t, '/dashboard/find?ref=C-UNKNOWN-42', northManager);
    const otherTeams = await visitPage(t, '/dashboard/children/C-1', northManager);
    expect([unknown.status, otherTeams.status]).toEqual([403, 403]);
    expect(unknown.body).not.toContain('C-UNKNOWN-42');
  });

  it.each(['', 'has space', 'x'.repeat(65), '<script>'])('refuses a reference no subject could have (%p)', async (ref) => {
    const answer = await visitPage(t, `/dashboard/find?ref=${encodeURIComponent(ref)}`, admin);
    expect(answer.status).toBe(400);
    if (ref) expect(answer.body).not.toContain(ref);
  });
});
