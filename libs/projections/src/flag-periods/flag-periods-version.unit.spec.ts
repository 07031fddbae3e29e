import { describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY } from '@app/domain';
import { FlagPeriodProjection } from './flag-periods.projection.js';

describe('the flag projection’s version', () => {
  const version = (policy: typeof DEFAULT_POLICY) => new FlagPeriodProjection(policy).version;

  it('changes with a threshold, so the periods are derived again under it', () => {
    expect(version({ ...DEFAULT_POLICY, supervision: { ...DEFAULT_POLICY.supervision, intervalDays: 21 } })).not.toBe(version(DEFAULT_POLICY));
  });

  it('does not change with the indicators’ targets, which no period depends on', () => {
    expect(version({ ...DEFAULT_POLICY, targets: { CP_VISIT_OVERDUE: { target: 0.95, tolerance: 0.05 } } })).toBe(version(DEFAULT_POLICY));
  });
});
