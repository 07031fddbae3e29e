import { z } from 'zod';

import { RULE_DEFINITIONS } from './rules/definitions.js';
import type { PolicySlice } from './rules/rule-definition.js';

type Definitions = (typeof RULE_DEFINITIONS)[number];
type SliceOf<D> = D extends { policy: PolicySlice<string, z.ZodType> } ? D['policy'] : never;

/** Every rule's thresholds, under its policy key. */
export type Policy = { [S in SliceOf<Definitions> as S['key']]: z.output<S['schema']> };

const slices = RULE_DEFINITIONS.flatMap((d) => (d.policy ? [d.policy] : []));

/**
 * Drift-rule thresholds, built from each rule's policy slice. The defaults are the
 * national figure where one exists, otherwise a typical local-authority policy
 * (DOMAIN.md). An LA overrides any of them in its POLICY_FILE; unknown keys are
 * refused so a typo cannot silently leave a default in force.
 */
const PolicySchema = z.strictObject(Object.fromEntries(slices.map((s) => [s.key, s.schema]))) as unknown as z.ZodType<Policy>;

export const DEFAULT_POLICY: Policy = Object.fromEntries(slices.map((s) => [s.key, s.defaults])) as Policy;

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
    return issue.keys.map((k) => `${path ? `${path}.` : ''}${k}: unknown key`).join('; ');
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
