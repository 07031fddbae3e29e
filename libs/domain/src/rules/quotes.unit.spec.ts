import { readdirSync, readFileSync } from 'node:fs';
import { RULE_DEFINITIONS } from './definitions.js';
import type { InspectionQuote } from './rule-definition.js';

/**
 * Every rule's quote is the inspectors' own words: found verbatim in the inspection
 * report it cites, in the paragraph it names. The reports are the seeds beside the
 * repository (../shared/seeds; CI clones the repository next to a copy of ../shared).
 */
const SEEDS = new URL('../../../../../shared/seeds/', import.meta.url);

/** Each inspection's report, known by words only it has (the seeds' file names say nothing of them). */
const MARKERS: Record<string, string> = {
  '2014 inspection': 'Tuesday, September 9, 2014',
  '2018 inspection': 'In November and December 2018, Ofsted inspectors visited your area',
  '2022 inspection': 'Inspection dates: 5 to 16 December 2022',
};

/** Line breaks and the style of quotation marks are all a quote may change. */
const normalised = (text: string): string => text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

const seeds = readdirSync(SEEDS)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => readFileSync(new URL(name, SEEDS), 'utf8'));

function reportText(report: string): string {
  const marker = MARKERS[report];
  const found = marker === undefined ? [] : seeds.filter((text) => text.includes(marker));
  if (found.length !== 1) throw new Error(`${found.length} seed reports for the ${report}`);
  return found[0];
}

/** Paragraph n: from the line opening "n. " to the one opening "n+1. " (an unnumbered paragraph between them continues it). */
function paragraph(text: string, n: number): string {
  const start = new RegExp(`^${n}\\. `, 'm').exec(text);
  if (!start) return '';
  const rest = text.slice(start.index);
  const next = new RegExp(`^${n + 1}\\. `, 'm').exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** What is wrong with a quote: not in its report, or not in the paragraph it names. */
function problems(quote: InspectionQuote): string[] {
  const report = reportText(quote.report);
  const words = normalised(quote.text);
  if (!normalised(report).includes(words)) return [`not in the ${quote.report}`];
  if (quote.paragraph !== undefined && !normalised(paragraph(report, quote.paragraph)).includes(words)) return [`not in paragraph ${quote.paragraph}`];
  return [];
}

const quoted = RULE_DEFINITIONS.flatMap((d) => (d.quote ? [[d.rule, d.quote] as const] : []));

describe("rules' inspection quotes", () => {
  it.each(quoted)('%s quotes the report it cites, word for word', (_rule, quote) => {
    expect(problems(quote)).toEqual([]);
  });

  it.each(quoted)('%s quotes a short sentence or clause', (_rule, quote) => {
    expect(quote.text.length).toBeGreaterThan(20);
    expect(quote.text.length).toBeLessThanOrEqual(200);
    expect(quote.text).toBe(quote.text.trim());
  });

  it('leaves a rule unquoted only when its finding names no inspection', () => {
    const unquoted = RULE_DEFINITIONS.filter((d) => d.quote === null);
    expect(unquoted.filter((d) => /\d{4} inspection/.test(d.finding)).map((d) => d.rule)).toEqual([]);
    expect(unquoted.length).toBeLessThan(RULE_DEFINITIONS.length / 4);
  });

  it('refuses words the inspectors did not write, and a paragraph that does not hold them', () => {
    expect(problems({ text: 'Supervision is regular and reflective.', report: '2022 inspection' })).toEqual(['not in the 2022 inspection']);
    expect(problems({ text: 'Contingency planning is largely absent', report: '2022 inspection', paragraph: 7 })).toEqual(['not in paragraph 7']);
    expect(problems({ text: 'Contingency planning is largely absent', report: '2022 inspection', paragraph: 6 })).toEqual([]);
    expect(() => problems({ text: 'Contingency planning is largely absent', report: '2019 inspection' })).toThrow('0 seed reports for the 2019 inspection');
  });

  it('allows only line breaks and the style of quotation marks to differ', () => {
    // Paragraph 21 breaks over a page; the 2014 account uses curly quotation marks.
    expect(problems({ text: 'However, too many children in care have not had recent dental checks', report: '2022 inspection', paragraph: 21 })).toEqual([]);
    expect(problems({ text: 'found that there had been "insufficient focus on improving services for care leavers"', report: '2014 inspection' })).toEqual([]);
    expect(problems({ text: 'However, too many children in care have not had recent dental check', report: '2022 inspection', paragraph: 20 })).toEqual(['not in paragraph 20']);
  });
});
