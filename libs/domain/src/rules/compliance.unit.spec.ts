import { describe, expect, it } from '@jest/globals';
import { RULES } from './catalogue.js';
import { seriesDates, summarise, summariseCounts, type AssessmentCount, type Compliance } from './compliance.js';
import type { Assessment, RuleId, Severity } from './flag.js';

/** An assessment as evaluate() makes one: flagged at `severity` when given. */
function assessed(rule: RuleId, subject: string, teamId: string | undefined, severity?: Severity): Assessment {
  const type = subject.startsWith('W-') ? 'worker' : subject.startsWith('T-') ? 'team' : 'child';
  const base = { rule, subject: { type, id: subject } as Assessment['subject'], ...(teamId ? { teamId } : {}) };
  if (!severity) return base;
  return { ...base, flag: { ...base, dueSince: '2026-01-01', daysOverdue: 1, severity, evidence: [], finding: '' } };
}

const tally = (inScope: number, red: number, amber: number, complianceRate: number | null): Compliance => ({ inScope, flagged: red + amber, red, amber, complianceRate });

// Two teams and a child with no team: 8 subjects in scope, 4 flagged (2 red, 2 amber).
const ASSESSMENTS: Assessment[] = [
  assessed('SUPERVISION_OVERDUE', 'W-N1', 'T-NORTH', 'red'),
  assessed('SUPERVISION_OVERDUE', 'W-N2', 'T-NORTH'),
  assessed('SUPERVISION_OVERDUE', 'W-S1', 'T-SOUTH', 'amber'),
  assessed('TEAM_CASELOAD_HIGH', 'T-SOUTH', 'T-SOUTH'),
  assessed('TEAM_CASELOAD_HIGH', 'T-NORTH', 'T-NORTH'),
  assessed('PRE_PROCEEDINGS_OVERDUE', 'C-N1', 'T-NORTH', 'amber'),
  assessed('PRE_PROCEEDINGS_OVERDUE', 'C-X1', undefined),
  assessed('OVERSIGHT_MISSING', 'C-X1', undefined, 'red'),
];

describe('summarise', () => {
  const summary = summarise(ASSESSMENTS);
  const rule = (id: RuleId) => summary.rules.find((r) => r.rule === id)!;

  it('counts every assessment overall, flagged ones by severity, with the unrounded rate', () => {
    expect(summary.overall).toEqual(tally(8, 2, 2, 4 / 8));
  });

  it('lists every rule in the catalogue order, with their subject and finding', () => {
    expect(summary.rules.map((r) => r.rule)).toEqual(RULES.map((r) => r.rule));
    expect(summary.rules).toHaveLength(RULES.length);
    expect(rule('SUPERVISION_OVERDUE')).toEqual({ rule: 'SUPERVISION_OVERDUE', subject: 'worker', finding: RULES[0].finding, ...tally(3, 1, 1, 1 / 3) });
    expect(rule('TEAM_CASELOAD_HIGH')).toMatchObject({ subject: 'team', ...tally(2, 0, 0, 1) });
    expect(rule('PRE_PROCEEDINGS_OVERDUE')).toMatchObject({ subject: 'child', ...tally(2, 0, 1, 0.5) });
    expect(rule('OVERSIGHT_MISSING')).toMatchObject(tally(1, 1, 0, 0));
  });

  it('gives a rule with nothing in scope zero counts and no rate', () => {
    expect(rule('CP_VISIT_OVERDUE')).toMatchObject(tally(0, 0, 0, null));
    // Every rule but the four assessed above.
    expect(summary.rules.filter((r) => r.inScope === 0).map((r) => r.rule)).toEqual(RULES.map((r) => r.rule).filter((r) => !ASSESSMENTS.some((a) => a.rule === r)));
  });

  it('counts each team by teamId, sorted; a subject with no team counts overall and under its rule but in no team', () => {
    expect(summary.teams).toEqual([
      { teamId: 'T-NORTH', ...tally(4, 1, 1, 2 / 4) },
      { teamId: 'T-SOUTH', ...tally(2, 0, 1, 1 / 2) },
    ]);
    const teamed = summary.teams.reduce((n, t) => n + t.inScope, 0);
    expect(summary.overall.inScope - teamed).toBe(2);
  });

  it('keeps only the filtered team, as GET /flags does, and says nothing of other teams', () => {
    const north = summarise(ASSESSMENTS, { teamId: 'T-NORTH' });
    expect(north.overall).toEqual(tally(4, 1, 1, 0.5));
    expect(north.teams).toEqual([{ teamId: 'T-NORTH', ...tally(4, 1, 1, 0.5) }]);
    expect(north.rules.find((r) => r.rule === 'PRE_PROCEEDINGS_OVERDUE')).toMatchObject(tally(1, 0, 1, 0));
    expect(north.rules.find((r) => r.rule === 'OVERSIGHT_MISSING')).toMatchObject(tally(0, 0, 0, null));
    expect(north.rules.map((r) => r.rule)).toEqual(RULES.map((r) => r.rule));
  });

  it('answers a team with nothing in scope, or no assessments at all, with empty counts and no rates', () => {
    for (const empty of [summarise(ASSESSMENTS, { teamId: 'T-EAST' }), summarise([])]) {
      expect(empty.overall).toEqual(tally(0, 0, 0, null));
      expect(empty.teams).toEqual([]);
      expect(empty.rules.every((r) => r.inScope === 0 && r.complianceRate === null)).toBe(true);
    }
  });
});

