import { describe, expect, it } from '@jest/globals';
import { joinDateParts, PageQuery, safeNext } from './page-query.js';

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

describe('joinDateParts', () => {
  it('makes GOV.UK day, month and year fields one date, keeping every other parameter', () => {
    expect(joinDateParts({ 'asOf-day': '5', 'asOf-month': '3', 'asOf-year': '2026', teamId: 'T-01' })).toEqual({ asOf: '2026-03-05', teamId: 'T-01' });
    expect(joinDateParts({ 'asOf-day': ' 30 ', 'asOf-month': '06', 'asOf-year': '2026', 'knownAt-day': '', 'knownAt-month': '', 'knownAt-year': '' })).toEqual({ asOf: '2026-06-30' });
  });

  it('leaves a query without date fields alone', () => {
    expect(joinDateParts({ asOf: '2026-06-30' })).toBeUndefined();
  });

  it.each([
    [{ 'asOf-day': '31', 'asOf-month': '2', 'asOf-year': '2026' }],
    [{ 'asOf-day': '', 'asOf-month': '2', 'asOf-year': '2026' }],
    [{ 'asOf-day': 'x', 'asOf-month': '2', 'asOf-year': '2026' }],
    [{ 'asOf-day': ['1', '2'], 'asOf-month': '2', 'asOf-year': '2026' }],
  ])('turns a half-filled or impossible date %p into one PageQuery refuses', (query) => {
    expect(PageQuery.safeParse(joinDateParts(query)).success).toBe(false);
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
