import { describe, expect, it } from '@jest/globals';
import { inOrder, MIGRATION_ID, type Migration } from './migration.js';

const step = (id: string): Migration => ({ id, sqlite: 'SELECT 1', postgres: 'SELECT 1' });

describe('inOrder', () => {
  it('merges the lists and sorts them by id, whatever order they were written in', () => {
    const ordered = inOrder([step('20260101-02-b'), step('20251231-01-z')], [step('20260101-01-a')]);
    expect(ordered.map((m) => m.id)).toEqual(['20251231-01-z', '20260101-01-a', '20260101-02-b']);
  });

  it('refuses an id used twice, which would be skipped as already applied', () => {
    expect(() => inOrder([step('20260101-01-a')], [step('20260101-01-a')])).toThrow('migration ids must be unique: 20260101-01-a');
  });

  it.each(['2026-01-01-a', '20260101-1-a', '20260101-01', '20260101-01-Upper', '20260101-01-a_b', '20260101-01-a-'])('refuses the malformed id %s, which would sort out of place', (id) => {
    expect(MIGRATION_ID.test(id)).toBe(false);
    expect(() => inOrder([step(id)])).toThrow(`migration ids must look like 20251123-01-what: ${id}`);
  });
});
