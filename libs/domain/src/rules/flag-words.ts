import type { Policy } from '../policy.js';
import { RULE_DEFINITIONS } from './definitions.js';
import type { RuleId } from './flag.js';
import type { FlagFacts, RuleDefinition } from './rule-definition.js';
import { count, longDate } from './wording.js';

const BY_RULE = new Map<string, RuleDefinition>(RULE_DEFINITIONS.map((d) => [d.rule, d]));

/** A rule's name in words (its definition's title). */
export const ruleTitle = (rule: RuleId): string => BY_RULE.get(rule)!.title;

/** Why a flag stands, in a sentence (its rule's reason), under the thresholds of `policy`. */
export function flagReason(flag: FlagFacts & { rule: RuleId }, policy: Policy): string {
  const definition = BY_RULE.get(flag.rule)!;
  return definition.policy ? definition.reason(flag, policy[definition.policy.key as keyof Policy]) : definition.reason(flag);
}

/**
 * How long a flag has stood, as its rule's kind reads: a duty is overdue ("12 days
 * overdue (due 3 March 2026)"), a condition has held ("Since 3 March 2026 (12 days)"),
 * never "days overdue" for a caseload. A flag due on the day (an upcoming one) is "Due on …".
 */
export function flagTiming(flag: Pick<FlagFacts, 'dueSince' | 'daysOverdue'> & { rule: RuleId }): string {
  if (BY_RULE.get(flag.rule)!.kind === 'condition') return `Since ${longDate(flag.dueSince)} (${count(flag.daysOverdue, 'day')})`;
  if (flag.daysOverdue <= 0) return `Due on ${longDate(flag.dueSince)}`;
  return `${count(flag.daysOverdue, 'day')} overdue (due ${longDate(flag.dueSince)})`;
}
