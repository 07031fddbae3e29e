import { describe, expect, it } from '@jest/globals';
import { RecordEventRequest } from '@app/domain';
import type { z } from 'zod';
import { FlagsQuery } from '../flags/get-flags.query.js';
import { PageQuery } from '../web/page-query.js';
import { describeIssues, MAX_MESSAGES } from './issues.js';

const MARKER = 'Zq7MarkerXk';

/** What the caller is told about a value refused by a schema. */
function told(schema: z.ZodType, value: unknown, root?: string): string[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a refusal');
  return describeIssues(result.error.issues, root);
}

describe('schema issues as messages', () => {
  it('names fields by their paths and quotes no value: wrong types, enums, literals, formats, lengths', () => {
    const refusals = [
      told(RecordEventRequest, { type: MARKER, occurredAt: '2026-01-01', data: {} }),
      told(RecordEventRequest, { type: 'PloStageEntered', occurredAt: MARKER, data: { childId: `${MARKER}!`, stage: MARKER } }),
      told(RecordEventRequest, {
        eventId: MARKER,
        type: 'WorkerJoined',
        occurredAt: '2026-01-01',
        data: { workerId: 'W-1', teamId: 'T-1', role: MARKER, caseHolding: MARKER, agency: [MARKER], fte: 7 },
      }),
      told(RecordEventRequest, { type: 'CaseClosed', occurredAt: '2026-01-01', data: { childId: 'C-1', reason: `${MARKER}\n${'r'.repeat(300)}` } }),
      told(FlagsQuery, { asOf: MARKER, rule: MARKER, severity: MARKER, limit: MARKER, cursor: MARKER.repeat(30) }, '(query)'),
      told(PageQuery, { asOf: MARKER, teamId: `${MARKER}~`, rule: MARKER }, '(query)'),
    ];
    for (const messages of refusals) expect(messages.join('\n')).not.toContain(MARKER);
    expect(refusals[2]).toEqual(expect.arrayContaining(['eventId: must be a UUID', 'data.fte: must be at most 1']));
  });

  it('names an unknown field only when its name is short and field-like, and says where', () => {
    const event = { type: 'WorkerLeft', occurredAt: '2026-01-01', data: { workerId: 'W-1', extra: 1, [`${MARKER}-x`]: 1 }, [`${MARKER}${'x'.repeat(100_000)}`]: 1 };
    expect(told(RecordEventRequest, event)).toEqual(['data.extra: unknown field', 'data: an unknown field (its name is not repeated)', '(body): an unknown field (its name is not repeated)']);
    expect(told(FlagsQuery, { [`${MARKER}-x`]: '1', colour: 'red' }, '(query)')).toEqual(['(query): an unknown parameter (its name is not repeated)', 'colour: unknown field']);
  });

  it('gives at most a bounded number of messages, saying how many more there were', () => {
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`u${i}`, 1]));
    const messages = told(FlagsQuery, many, '(query)');
    expect(messages).toHaveLength(MAX_MESSAGES + 1);
    expect(messages.at(-1)).toBe(`…and ${5000 - MAX_MESSAGES} more`);
    expect(messages.join('').length).toBeLessThan(1000);
  });
});