describe('summariseCounts', () => {
  /** The assessments counted as a read model's GROUP BY rule, team, severity gives them: absent as null, one row per group. */
  function grouped(assessments: Assessment[]): AssessmentCount[] {
    const groups = new Map<string, AssessmentCount>();
    for (const a of assessments) {
      const row = { rule: a.rule, teamId: a.teamId ?? null, severity: a.flag?.severity ?? null, count: 0 };
      const key = JSON.stringify([row.rule, row.teamId, row.severity]);
      if (!groups.has(key)) groups.set(key, row);
      groups.get(key)!.count++;
    }
    return [...groups.values()];
  }

  // Three more red supervision flags in T-NORTH and two teamless children in scope: groups counting more than one.
  const MORE: Assessment[] = [
    ...ASSESSMENTS,
    ...['W-N3', 'W-N4', 'W-N5'].map((w) => assessed('SUPERVISION_OVERDUE', w, 'T-NORTH', 'red')),
    assessed('OVERSIGHT_MISSING', 'C-X2', undefined),
    assessed('OVERSIGHT_MISSING', 'C-X3', undefined),
  ];

  it.each([[{}], [{ teamId: 'T-NORTH' }], [{ teamId: 'T-SOUTH' }], [{ teamId: 'T-EAST' }]])('gives what summarise gives for the assessments counted, filtered by %j', (filter) => {
    for (const assessments of [ASSESSMENTS, MORE, []]) expect(summariseCounts(grouped(assessments), filter)).toEqual(summarise(assessments, filter));
  });

  it('adds up rows of the same group, and leaves teams out that the filter leaves out', () => {
    const split = [...grouped(MORE), { rule: 'SUPERVISION_OVERDUE' as const, teamId: 'T-NORTH', severity: 'red' as const, count: 2 }];
    expect(summariseCounts(split).overall).toEqual(tally(15, 7, 2, 6 / 15));
    expect(summariseCounts(split, { teamId: 'T-SOUTH' }).teams).toEqual([{ teamId: 'T-SOUTH', ...tally(2, 0, 1, 1 / 2) }]);
  });
});

describe('seriesDates', () => {
  it('gives the last day of each of the 11 months before, oldest first, then the date itself', () => {
    expect(seriesDates('2026-06-15')).toEqual([
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-15',
    ]);
  });

  it('crosses a year boundary from early in the year', () => {
    expect(seriesDates('2026-01-01')).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-01',
    ]);
  });

  it('from a 31st, takes whole months (not 31 days back, nor the 31st clipped)', () => {
    expect(seriesDates('2026-03-31')).toEqual([
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
  });

  it('from the end of February, in a leap year and not', () => {
    expect(seriesDates('2028-02-29').slice(-3)).toEqual(['2027-12-31', '2028-01-31', '2028-02-29']);
    expect(seriesDates('2026-02-28')[0]).toBe('2025-03-31');
    expect(seriesDates('2025-03-01').slice(-2)).toEqual(['2025-02-28', '2025-03-01']);
    expect(seriesDates('2024-03-01').slice(-2)).toEqual(['2024-02-29', '2024-03-01']);
  });

  it('always gives 12 distinct dates in order, ending on the date', () => {
    for (const asOf of ['2026-12-31', '2027-01-31', '2026-07-01', '2024-02-29']) {
      const dates = seriesDates(asOf);
      expect(dates).toHaveLength(12);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates.map((d) => d.slice(0, 7))).size).toBe(12);
      expect(dates.at(-1)).toBe(asOf);
    }
  });
});
