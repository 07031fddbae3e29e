import { describe, expect, it } from '@jest/globals';
import { RecordEventRequest, childStream, streamKind, streamOf, subjectOfStream, workerStream } from './catalogue.js';

const joined = {
  type: 'WorkerJoined',
  occurredAt: '2026-01-05',
  data: { workerId: 'W-1', teamId: 'T-1', role: 'social_worker', caseHolding: true, agency: false, fte: 1 },
};

/** The field paths a request is refused for (an unknown key is named by its own path). */
function badFields(request: unknown): string[] {
  const result = RecordEventRequest.safeParse(request);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [issue.path.join('.')],
  );
}

const withData = (data: Record<string, unknown>) => ({ ...joined, data: { ...joined.data, ...data } });

describe('event catalogue', () => {
  it('accepts a well-formed event, with a date or a zoned date-time', () => {
    expect(badFields(joined)).toEqual([]);
    expect(badFields({ ...joined, occurredAt: '2026-07-01T23:30:00+01:00' })).toEqual([]);
  });

  it('refuses an unknown type, at type, listing the known ones', () => {
    const result = RecordEventRequest.safeParse({ ...joined, type: 'WorkerPromoted' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['type'], message: expect.stringContaining('unknown event type: must be one of WorkerJoined') })]);
  });

  it('refuses an unknown field at the top level and in data', () => {
    expect(badFields({ ...joined, priority: 'high' })).toEqual(['priority']);
    expect(badFields(withData({ name: 'Jane' }))).toEqual(['data.name']);
  });

  it('refuses a missing field', () => {
    const { teamId: _omitted, ...data } = joined.data;
    expect(badFields({ ...joined, data })).toEqual(['data.teamId']);
  });

  it('refuses a value outside its enum', () => {
    expect(badFields(withData({ role: 'director' }))).toEqual(['data.role']);
    expect(badFields({ type: 'PloStageEntered', occurredAt: '2026-01-05', data: { childId: 'C-1', stage: 'supervision_order' } })).toEqual(['data.stage']);
  });

  it('refuses an impossible date or a date-time without a zone', () => {
    expect(badFields({ ...joined, occurredAt: '2026-02-30' })).toEqual(['occurredAt']);
    expect(badFields({ ...joined, occurredAt: '2026-02-30T10:00:00Z' })).toEqual(['occurredAt']);
    expect(badFields({ ...joined, occurredAt: '2026-02-03T10:00:00' })).toEqual(['occurredAt']);
    expect(badFields({ type: 'ChildRegistered', occurredAt: '2026-01-05', data: { childId: 'C-1', birthMonth: '2017-13', disabled: false } })).toEqual(['data.birthMonth']);
  });

  it('refuses an fte of 0 or above 1, accepting 1 and a fraction', () => {
    expect(badFields(withData({ fte: 0 }))).toEqual(['data.fte']);
    expect(badFields(withData({ fte: 1.5 }))).toEqual(['data.fte']);
    expect(badFields(withData({ fte: 0.6 }))).toEqual([]);
  });

  it('refuses a reference that could be a name or break a stream id', () => {
    expect(badFields(withData({ workerId: 'Jane Smith' }))).toEqual(['data.workerId']);
    expect(badFields({ ...joined, eventId: 'not-a-uuid' })).toEqual(['eventId']);
  });

  it('refuses a void without a UUID to void or with a multi-line reason', () => {
    expect(badFields({ type: 'EventVoided', occurredAt: '2026-01-05', data: { eventId: 'x', reason: 'typo' } })).toEqual(['data.eventId']);
    expect(badFields({ type: 'EventVoided', occurredAt: '2026-01-05', data: { eventId: '6f1c0e1e-2b7a-4c1d-9a51-3f0f7d0b9e11', reason: 'a\nb' } })).toEqual(['data.reason']);
  });

  it('puts an event in the stream of the subject its data names', () => {
    expect(streamOf(RecordEventRequest.parse(joined))).toBe('worker-W-1');
    expect(streamOf(RecordEventRequest.parse({ type: 'CaseAllocated', occurredAt: '2026-01-05', data: { childId: 'C-1', workerId: 'W-1', teamId: 'T-1' } }))).toBe(
      'child-C-1',
    );
    expect(streamKind('EventVoided')).toBe('target');
    expect(subjectOfStream(childStream('C-004211'))).toEqual({ type: 'child', id: 'C-004211' });
    expect(subjectOfStream(workerStream('W-017'))).toEqual({ type: 'worker', id: 'W-017' });
    expect(() => subjectOfStream('team-T-1')).toThrow('not a subject stream');
  });
});
