import { describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY, resolvePolicy } from '../policy.js';
import { RULE_IDS } from './catalogue.js';
import type { RuleCompliance } from './compliance.js';
import { indicatorRows, indicatorStatus, ruleIndicator } from './indicators.js';

const TARGET = { target: 0.95, tolerance: 0.05 };

describe('indicatorStatus', () => {
  it('is met exactly at the target, and above it', () => {
    expect(indicatorStatus(0.95, 0.95, TARGET).status).toBe('met');
    expect(indicatorStatus(1, 0.95, TARGET).status).toBe('met');
  });

  it('is within tolerance below the target down to exactly target − tolerance, and not met below that', () => {
    expect(indicatorStatus(0.949, null, TARGET).status).toBe('within tolerance');
    // 0.95 − 0.05 is 0.8999999999999999 in floating point: the boundary still holds at 90.0%.
    expect(indicatorStatus(0.9, null, TARGET).status).toBe('within tolerance');
    expect(indicatorStatus(0.899, null, TARGET).status).toBe('not met');
    expect(indicatorStatus(0.6, null, { target: 0.7, tolerance: 0.1 }).status).toBe('within tolerance');
  });

  it('judges the rate as the page shows it, to a tenth of a point', () => {
    // 0.94951 is shown as 95.0%: met, as a reader comparing it with a 95% target expects; 0.9494 is shown as 94.9%.
    expect(indicatorStatus(0.94951, null, TARGET).status).toBe('met');
    expect(indicatorStatus(0.9494, null, TARGET).status).toBe('within tolerance');
    expect(indicatorStatus(0.8995, null, TARGET).status).toBe('within tolerance');
    expect(indicatorStatus(0.8994, null, TARGET).status).toBe('not met');
  });

  it('with no tolerance, anything below the target is not met', () => {
    expect(indicatorStatus(0.949, null, { target: 0.95, tolerance: 0 }).status).toBe('not met');
    expect(indicatorStatus(0.95, null, { target: 0.95, tolerance: 0 }).status).toBe('met');
  });

  it('says "no target" without one, and "nothing in scope" with a target and no rate', () => {
    expect(indicatorStatus(0.5, 0.4)).toEqual({ rate: 0.5, change: 10, direction: 'up', status: 'no target' });
    expect(indicatorStatus(null, 0.4)).toEqual({ rate: null, change: null, direction: 'none', status: 'no target' });
    expect(indicatorStatus(null, null, TARGET)).toEqual({ rate: null, change: null, direction: 'none', status: 'nothing in scope' });
  });

  it('gives the change in percentage points to one decimal, signed, with its direction', () => {
    expect(indicatorStatus(0.933, 0.912)).toMatchObject({ change: 2.1, direction: 'up' });
    expect(indicatorStatus(0.912, 0.933)).toMatchObject({ change: -2.1, direction: 'down' });
    expect(indicatorStatus(0.8, 0.8)).toMatchObject({ change: 0, direction: 'same' });
  });

  it('calls a change that rounds to nothing the same, never "down 0.0"', () => {
    const fall = indicatorStatus(0.90001, 0.90004);
    expect(fall).toMatchObject({ change: 0, direction: 'same' });
    expect(Object.is(fall.change, -0)).toBe(false);
  });

  it('has no change when either month had nothing in scope', () => {
    expect(indicatorStatus(0.9, null)).toMatchObject({ change: null, direction: 'none' });
    expect(indicatorStatus(null, 0.9)).toMatchObject({ change: null, direction: 'none' });
  });
});

describe('ruleIndicator', () => {
  it('completes "% of …" for every rule in words: lower case, no code, field name or missing value', () => {
    for (const rule of RULE_IDS) {
      const words = ruleIndicator(rule, DEFAULT_POLICY);
      expect([rule, words]).toEqual([rule, expect.stringMatching(/^[a-z]/)]);
      expect([rule, words]).not.toEqual([rule, expect.stringMatching(/[A-Z]{2,}_|_[A-Z]|[a-z][A-Z]|undefined|null|NaN|\[object|[{}]/)]);
    }
  });

  it('fills in the thresholds in force', () => {
    expect(ruleIndicator('CP_VISIT_OVERDUE', DEFAULT_POLICY)).toBe('children on a child protection plan visited within 15 working days');
    expect(ruleIndicator('CP_VISIT_OVERDUE', resolvePolicy({ cpVisits: { workingDays: 10 } }))).toBe('children on a child protection plan visited within 10 working days');
    expect(ruleIndicator('SUPERVISION_OVERDUE', DEFAULT_POLICY)).toBe('case-holding workers supervised within 28 days (newly qualified workers more often)');
    expect(ruleIndicator('CASELOAD_HIGH', resolvePolicy({ caseload: { maxPerFte: 18.5 } }))).toBe('case-holding workers with 18.5 or fewer open cases per full-time post (18 when newly qualified)');
    expect(ruleIndicator('UNREGISTERED_PLACEMENT', DEFAULT_POLICY)).toBe('looked-after children in registered placements');
  });

  it('leaves out the newly qualified schedule when it asks for no more than everyone else', () => {
    const same = resolvePolicy({ supervision: { intervalDays: 14, newlyQualified: { firstIntervalDays: 14, intervalDays: 14 } } });
    expect(ruleIndicator('SUPERVISION_OVERDUE', same)).toBe('case-holding workers supervised within 14 days');
  });
});

describe('indicatorRows', () => {
  const row = (rule: RuleCompliance['rule'], inScope: number, flagged: number): RuleCompliance => ({
    rule,
    subject: 'child',
    finding: '',
    inScope,
    flagged,
    red: flagged,
    amber: 0,
    complianceRate: inScope === 0 ? null : (inScope - flagged) / inScope,
  });

  it("puts each rule's rate beside last month's, its words, and its target where the policy sets one", () => {
    const policy = resolvePolicy({ targets: { CP_VISIT_OVERDUE: { target: 0.9, tolerance: 0.05 } } });
    const rows = indicatorRows(
      [row('CP_VISIT_OVERDUE', 20, 1), row('UNREGISTERED_PLACEMENT', 10, 2), row('REPEAT_REFERRAL', 0, 0)],
      [row('CP_VISIT_OVERDUE', 10, 2), row('UNREGISTERED_PLACEMENT', 0, 0)],
      policy,
    );
    expect(rows.map(({ rule, title, previousRate, target, change, direction, status }) => ({ rule, title, previousRate, target, change, direction, status }))).toEqual([
      { rule: 'CP_VISIT_OVERDUE', title: 'Child protection visit overdue', previousRate: 0.8, target: { target: 0.9, tolerance: 0.05 }, change: 15, direction: 'up', status: 'met' },
      { rule: 'UNREGISTERED_PLACEMENT', title: 'Unregistered placement', previousRate: null, target: undefined, change: null, direction: 'none', status: 'no target' },
      { rule: 'REPEAT_REFERRAL', title: 'Repeat referral', previousRate: null, target: undefined, change: null, direction: 'none', status: 'no target' },
    ]);
    expect(rows[0]).toMatchObject({ inScope: 20, flagged: 1, complianceRate: 0.95, indicator: 'children on a child protection plan visited within 15 working days' });
  });
});
