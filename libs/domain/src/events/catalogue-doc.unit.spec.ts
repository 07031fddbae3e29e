import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EVENT_SCHEMAS, EVENT_TYPES } from './catalogue.js';
import { EVENT_CATALOGUE_END, EVENT_CATALOGUE_START, renderEventCatalogue, withEventCatalogue } from './catalogue-doc.js';

const DOMAIN_DOC = 'docs/DOMAIN.md';

describe("docs/DOMAIN.md's event catalogue, generated from the schemas", () => {
  it('is current (run `npm run docs` after changing an event schema)', () => {
    const doc = readFileSync(DOMAIN_DOC, 'utf8');
    expect(doc).toContain(EVENT_CATALOGUE_START);
    expect(doc).toContain(EVENT_CATALOGUE_END);
    expect(doc).toBe(withEventCatalogue(doc));
  });

  it.each(EVENT_TYPES)('has a row for %s naming every field of its data, optional ones marked', (type) => {
    const schema = EVENT_SCHEMAS.find((s) => s.shape.type.value === type)!;
    const line = renderEventCatalogue()
      .split('\n')
      .find((l) => l.startsWith(`| \`${type}\` |`));
    expect(line).toBeDefined();
    for (const [name, field] of Object.entries(schema.shape.data.shape)) {
      const optional = (field as z.ZodType).safeParse(undefined).success;
      expect(line).toMatch(new RegExp(`${optional ? 'optional ' : '(?<!optional )'}\`${name}(\\[\\])?\``));
    }
  });

  it('notices a document that differs from the schemas', () => {
    const doc = readFileSync(DOMAIN_DOC, 'utf8');
    const stale = doc.replace('`fte`: number', '`fte`: text');
    expect(stale).not.toBe(doc);
    expect(withEventCatalogue(stale)).toBe(doc);
  });

  it('refuses a document without its markers rather than appending somewhere', () => {
    expect(() => withEventCatalogue('# no markers')).toThrow('no event-catalogue markers');
  });
});
