import { z } from 'zod';
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { RULE_DEFINITIONS } from './definitions.js';
import { defineRule } from './rule-definition.js';
import { renderRulesTable } from './rules-table.js';

const README = new URL('../../../../README.md', import.meta.url);
const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

/** The README's text between the markers, without the blank lines around the table. */
function readmeTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${START} and ${END} around the rules table`);
  return readme.slice(start + START.length, end).trim();
}

describe("the README's rules table", () => {
  it('is the one the definitions render (to regenerate it: UPDATE_RULES_TABLE=1 and run this test)', () => {
    const readme = readFileSync(README, 'utf8');
    const rendered = renderRulesTable();
    if (process.env.UPDATE_RULES_TABLE === '1' && readmeTable(readme) !== rendered) {
      const [before, rest] = readme.split(START);
      writeFileSync(README, `${before}${START}\n${rendered}\n${END}${rest.split(END)[1]}`);
    }
    expect(readmeTable(readFileSync(README, 'utf8'))).toBe(rendered);
  });

  it('has a row for every rule, in the catalogue order', () => {
    const rows = renderRulesTable().split('\n').slice(2);
    expect(rows.map((r) => r.split('`')[1])).toEqual(RULE_DEFINITIONS.map((d) => d.rule));
  });

  it('shows the defaults as written in a POLICY_FILE, a local choice, and a dash for a rule with nothing to set', () => {
    const evaluate = () => [];
    const words = { title: '', kind: 'duty' as const, quote: null, reason: () => '', indicator: () => '' };
    const table = renderRulesTable([
      defineRule({ rule: 'A', subject: 'child', ...words, description: '', flagsWhen: 'when a', finding: '', source: '', severity: '', reads: [], evaluate }),
      defineRule({
        rule: 'B',
        subject: 'team',
        ...words,
        description: '',
        flagsWhen: 'when b',
        finding: '',
        source: '',
        severity: '',
        policy: { key: 'b', schema: z.strictObject({ days: z.int(), nested: z.strictObject({ weeks: z.int() }) }), defaults: { days: 3, nested: { weeks: 2 } }, localChoice: '2 or 3' },
        reads: [],
        evaluate,
      }),
    ]);
    expect(table.split('\n').slice(2)).toEqual(['| `A` | child | when a | — |', '| `B` | team | when b | `b` `{ days: 3, nested: { weeks: 2 } }` (local choice: 2 or 3) |']);
  });
});
