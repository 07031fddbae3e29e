import { z } from 'zod';

/**
 * Drift-rule thresholds. The defaults are the national figure where one exists,
 * otherwise a typical local-authority policy (DOMAIN.md). An LA overrides any of
 * them in its POLICY_FILE; unknown keys are refused so a typo cannot silently
 * leave a default in force.
 */
const days = (max = 3660) => z.int().min(1).max(max);
const perFte = z.number().gt(0).max(1000);
const workingDays = z.int().min(1).max(260);
const weeks = z.int().min(1).max(104);
const months = z.int().min(1).max(120);
const age = z.int().min(1).max(25);

const PolicySchema = z.strictObject({
  supervision: z.strictObject({
    intervalDays: days(),
    newlyQualified: z.strictObject({
      firstWeeks: z.int().min(0).max(104),
      firstIntervalDays: days(),
      untilMonths: z.int().min(0).max(36),
      intervalDays: days(),
    }),
  }),
  reflectiveSupervision: z.strictObject({
    windowDays: days(),
    minSessions: z.int().min(1).max(100),
    goodMinMinutes: z.int().min(1).max(600),
  }),
  caseload: z.strictObject({ maxPerFte: perFte, newlyQualifiedMaxPerFte: perFte }),
  teamCaseload: z.strictObject({ maxPerFte: perFte }),
  socialWorkerChanges: z.strictObject({ windowDays: days(), changes: z.int().min(1).max(100) }),
  preProceedings: z.strictObject({ maxWeeks: z.int().min(1).max(520) }),
  careProceedings: z.strictObject({ maxWeeks: z.int().min(1).max(520) }),
  cpVisits: z.strictObject({ workingDays: z.int().min(1).max(260) }),
  cpReviews: z.strictObject({ firstReviewMonths: z.int().min(1).max(24), reviewMonths: z.int().min(1).max(24) }),
  assessments: z.strictObject({ workingDays: z.int().min(1).max(520) }),
  placementInstability: z.strictObject({ windowDays: days(), placements: z.int().min(2).max(100) }),
  strategyDiscussions: z.strictObject({ windowDays: days() }),
  repeatReferrals: z.strictObject({ windowMonths: z.int().min(1).max(120), redReferrals: z.int().min(2).max(100) }),
  neglectEscalation: z.strictObject({ months: z.int().min(1).max(120) }),
  lookedAfterVisits: z.strictObject({ firstVisitDays: days(), firstYearWeeks: weeks, longTermMonths: months, otherWeeks: weeks }),
  lookedAfterReviews: z.strictObject({ firstWorkingDays: workingDays, secondMonths: months, laterMonths: months }),
  healthAssessments: z.strictObject({ initialWorkingDays: workingDays, youngerThanAge: age, youngerMonths: months, olderMonths: months }),
  dentalChecks: z.strictObject({ months, afterLookedAfterMonths: months }),
  privateFostering: z.strictObject({ firstVisitWorkingDays: workingDays, firstYearWeeks: weeks, laterWeeks: weeks, checksDays: days() }),
  pathwayPlans: z.strictObject({ reviewMonths: months, untilAge: age }),
  personalAdvisers: z.strictObject({ fromAge: age }),
  oversight: z.strictObject({ workingDays }),
});

export type Policy = z.infer<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = {
  supervision: {
    intervalDays: 28,
    newlyQualified: { firstWeeks: 6, firstIntervalDays: 7, untilMonths: 6, intervalDays: 14 },
  },
  reflectiveSupervision: { windowDays: 90, minSessions: 2, goodMinMinutes: 90 },
  caseload: { maxPerFte: 20, newlyQualifiedMaxPerFte: 18 },
  teamCaseload: { maxPerFte: 18 },
  socialWorkerChanges: { windowDays: 365, changes: 3 },
  preProceedings: { maxWeeks: 16 },
  careProceedings: { maxWeeks: 26 },
  cpVisits: { workingDays: 15 },
  cpReviews: { firstReviewMonths: 3, reviewMonths: 6 },
  assessments: { workingDays: 45 },
  placementInstability: { windowDays: 365, placements: 3 },
  strategyDiscussions: { windowDays: 90 },
  repeatReferrals: { windowMonths: 12, redReferrals: 3 },
  neglectEscalation: { months: 12 },
  lookedAfterVisits: { firstVisitDays: 7, firstYearWeeks: 6, longTermMonths: 3, otherWeeks: 6 },
  lookedAfterReviews: { firstWorkingDays: 20, secondMonths: 3, laterMonths: 6 },
  healthAssessments: { initialWorkingDays: 20, youngerThanAge: 5, youngerMonths: 6, olderMonths: 12 },
  dentalChecks: { months: 12, afterLookedAfterMonths: 12 },
  privateFostering: { firstVisitWorkingDays: 7, firstYearWeeks: 6, laterWeeks: 12, checksDays: 42 },
  pathwayPlans: { reviewMonths: 6, untilAge: 21 },
  personalAdvisers: { fromAge: 16 },
  oversight: { workingDays: 5 },
};

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
