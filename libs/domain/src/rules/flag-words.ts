import type { Policy } from '../policy.js';
import { RULE_DEFINITIONS } from './definitions.js';
import type { RuleId } from './flag.js';
import type { FlagFacts, RuleDefinition } from './rule-definition.js';

const BY_RULE = new Map<string, RuleDefinition>(RULE_DEFINITIONS.map((d) => [d.rule, d]));

/** A rule's name in words (its definition's title). */
export const ruleTitle = (rule: RuleId): string => BY_RULE.get(rule)!.title;

/** Why a flag stands, in a sentence (its rule's reason), under the thresholds of `policy`. */
export function flagReason(flag: FlagFacts & { rule: RuleId }, policy: Policy): string {
  const definition = BY_RULE.get(flag.rule)!;
  return definition.policy ? definition.reason(flag, policy[definition.policy.key as keyof Policy]) : definition.reason(flag);
}
