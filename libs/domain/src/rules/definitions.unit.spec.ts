import { describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY, resolvePolicy } from '../policy.js';
import { RULE_DEFINITIONS } from './definitions.js';

const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
const keyed = RULE_DEFINITIONS.flatMap((d) => (d.policy ? [{ rule: d.rule, policy: d.policy }] : []));

describe('the list of rule definitions', () => {
  it('names each rule once', () => {
    expect(duplicates(RULE_DEFINITIONS.map((d) => d.rule))).toEqual([]);
  });

  it('gives each rule with thresholds its own policy key: two rules on one key would move together', () => {
    expect(duplicates(keyed.map((k) => k.policy.key))).toEqual([]);
    expect(Object.keys(DEFAULT_POLICY)).toEqual(keyed.map((k) => k.policy.key));
  });

  it.each(keyed.map((k) => [k.rule, k.policy] as const))("%s's defaults pass its own schema", (_rule, policy) => {
    expect(policy.schema.safeParse(policy.defaults)).toMatchObject({ success: true, data: policy.defaults });
  });

  it.each(keyed.map((k) => [k.rule, k.policy.key] as const))('%s reads its thresholds from the POLICY_FILE key %s', (_rule, key) => {
    expect(resolvePolicy({ [key]: DEFAULT_POLICY[key as keyof typeof DEFAULT_POLICY] })).toEqual(DEFAULT_POLICY);
  });

  it('asks each rule to assess one kind of subject', () => {
    for (const d of RULE_DEFINITIONS) expect(['worker', 'child', 'team']).toContain(d.subject);
  });
});
