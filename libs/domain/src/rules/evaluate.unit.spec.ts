import { describe, expect, it } from '@jest/globals';
import { evaluating, openCases, ploStageEntered, childRegistered, supervisionHeld, workerJoined } from '../testing/index.js';
import { flagsOf } from './evaluate.js';

describe('evaluate', () => {
  const story = [
    workerJoined('2026-01-05', { workerId: 'W-2', fte: 0.5 }),
    workerJoined('2026-01-05', { workerId: 'W-1' }),
    supervisionHeld('2026-06-20', { workerId: 'W-1' }),
    ...openCases(11, '2026-02-01', { workerId: 'W-2' }),
    childRegistered('2026-01-02', { childId: 'C-PLO' }),
    ploStageEntered('2026-01-05', { childId: 'C-PLO' }),
  ];

  it('assesses every subject in scope of every rule, in rule then subject order', () => {
    const { assessments } = evaluating(...story).asOf('2026-07-01');
    const keys = assessments.map((a) => `${a.rule} ${a.subject.id}`);
    const perChild = (k: string) => k.startsWith('SOCIAL_WORKER_CHANGES') || k.startsWith('OVERSIGHT_MISSING');
    expect(keys.filter((k) => !perChild(k))).toEqual([
      'CASELOAD_HIGH W-1',
      'CASELOAD_HIGH W-2',
      'PRE_PROCEEDINGS_OVERDUE C-PLO',
      'SUPERVISION_NOT_REFLECTIVE W-1',
      'SUPERVISION_NOT_REFLECTIVE W-2',
      'SUPERVISION_OVERDUE W-1',
      'SUPERVISION_OVERDUE W-2',
      'TEAM_CASELOAD_HIGH T-1',
    ]);
    expect(keys.filter((k) => k.startsWith('SOCIAL_WORKER_CHANGES'))).toHaveLength(11);
    // Every child with a decision point (11 allocations, one PLO entry), none of them overseen.
    expect(keys.filter((k) => k.startsWith('OVERSIGHT_MISSING'))).toHaveLength(12);
  });

  it('lists the flags with their rule, subject, finding and evidence', () => {
    const flags = flagsOf(evaluating(...story).asOf('2026-07-01').assessments).filter((f) => f.rule !== 'OVERSIGHT_MISSING');
    expect(flags.map((f) => `${f.rule} ${f.subject.id} ${f.severity}`)).toEqual(['CASELOAD_HIGH W-2 amber', 'PRE_PROCEEDINGS_OVERDUE C-PLO amber', 'SUPERVISION_OVERDUE W-2 red']);
    expect(flags[1]).toMatchObject({ finding: expect.stringContaining('pre-proceedings'), dueSince: '2026-04-27', daysOverdue: 65 });
  });
});
