import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/composition';
import { get, post, startTestApp, tempDataDir, type TestApp } from './support/test-app.js';

/**
 * A UUID names one event whatever the case of its hex digits: a resend in the other case
 * is the same event (200, stored once), single or in a batch, and a void may name its
 * target in either case. References (childId, workerId) keep their case.
 */
describe('event ids in either case', () => {
  const dir = tempDataDir('practice-audit-event-id-case-');
  let t: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp(dir);
    t.clock.set('2026-06-30T12:00:00Z');
    store = t.app.get<EventStore>(EVENT_STORE);
    const setUp = await post(`${t.url}/events/batch`, {
      events: [
        { type: 'WorkerJoined', occurredAt: '2026-06-01', data: { workerId: 'W-Case', teamId: 'T-1', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } },
        { type: 'WorkerJoined', occurredAt: '2026-06-01', data: { workerId: 'W-Sup', teamId: 'T-1', role: 'team_manager', caseHolding: false, agency: false, fte: 1 } },
      ],
    });
    expect(setUp.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201]);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const supervision = (eventId: string, day: string) => ({
    eventId,
    type: 'SupervisionHeld',
    occurredAt: day,
    data: { workerId: 'W-Case', supervisorId: 'W-Sup', durationMinutes: 60, reflective: true },
  });
  const stored = async () => (await store.readStream('worker-W-Case')).length;

  it('stores a single event once when it is resent with its eventId in the other case', async () => {
    const id = 'ab3c1d1e-5b1a-4c2e-9f7e-0a1b2c3d4e5f';
    const before = await stored();
    const first = await post(`${t.url}/events`, supervision(id.toUpperCase(), '2026-06-10'));
    expect(first.status).toBe(201);
    expect(first.body.eventId).toBe(id);
    const again = await post(`${t.url}/events`, supervision(id, '2026-06-10'));
    expect([again.status, again.body]).toEqual([200, first.body]);
    expect(await stored()).toBe(before + 1);
  });

  it('stores a batch event once whatever the case, within a batch and across batches', async () => {
    const id = 'cd4e2a1b-1d3f-4a5b-8c6d-0e0f0a0b0c0d';
    const before = await stored();
    const first = await post(`${t.url}/events/batch`, { events: [supervision(id, '2026-06-11'), supervision(id.toUpperCase(), '2026-06-11')] });
    expect(first.body.results.map((r: { status: number; eventId: string }) => [r.status, r.eventId])).toEqual([
      [201, id],
      [200, id],
    ]);
    const again = await post(`${t.url}/events/batch`, { events: [supervision(id.toUpperCase(), '2026-06-11')] });
    expect(again.body.results.map((r: { status: number }) => r.status)).toEqual([200]);
    expect(await stored()).toBe(before + 1);
  });

  it('voids an event named in upper case, once', async () => {
    const id = 'ef5a3b2c-2e4a-4b6c-9d7e-1f2a3b4c5d6e';
    expect((await post(`${t.url}/events`, supervision(id, '2026-06-12'))).status).toBe(201);
    const voidEvent = { eventId: 'AB0C0D0E-0F1A-4B2C-8D3E-4F5A6B7C8D9E', type: 'EventVoided', occurredAt: '2026-06-13', data: { eventId: id.toUpperCase(), reason: 'recorded in error' } };
    const voided = await post(`${t.url}/events`, voidEvent);
    expect(voided.status).toBe(201);
    expect((await post(`${t.url}/events`, { ...voidEvent, eventId: voidEvent.eventId.toLowerCase(), data: { ...voidEvent.data, eventId: id } })).status).toBe(200);
    const timeline = await get(`${t.url}/workers/W-Case`);
    const target = timeline.body.events.find((e: { eventId: string }) => e.eventId === id);
    expect(target.voided).toBeTruthy();
    expect(timeline.body.events.filter((e: { type: string }) => e.type === 'EventVoided')).toHaveLength(1);
  });

  it('keeps references as they are: W-Case and w-case are two workers', async () => {
    expect((await get(`${t.url}/workers/w-case`)).status).toBe(404);
  });
});
