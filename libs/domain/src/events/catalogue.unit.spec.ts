import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import { DATE_RANGE, OUTSIDE_DATE_RANGE, OUTSIDE_MONTH_RANGE } from '../date-range.js';
import { EVENT_TYPES, RecordEventRequest, childStream, definitionOf, streamKind, streamOf, subjectOfStream, workerStream, type EventType } from './catalogue.js';
import { EXAMPLES, EXAMPLE_TYPES } from '../testing/examples.js';

const joined = {
  type: 'WorkerJoined',
  occurredAt: '2026-01-05',
  data: { workerId: 'W-1', teamId: 'T-1', role: 'social_worker', caseHolding: true, agency: false, fte: 1 },
};

/** The field paths a request is refused for (an unknown key is named by its own path). */
function badFields(request: unknown): string[] {
  const result = RecordEventRequest.safeParse(request);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [issue.path.join('.')]));
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

  describe('dates outside DATE_RANGE (400 at the field, one message, the value not echoed)', () => {
    const OUT = ['0100-01-01', '1989-12-31', '2100-01-01', '9999-12-31', '1989-12-31T22:00:00Z', '2100-01-01T00:30:00+00:00'];
    const messagesAt = (request: unknown, field: string) => (RecordEventRequest.safeParse(request).error?.issues ?? []).filter((i) => i.path.join('.') === field).map((i) => i.message);

    it.each(EVENT_TYPES)('refuses an occurredAt outside the range in %s', (type) => {
      for (const occurredAt of OUT) expect(messagesAt({ type, occurredAt, data: {} }, 'occurredAt')).toEqual([OUTSIDE_DATE_RANGE]);
    });

    it('accepts the first and the last day of the range, and counts a date-time on its London date', () => {
      expect(badFields({ ...joined, occurredAt: DATE_RANGE.from })).toEqual([]);
      expect(badFields({ ...joined, occurredAt: DATE_RANGE.to })).toEqual([]);
      // 23:30 on 31 December 1989 at UTC-1 is 00:30 on 1 January 1990 in London.
      expect(badFields({ ...joined, occurredAt: '1989-12-31T23:30:00-01:00' })).toEqual([]);
    });

    it('refuses a birthMonth outside the range, accepting its first and last months', () => {
      const registered = (birthMonth: string) => ({ type: 'ChildRegistered', occurredAt: '2026-01-05', data: { childId: 'C-1', birthMonth, disabled: false } });
      for (const month of ['0100-01', '1989-12', '2100-01', '9999-12']) expect(messagesAt(registered(month), 'data.birthMonth')).toEqual([OUTSIDE_MONTH_RANGE]);
      expect(badFields(registered('1990-01'))).toEqual([]);
      expect(badFields(registered('2099-12'))).toEqual([]);
    });

    it('holds no other date field: every data field that takes a date-shaped string is birthMonth', () => {
      // A new date field must be added to the range checks (and here): found by probing every field of every type.
      const dateFields = new Set<string>();
      for (const type of EVENT_TYPES) {
        const shape = (RecordEventRequest.options.find((o) => o.shape.type.value === type)!.shape.data as z.ZodObject).shape;
        for (const [field, schema] of Object.entries(shape)) {
          if (['2017-04', '2017-04-01'].some((d) => (schema as z.ZodType).safeParse(d).success) && !(schema as z.ZodType).safeParse('REF-1').success) dateFields.add(field);
        }
      }
      expect([...dateFields]).toEqual(['birthMonth']);
    });
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
    expect(streamOf(RecordEventRequest.parse({ type: 'CaseAllocated', occurredAt: '2026-01-05', data: { childId: 'C-1', workerId: 'W-1', teamId: 'T-1' } }))).toBe('child-C-1');
    expect(streamKind('EventVoided')).toBe('target');
    expect(subjectOfStream(childStream('C-004211'))).toEqual({ type: 'child', id: 'C-004211' });
    expect(subjectOfStream(workerStream('W-017'))).toEqual({ type: 'worker', id: 'W-017' });
    expect(() => subjectOfStream('team-T-1')).toThrow('not a subject stream');
  });

  describe('child events', () => {
    const firstChildEvents = ['ChildRegistered', 'CaseAllocated', 'CaseClosed', 'PloStageEntered', 'PloStageExited'];
    /** A well-formed request of each child event added with the full catalogue: the catalogue's examples. */
    const samples: Record<string, Record<string, unknown>> = Object.fromEntries(
      EXAMPLE_TYPES.filter((type) => streamKind(type) === 'child' && !firstChildEvents.includes(type)).map((type) => [type, EXAMPLES[type].data]),
    );
    const request = (type: string, data: Record<string, unknown> = {}) => ({ type, occurredAt: '2026-01-05', data: { ...samples[type], ...data } });
    const types = Object.keys(samples);

    it('holds every event of the domain catalogue, once, voids last', () => {
      const workforce = ['WorkerJoined', 'WorkerChangedTeam', 'WorkerLeft', 'SupervisionHeld'];
      expect([...EVENT_TYPES].sort()).toEqual([...workforce, ...firstChildEvents, ...types, 'EventVoided'].sort());
      expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
      expect(EVENT_TYPES.at(-1)).toBe('EventVoided');
    });

    it('has an example of every type but the void (the specs that cover every type read them)', () => {
      expect([...EXAMPLE_TYPES, 'EventVoided'].sort()).toEqual([...EVENT_TYPES].sort());
    });

    it.each(types)('accepts a well-formed %s and puts it in the child stream', (type) => {
      expect(badFields(request(type))).toEqual([]);
      expect(streamKind(type as EventType)).toBe('child');
      expect(streamOf(RecordEventRequest.parse(request(type)))).toBe('child-C-1');
    });

    it.each(types)('refuses an unknown field in the data of %s', (type) => {
      expect(badFields(request(type, { note: 'x' }))).toEqual(['data.note']);
    });

    it.each(types)('refuses a %s without its childId', (type) => {
      const { childId: _omitted, ...data } = samples[type];
      expect(badFields({ type, occurredAt: '2026-01-05', data })).toEqual(['data.childId']);
    });

    it.each([
      ['ReferralReceived', 'concerns', ['bullying']],
      ['AssessmentStarted', 'kind', 'early_help'],
      ['ChildProtectionPlanStarted', 'category', 'domestic_abuse'],
      ['ChildProtectionConferenceHeld', 'kind', 'transfer_in'],
      ['PlanReviewed', 'plan', 'pathway_plan'],
      ['PlacementStarted', 'kind', 'hotel'],
      ['HealthAssessmentCompleted', 'kind', 'annual'],
      ['ManagementOversightRecorded', 'decisionPoint', 'supervision'],
    ])('refuses a %s whose %s is outside its enum', (type, field, value) => {
      expect(badFields(request(type, { [field]: value }))).toEqual([field === 'concerns' ? 'data.concerns.0' : `data.${field}`]);
    });

    it('refuses a referral with no concern, or a concern twice', () => {
      const empty = RecordEventRequest.safeParse(request('ReferralReceived', { concerns: [] }));
      expect(empty.error?.issues).toEqual([expect.objectContaining({ path: ['data', 'concerns'], message: 'must name at least one concern' })]);
      const twice = RecordEventRequest.safeParse(request('ReferralReceived', { concerns: ['neglect', 'other', 'neglect'] }));
      expect(twice.error?.issues).toEqual([expect.objectContaining({ path: ['data', 'concerns'], message: 'must not repeat a concern' })]);
      expect(badFields(request('ReferralReceived', { concerns: 'neglect' }))).toEqual(['data.concerns']);
    });

    it('refuses an empty or multi-line coded text, and a reference that could be a name', () => {
      expect(badFields(request('ReferralReceived', { source: ' ' }))).toEqual(['data.source']);
      expect(badFields(request('BecameLookedAfter', { legalStatus: 'C2\nsee notes' }))).toEqual(['data.legalStatus']);
      expect(badFields(request('CeasedLookedAfter', { reason: 'x'.repeat(201) }))).toEqual(['data.reason']);
      expect(badFields(request('AssessmentStarted', { assessmentId: 'Jane Smith' }))).toEqual(['data.assessmentId']);
      expect(badFields(request('PlacementEnded', { placementId: '' }))).toEqual(['data.placementId']);
      expect(badFields(request('ManagementOversightRecorded', { managerId: 'Mr Jones' }))).toEqual(['data.managerId']);
    });

    it("takes the returns' optional details, says them in words, and refuses them malformed", () => {
      const details = {
        ReferralReceived: { noFurtherAction: true },
        CaseAllocated: { changeReason: 'left_role' },
        PlacementStarted: { placementCode: 'U1', provider: 'voluntary', urn: 'SC123456' },
        PlacementEnded: { reason: 'carer_request' },
      } as const;
      const example = (type: EventType, extra: object) => ({ type, occurredAt: '2026-01-05', data: { ...EXAMPLES[type as keyof typeof EXAMPLES].data, ...extra } });
      for (const [type, extra] of Object.entries(details)) expect(RecordEventRequest.parse(example(type as EventType, extra)).data).toMatchObject(extra);
      const words = (type: EventType, extra: object) => definitionOf(type)!.describe(example(type, extra).data as never);
      expect(words('ReferralReceived', details.ReferralReceived)).toMatch(/; no further action$/);
      expect(words('CaseAllocated', details.CaseAllocated)).toMatch(/reason for the change: left role$/);
      expect(words('PlacementStarted', details.PlacementStarted)).toMatch(/placement type U1; provided by a voluntary provider; Ofsted URN SC123456$/);
      expect(words('PlacementEnded', details.PlacementEnded)).toBe('Placement P-1; reason: carer request');
      expect(badFields(request('PlacementStarted', { provider: 'PR4' }))).toEqual(['data.provider']);
      expect(badFields(request('PlacementStarted', { urn: 'Happy Homes Ltd' }))).toEqual(['data.urn']);
      expect(badFields(request('ReferralReceived', { noFurtherAction: 'Y' }))).toEqual(['data.noFurtherAction']);
    });

    it('refuses a flag that is not a boolean', () => {
      expect(badFields(request('ChildVisited', { seenAlone: 'yes' }))).toEqual(['data.seenAlone']);
      const { intendedUntil18: _omitted, ...data } = samples.PlacementStarted;
      expect(badFields({ type: 'PlacementStarted', occurredAt: '2026-01-05', data })).toEqual(['data.intendedUntil18']);
    });
  });

  it("lower-cases every event id, the idempotency key and a void's target, and leaves references as sent", () => {
    const upper = '6F1C0E1E-2B7A-4C1D-9A51-3F0F7D0B9E11';
    const parsed = RecordEventRequest.parse({ ...joined, eventId: upper, data: { ...joined.data, workerId: 'W-Ab', teamId: 'T-Ab' } });
    expect(parsed.eventId).toBe(upper.toLowerCase());
    expect(parsed.data).toMatchObject({ workerId: 'W-Ab', teamId: 'T-Ab' });
    const voided = RecordEventRequest.parse({ eventId: upper, type: 'EventVoided', occurredAt: '2026-01-05', data: { eventId: upper, reason: 'typo' } });
    expect([voided.eventId, (voided.data as { eventId: string }).eventId]).toEqual([upper.toLowerCase(), upper.toLowerCase()]);
  });
});
