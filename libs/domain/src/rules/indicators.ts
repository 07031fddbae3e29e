import type { IndicatorTarget, Policy } from '../policy.js';
import type { RuleCompliance } from './compliance.js';
import { RULE_DEFINITIONS } from './definitions.js';
import type { RuleId } from './flag.js';
import type { RuleDefinition } from './rule-definition.js';

const BY_RULE = new Map<string, RuleDefinition>(RULE_DEFINITIONS.map((d) => [d.rule, d]));

/** What a rule's rate measures, completing "% of …", under the thresholds of `policy` ("children on a child protection plan visited within 10 working days"). */
export function ruleIndicator(rule: RuleId, policy: Policy): string {
  const definition = BY_RULE.get(rule)!;
  return definition.policy ? definition.indicator(policy[definition.policy.key as keyof Policy]) : definition.indicator();
}

export type IndicatorDirection = 'up' | 'down' | 'same' | 'none';
export type TargetStatus = 'met' | 'within tolerance' | 'not met' | 'no target' | 'nothing in scope';

export interface IndicatorStatus {
  /** The share in scope not flagged (null: nothing in scope). */
  rate: number | null;
  /** The change since the earlier rate in percentage points, to one decimal, signed; null when either had nothing in scope. */
  change: number | null;
  direction: IndicatorDirection;
  /** Against the target; "nothing in scope" when there is a target but no rate to judge. */
  status: TargetStatus;
}

/** A share in tenths of a percentage point, rounded as the dashboard shows it (0.9496 is 950, shown "95.0%"). */
const tenths = (share: number): number => Math.round(share * 1000);

/**
 * A rate against last month's and its target. The change is rounded as the page words it
 * ("up 2.1 points"), so "same" is what it shows as no change. The target is judged on the
 * rate as shown, to a tenth of a point: a rate shown as 95.0% meets a 95% target, as a
 * reader comparing the two figures would expect. Exactly at the target is met; exactly at
 * target − tolerance is within tolerance.
 */
export function indicatorStatus(rate: number | null, previousRate: number | null, target?: IndicatorTarget): IndicatorStatus {
  // `|| 0`: a fall of less than a twentieth of a point rounds to -0, which is no change.
  const change = rate === null || previousRate === null ? null : Math.round((rate - previousRate) * 1000) / 10 || 0;
  const direction = change === null ? 'none' : change > 0 ? 'up' : change < 0 ? 'down' : 'same';
  return { rate, change, direction, status: statusOf(rate, target) };
}

function statusOf(rate: number | null, target: IndicatorTarget | undefined): TargetStatus {
  if (!target) return 'no target';
  if (rate === null) return 'nothing in scope';
  const shown = tenths(rate);
  if (shown >= tenths(target.target)) return 'met';
  if (shown >= tenths(target.target) - tenths(target.tolerance)) return 'within tolerance';
  return 'not met';
}

/** One rule's row of the indicators table: its figures now, what it measures, last month's rate and where it stands against its target. */
export interface IndicatorRow extends RuleCompliance, Omit<IndicatorStatus, 'rate'> {
  title: string;
  indicator: string;
  previousRate: number | null;
  target?: IndicatorTarget;
}

/** Every rule's indicator, in the order of `now` (the catalogue's), beside its rate in `before` (a rule missing there had nothing in scope). */
export function indicatorRows(now: RuleCompliance[], before: RuleCompliance[], policy: Policy): IndicatorRow[] {
  const previous = new Map(before.map((r) => [r.rule, r.complianceRate]));
  return now.map((r) => {
    const previousRate = previous.get(r.rule) ?? null;
    const target = policy.targets?.[r.rule];
    const { change, direction, status } = indicatorStatus(r.complianceRate, previousRate, target);
    return { ...r, title: BY_RULE.get(r.rule)!.title, indicator: ruleIndicator(r.rule, policy), previousRate, ...(target ? { target } : {}), change, direction, status };
  });
}
