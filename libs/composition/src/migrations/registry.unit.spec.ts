import { describe, expect, it } from '@jest/globals';
import { MIGRATION_ID } from '@app/event-store';
import { MIGRATIONS, SCHEMA, SCHEMA_COMPONENTS } from './registry.js';

describe('the migration registry', () => {
  const ids = MIGRATIONS.map((m) => m.id);

  it('lists every component’s migrations once, sorted by id: the order they apply in', () => {
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(MIGRATIONS).toHaveLength(SCHEMA_COMPONENTS.reduce((n, c) => n + SCHEMA[c].migrations.length, 0));
  });

  it('gives each migration a well-formed id and SQL for both stores', () => {
    for (const m of MIGRATIONS) {
      expect(m.id).toMatch(MIGRATION_ID);
      expect(m.sqlite.trim()).not.toBe('');
      expect(m.postgres.trim()).not.toBe('');
    }
  });

  it('keeps each component’s own list in id order, so reading it top to bottom is reading the history', () => {
    for (const component of SCHEMA_COMPONENTS) {
      const own = SCHEMA[component].migrations.map((m) => m.id);
      expect(own).toEqual([...own].sort());
    }
  });

  it('keeps each component of the embedded default in its own file', () => {
    const files = SCHEMA_COMPONENTS.map((c) => SCHEMA[c].sqliteFile);
    expect(new Set(files).size).toBe(files.length);
  });

  it('starts every component with the schema the stores created for themselves before there were migrations', () => {
    expect(SCHEMA_COMPONENTS.map((c) => SCHEMA[c].migrations[0].id)).toEqual([
      '20251123-01-events',
      '20251123-02-child-keys',
      '20251123-03-read-models',
      '20251123-04-web-sessions',
      '20251123-05-access-log',
    ]);
  });
});
