import { describe, expect, it } from '@jest/globals';
import { addDays, DEFAULT_POLICY, evaluate, flagReason, flagsOf, RULE_IDS, ruleTitle, type Flag } from '@app/domain';
import { generateHistory } from './index.js';
import { replay } from './testing/replay.js';
import { adviserLeaves } from './testing/adviser-leaves.js';

/**
 * Every rule's title and reasons, on the flags a generated history raises, read as a
 * social worker would: no code, field name, JSON or missing value shows through.
 */
const timelines = [...replay([...generateHistory({ seed: 11, start: '2025-01-01', end: '2025-12-31', scale: 0.2 })]).timelines, ...adviserLeaves];
const flags: Flag[] = Array.from({ length: 12 }, (_, i) => addDays('2025-01-31', i * 30)).flatMap((asOf) => flagsOf(evaluate(timelines, DEFAULT_POLICY, { asOf })));

/** What must not show in words for people: a rule code, a camelCase or snake_case name, JSON, or a value that was missing. */
const NOT_WORDS = /\b[A-Z]{2,}_[A-Z_]+\b|\b[a-z]+[A-Z][a-zA-Z]*\b|\b[a-z]+_[a-z_]+\b|[{}[\]"]|undefined|null|NaN|\[object/;

describe('rules in words', () => {
  it.each(RULE_IDS.map((rule) => [rule]))('%s has a title in words', (rule) => {
    expect(ruleTitle(rule)).toMatch(/^[A-Z][a-z]/);
    expect(ruleTitle(rule)).not.toMatch(NOT_WORDS);
  });

  it.each(RULE_IDS.map((rule) => [rule]))('%s gives every flag a reason in words', (rule) => {
    const raised = flags.filter((f) => f.rule === rule);
    // A rule the history never raised would prove nothing.
    expect(raised.length).toBeGreaterThan(0);
    for (const flag of raised) {
      const reason = flagReason(flag, DEFAULT_POLICY);
      expect({ flag: flag.measures, reason }).toEqual({ flag: flag.measures, reason: expect.stringMatching(/^[A-Z0-9]/) });
      expect({ flag: flag.measures, reason }).not.toEqual({ flag: flag.measures, reason: expect.stringMatching(NOT_WORDS) });
    }
  });
});
