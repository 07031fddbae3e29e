import { describe, expect, it } from '@jest/globals';
import { PageQuery, safeNext } from './page-query.js';

describe('PageQuery', () => {
  it('treats a form’s empty fields as not set', () => {
    expect(PageQuery.parse({ asOf: '2026-06-30', knownAt: '', teamId: '', rule: '', severity: '' })).toEqual({ asOf: '2026-06-30' });
  });

  it('refuses unknown parameters and malformed values', () => {
    expect(PageQuery.safeParse({ extra: '1' }).success).toBe(false);
    expect(PageQuery.safeParse({ asOf: '2026-02-30' }).success).toBe(false);
    expect(PageQuery.safeParse({ teamId: 'T NORTH' }).success).toBe(false);
    expect(PageQuery.safeParse({ rule: 'NOT_A_RULE' }).success).toBe(false);
  });
});

describe('safeNext', () => {
  it('keeps a path on this service', () => {
    expect(safeNext('/dashboard/flags?rule=CP_VISIT_OVERDUE&severity=red')).toBe('/dashboard/flags?rule=CP_VISIT_OVERDUE&severity=red');
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', undefined, 42, '/has space'])('sends %p to the overview instead', (next) => {
    expect(safeNext(next)).toBe('/dashboard');
  });
});
