import { describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY, PolicyError, resolvePolicy } from './policy.js';
import { RULE_IDS, RULES } from './rules/catalogue.js';

const problemsOf = (overrides: unknown): string[] => {
  try {
    resolvePolicy(overrides);
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected a PolicyError');
};

describe('resolvePolicy', () => {
  it('gives the defaults when there is no override', () => {
    expect(resolvePolicy(undefined)).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy({})).toEqual(DEFAULT_POLICY);
  });

  it('merges a partial override into the defaults, keeping the sibling keys', () => {
    const policy = resolvePolicy({ supervision: { newlyQualified: { firstIntervalDays: 10 } }, caseload: { maxPerFte: 22 } });
    expect(policy.supervision).toEqual({ intervalDays: 28, newlyQualified: { firstWeeks: 6, firstIntervalDays: 10, untilMonths: 6, intervalDays: 14 } });
    expect(policy.caseload).toEqual({ maxPerFte: 22, newlyQualifiedMaxPerFte: 18 });
    expect(policy.careProceedings).toEqual({ maxWeeks: 26 });
  });

  it('does not change the defaults', () => {
    resolvePolicy({ caseload: { maxPerFte: 22 } });
    expect(DEFAULT_POLICY.caseload.maxPerFte).toBe(20);
  });

  it('refuses an unknown key, naming its path', () => {
    expect(problemsOf({ supervision: { newlyQualified: { firstIntervalDay: 10 } } })).toEqual(['supervision.newlyQualified.firstIntervalDay: unknown key']);
    expect(problemsOf({ supervison: { intervalDays: 14 } })).toEqual(['supervison: unknown key']);
  });

  it('refuses a "__proto__" key in a policy file instead of silently ignoring what it holds', () => {
    expect(problemsOf(JSON.parse('{"__proto__": {"caseload": {"maxPerFte": 5}}}'))).toEqual(['__proto__: unknown key']);
    expect(problemsOf(JSON.parse('{"caseload": {"constructor": 5}}'))).toEqual(['caseload.constructor: unknown key']);
  });

  it('refuses a wrong type or value, naming its path', () => {
    const [problem] = problemsOf({ caseload: { maxPerFte: 'twenty' } });
    expect(problem).toMatch(/^caseload\.maxPerFte: /);
    expect(problemsOf({ preProceedings: { maxWeeks: 0 } })[0]).toMatch(/^preProceedings\.maxWeeks: /);
    expect(problemsOf({ supervision: 28 })[0]).toMatch(/^supervision: /);
  });

  it('names every problem in the error message', () => {
    expect(() => resolvePolicy({ caseload: { maxPerFte: -1 }, teamCaseload: { limit: 3 } })).toThrow(/caseload\.maxPerFte: .*teamCaseload\.limit: unknown key/);
  });

  it('refuses a policy that is not an object', () => {
    expect(problemsOf([1])).toEqual(['the policy must be a JSON object']);
    expect(problemsOf(null)).toEqual(['the policy must be a JSON object']);
  });

  it('reports the thresholds in force for every rule', () => {
    const policy = resolvePolicy({ careProceedings: { maxWeeks: 30 } });
    expect(RULES.find((r) => r.rule === 'CARE_PROCEEDINGS_OVERDUE')?.thresholds(policy)).toEqual({ maxWeeks: 30 });
    expect(RULES.map((r) => r.rule)).toEqual(RULE_IDS);
  });

  it("takes DOMAIN.md's named local choices: CP visits every 10 working days, dental checks every 6 months", () => {
    const policy = resolvePolicy({ cpVisits: { workingDays: 10 }, dentalChecks: { months: 6 } });
    expect(RULES.find((r) => r.rule === 'CP_VISIT_OVERDUE')?.thresholds(policy)).toEqual({ workingDays: 10 });
    expect(RULES.find((r) => r.rule === 'DENTAL_CHECK_OVERDUE')?.thresholds(policy)).toEqual({ months: 6, afterLookedAfterMonths: 12 });
    expect(problemsOf({ dentalChecks: { months: 0 } })[0]).toMatch(/^dentalChecks\.months: /);
    expect(problemsOf({ cpVisits: { workingDays: 10.5 } })[0]).toMatch(/^cpVisits\.workingDays: /);
  });

  describe('targets', () => {
    it('has none by default', () => {
      expect(DEFAULT_POLICY.targets).toBeUndefined();
      expect(resolvePolicy({}).targets).toBeUndefined();
    });

    it("sets a rule's target under its code, as shares, the tolerance 0 when not given, keeping the thresholds", () => {
      const policy = resolvePolicy({ cpVisits: { workingDays: 10 }, targets: { CP_VISIT_OVERDUE: { target: 0.95, tolerance: 0.05 }, UNREGISTERED_PLACEMENT: { target: 1 } } });
      expect(policy.targets).toEqual({ CP_VISIT_OVERDUE: { target: 0.95, tolerance: 0.05 }, UNREGISTERED_PLACEMENT: { target: 1, tolerance: 0 } });
      expect(policy.cpVisits).toEqual({ workingDays: 10 });
      expect(policy.caseload).toEqual(DEFAULT_POLICY.caseload);
    });

    it('refuses an unknown rule code, naming it', () => {
      expect(problemsOf({ targets: { CP_VISITS_OVERDUE: { target: 0.9 } } })).toEqual(['targets.CP_VISITS_OVERDUE: unknown rule']);
      expect(problemsOf(JSON.parse('{"targets": {"__proto__": {"target": 0.9}}}'))).toEqual(['targets.__proto__: unknown rule']);
    });

    it('refuses an unknown key in a target', () => {
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { target: 0.9, margin: 0.1 } } })).toEqual(['targets.CP_VISIT_OVERDUE.margin: unknown key']);
    });

    it('refuses a target or tolerance out of 0 to 1, so 95 for 95% is not read as always met', () => {
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { target: 95 } } })).toEqual(['targets.CP_VISIT_OVERDUE.target: must be a share from 0 to 1 (0.95 for 95%)']);
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { target: -0.1 } } })).toEqual(['targets.CP_VISIT_OVERDUE.target: must be a share from 0 to 1 (0.95 for 95%)']);
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { target: 0.9, tolerance: 1.5 } } })).toEqual(['targets.CP_VISIT_OVERDUE.tolerance: must be a share from 0 to 1 (0.95 for 95%)']);
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { target: '95%' } } })).toEqual(['targets.CP_VISIT_OVERDUE.target: must be a share from 0 to 1 (0.95 for 95%)']);
    });

    it('refuses a target without its figure, finer than a tenth of a point, or a tolerance larger than the target', () => {
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { tolerance: 0.05 } } })).toEqual(['targets.CP_VISIT_OVERDUE.target: must be a share from 0 to 1 (0.95 for 95%)']);
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { target: 0.9555 } } })).toEqual(['targets.CP_VISIT_OVERDUE.target: must have at most three decimals (0.955 for 95.5%)']);
      expect(resolvePolicy({ targets: { CP_VISIT_OVERDUE: { target: 0.955, tolerance: 0.005 } } }).targets).toEqual({ CP_VISIT_OVERDUE: { target: 0.955, tolerance: 0.005 } });
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: { target: 0.1, tolerance: 0.2 } } })).toEqual(['targets.CP_VISIT_OVERDUE.tolerance: must not be more than the target']);
    });

    it('refuses targets that are not an object of rules', () => {
      expect(problemsOf({ targets: [0.9] })[0]).toMatch(/^targets: /);
      expect(problemsOf({ targets: { CP_VISIT_OVERDUE: 0.9 } })[0]).toMatch(/^targets\.CP_VISIT_OVERDUE: /);
    });
  });

  it('gives every rule with a threshold its own policy key', () => {
    const keyed = RULES.map((r) => r.thresholds(DEFAULT_POLICY)).filter((t) => Object.keys(t).length > 0);
    expect(new Set(keyed).size).toBe(keyed.length);
    expect(keyed).toHaveLength(Object.keys(DEFAULT_POLICY).length);
  });
});
