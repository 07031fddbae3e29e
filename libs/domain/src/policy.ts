import { z } from 'zod';

import { RULE_DEFINITIONS } from './rules/definitions.js';
import type { RuleId } from './rules/flag.js';
import type { PolicySlice } from './rules/rule-definition.js';

type Definitions = (typeof RULE_DEFINITIONS)[number];
type SliceOf<D> = D extends { policy: PolicySlice<string, z.ZodType> } ? D['policy'] : never;

/** Every rule's thresholds, under its policy key. */
type Thresholds = { [S in SliceOf<Definitions> as S['key']]: z.output<S['schema']> };

/**
 * A rule's indicator target, as shares of those in scope not flagged (0.95 is 95%):
 * met at or above `target`, within tolerance down to `target - tolerance`. Both are
 * compared with the rate as the dashboard shows it, to a tenth of a percentage point,
 * so they hold at most three decimals.
 */
export interface IndicatorTarget {
  target: number;
  tolerance: number;
}

/** Every rule's thresholds under its policy key, and the indicator targets the authority set (none by default). */
export type Policy = Thresholds & { targets?: Partial<Record<RuleId, IndicatorTarget>> };

const slices = RULE_DEFINITIONS.flatMap((d) => (d.policy ? [d.policy] : []));

/** A share from 0 to 1 in tenths of a percentage point: a typo of 95 for 0.95 is refused, not read as "always met". */
const share = z
  .number({ error: 'must be a share from 0 to 1 (0.95 for 95%)' })
  .min(0, { error: 'must be a share from 0 to 1 (0.95 for 95%)' })
  .max(1, { error: 'must be a share from 0 to 1 (0.95 for 95%)' })
  .refine((n) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, { error: 'must have at most three decimals (0.955 for 95.5%)' });

const TargetSchema = z
  .strictObject({ target: share, tolerance: share.default(0) })
  // Only once both are shares: a target of 95 is one problem, not two.
  .refine((t) => t.tolerance <= t.target, { error: 'must not be more than the target', path: ['tolerance'], when: (payload) => payload.issues.length === 0 });

/** Targets by rule code: an unknown code is refused, so a mistyped rule cannot go without its target unnoticed. */
const TargetsSchema = z.strictObject(Object.fromEntries(RULE_DEFINITIONS.map((d) => [d.rule, TargetSchema.optional()])));

/**
 * Drift-rule thresholds, built from each rule's policy slice. The defaults are the
 * national figure where one exists, otherwise a typical local-authority policy
 * (DOMAIN.md). An LA overrides any of them in its POLICY_FILE; unknown keys are
 * refused so a typo cannot silently leave a default in force. `targets` sets the
 * dashboard's indicator targets; the defaults have none.
 */
const PolicySchema = z.strictObject({
  ...Object.fromEntries(slices.map((s) => [s.key, s.schema])),
  targets: TargetsSchema.optional(),
}) as unknown as z.ZodType<Policy>;

export const DEFAULT_POLICY: Policy = Object.fromEntries(slices.map((s) => [s.key, s.defaults])) as unknown as Policy;

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid policy: ${problems.join('; ')}`);
    this.name = 'PolicyError';
  }
}

/** Default policy with an LA's overrides (any subset of keys) applied and checked. */
export function resolvePolicy(overrides: unknown): Policy {
  if (overrides === undefined) return DEFAULT_POLICY;
  if (!isPlainObject(overrides)) throw new PolicyError(['the policy must be a JSON object']);
  const result = PolicySchema.safeParse(merge(DEFAULT_POLICY, overrides));
  if (result.success) return result.data;
  throw new PolicyError(result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const what = path === 'targets' ? 'unknown rule' : 'unknown key';
    return issue.keys.map((k) => `${path ? `${path}.` : ''}${k}: ${what}`).join('; ');
  }
  return `${path || '(root)'}: ${issue.message}`;
}

function merge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Own keys only, set as own data properties: a JSON "__proto__" key must be refused as unknown, not become the prototype.
    const merged = Object.hasOwn(base, key) ? merge(base[key], value) : value;
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
