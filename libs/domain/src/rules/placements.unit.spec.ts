import { describe, expect, it } from '@jest/globals';
import { becameLookedAfter, caseAllocated, ceasedLookedAfter, childRegistered, evaluating, placementEnded, placementStarted, voiding } from '../testing/index.js';

const registered = childRegistered('2024-01-02');
const lookedAfter = becameLookedAfter('2025-06-02', { id: 'la' });

describe('UNREGISTERED_PLACEMENT', () => {
  const rule = 'UNREGISTERED_PLACEMENT';
  const unregistered = placementStarted('2026-02-02', { registered: false, kind: 'residential', id: 'p1' });
  const story = [registered, lookedAfter, unregistered];

  it('flags red from the day the placement starts, asked on several dates', () => {
    expect(
      evaluating(...story)
        .asOf('2026-02-01')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...story)
        .asOf('2026-02-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-02-02',
      daysOverdue: 0,
      severity: 'red',
      evidence: ['p1'],
      measures: { placementId: 'P-1', kind: 'residential' },
    });
    // 2026-02-02 to 2026-05-01: 28 days to 2 March, 31 to 2 April, 29 to 1 May.
    expect(
      evaluating(...story)
        .asOf('2026-05-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 88, severity: 'red' });
  });

  it('does not flag a registered placement', () => {
    const result = evaluating(registered, lookedAfter, placementStarted('2026-02-02')).asOf('2026-05-01');
    expect(result.inScope(rule)).toEqual(['C-1']);
    expect(result.flagged(rule)).toEqual([]);
  });

  it('ends with the placement: a registered placement that follows is in scope and not flagged', () => {
    const history = [...story, placementEnded('2026-05-01'), placementStarted('2026-05-01', { placementId: 'P-2' })];
    expect(
      evaluating(...story, placementEnded('2026-05-01'))
        .asOf('2026-04-30')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...story, placementEnded('2026-05-01'))
        .asOf('2026-05-01')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-05-01')
        .assessment(rule, 'C-1'),
    ).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
  });

  it('dates the breach from the first of an unbroken run of unregistered placements', () => {
    // P-1 (2 February) ends on 1 May and unregistered P-2 starts the same day: unregistered throughout.
    const moved = [...story, placementEnded('2026-05-01'), placementStarted('2026-05-01', { placementId: 'P-2', registered: false, kind: 'other', id: 'p2' })];
    expect(
      evaluating(...moved)
        .asOf('2026-05-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-02-02',
      daysOverdue: 97,
      evidence: ['p1', 'p2'],
      measures: { placementId: 'P-2', kind: 'other' },
    });
    // A day with no placement in between breaks the run.
    const gap = [...story, placementEnded('2026-05-01'), placementStarted('2026-05-02', { placementId: 'P-2', registered: false, id: 'p2' })];
    expect(
      evaluating(...gap)
        .asOf('2026-05-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-05-02', daysOverdue: 8, evidence: ['p2'] });
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2025-06-02', { workerId: 'W-7', teamId: 'T-7' });
    expect(
      evaluating(...story, allocated)
        .asOf('2026-02-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('ignores a voided placement start, and applies the void only from the day it was recorded', () => {
    const voided = [...story, voiding('p1', '2026-03-01')];
    expect(
      evaluating(...voided)
        .asOf('2026-03-10')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...voided)
        .asOf('2026-03-10', '2026-02-28')
        .flagged(rule),
    ).toEqual(['C-1']);
  });

  it('honours knownAt: a late-logged placement start is unknown before it was recorded', () => {
    const late = placementStarted('2026-02-02', { registered: false, recordedOn: '2026-03-01' });
    expect(evaluating(registered, lookedAfter, late).asOf('2026-02-15', '2026-02-28').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lookedAfter, late).asOf('2026-02-15', '2026-03-01').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 13 });
  });
});

describe('PLACEMENT_NOT_MEETING_NEEDS', () => {
  const rule = 'PLACEMENT_NOT_MEETING_NEEDS';
  const unsuitable = placementStarted('2026-02-02', { meetsAssessedNeeds: false, id: 'p1' });
  const story = [registered, lookedAfter, unsuitable];

  it('flags amber from the day the placement starts, and stays amber however long it lasts', () => {
    expect(
      evaluating(...story)
        .asOf('2026-02-01')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...story)
        .asOf('2026-02-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-02-02',
      daysOverdue: 0,
      severity: 'amber',
      evidence: ['p1'],
      measures: { placementId: 'P-1' },
    });
    // 2026-02-02 to 2027-02-02: 365 days.
    expect(
      evaluating(...story)
        .asOf('2027-02-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ daysOverdue: 365, severity: 'amber' });
  });

  it('does not flag a placement that meets the assessed needs', () => {
    const result = evaluating(registered, lookedAfter, placementStarted('2026-02-02', { registered: false })).asOf('2026-03-01');
    expect(result.inScope(rule)).toEqual(['C-1']);
    expect(result.flagged(rule)).toEqual([]);
  });

  it('ends with the placement and with being looked after', () => {
    const history = [...story, placementEnded('2026-04-01'), ceasedLookedAfter('2026-04-01')];
    expect(
      evaluating(...history)
        .asOf('2026-03-31')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history)
        .asOf('2026-04-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('dates the breach from the first of an unbroken run of placements not meeting needs', () => {
    const moved = [...story, placementEnded('2026-04-01'), placementStarted('2026-04-01', { placementId: 'P-2', meetsAssessedNeeds: false, id: 'p2' })];
    // 2026-02-02 to 2026-04-10: 26 days to the end of February, 31 in March, 10 in April.
    expect(
      evaluating(...moved)
        .asOf('2026-04-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-02', daysOverdue: 67, evidence: ['p1', 'p2'], measures: { placementId: 'P-2' } });
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2025-06-02', { workerId: 'W-7', teamId: 'T-7' });
    expect(
      evaluating(...story, allocated)
        .asOf('2026-02-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('honours knownAt: a late-logged end keeps the flag until it was recorded, a void likewise', () => {
    const lateEnd = placementEnded('2026-04-01', { recordedOn: '2026-04-20' });
    expect(
      evaluating(...story, lateEnd)
        .asOf('2026-04-10', '2026-04-19')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...story, lateEnd)
        .asOf('2026-04-10', '2026-04-20')
        .inScope(rule),
    ).toEqual([]);
    const voided = [...story, voiding('p1', '2026-04-20')];
    expect(
      evaluating(...voided)
        .asOf('2026-04-10', '2026-04-19')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...voided)
        .asOf('2026-04-10')
        .inScope(rule),
    ).toEqual([]);
  });
});

describe('PLACEMENT_INSTABILITY', () => {
  const rule = 'PLACEMENT_INSTABILITY';
  // Three placements in a year: P-1 2025-06-02, P-2 2025-09-01, P-3 2026-01-05, each ending the day the next starts.
  const moves = [
    placementStarted('2025-06-02', { placementId: 'P-1', id: 'p1' }),
    placementEnded('2025-09-01', { placementId: 'P-1' }),
    placementStarted('2025-09-01', { placementId: 'P-2', id: 'p2' }),
    placementEnded('2026-01-05', { placementId: 'P-2' }),
    placementStarted('2026-01-05', { placementId: 'P-3', id: 'p3' }),
  ];
  const story = [registered, lookedAfter, ...moves];

  it('leaves out a child who is not looked after', () => {
    expect(evaluating(registered).asOf('2026-01-05').inScope(rule)).toEqual([]);
    expect(
      evaluating(...story)
        .asOf('2025-06-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('does not flag 2 placements, flags from the day of the third, with the placements as evidence', () => {
    expect(
      evaluating(...story)
        .asOf('2026-01-04')
        .assessment(rule, 'C-1'),
    ).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(
      evaluating(...story)
        .asOf('2026-01-05')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-01-05',
      daysOverdue: 0,
      severity: 'amber',
      evidence: ['p1', 'p2', 'p3'],
      measures: { placements: 3 },
    });
  });

  it('counts the first placement until its last day (31 Aug 2025) has left the 365-day window, as held, not started', () => {
    // The window of 2026-08-30 opens on 2025-08-31, P-1's last day; that of 2026-08-31 opens on 2025-09-01.
    // 2026-01-05 to 2026-08-30: 26 + 28 + 31 + 30 + 31 + 30 + 31 + 30 = 237 days.
    expect(
      evaluating(...story)
        .asOf('2026-08-30')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-01-05', daysOverdue: 237, evidence: ['p1', 'p2', 'p3'] });
    expect(
      evaluating(...story)
        .asOf('2026-08-31')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...story)
        .asOf('2026-08-31')
        .inScope(rule),
    ).toEqual(['C-1']);
  });

  it('counts a placement held when the window opens, though it started before it', () => {
    // P-0 from 2024-01-08 to 2025-09-01, then two more: three held in the 365 days to 2026-01-05, two started.
    const held = [
      placementStarted('2024-01-08', { placementId: 'P-0', id: 'p0' }),
      placementEnded('2025-09-01', { placementId: 'P-0' }),
      placementStarted('2025-09-01', { placementId: 'P-2', id: 'p2' }),
      placementEnded('2026-01-05', { placementId: 'P-2' }),
      placementStarted('2026-01-05', { placementId: 'P-3', id: 'p3' }),
    ];
    expect(
      evaluating(registered, becameLookedAfter('2024-01-08'), ...held)
        .asOf('2026-01-05')
        .flag(rule, 'C-1'),
    ).toMatchObject({ evidence: ['p0', 'p2', 'p3'], measures: { placements: 3 } });
  });

  it('turns red at twice the threshold (6 placements)', () => {
    const more = [
      placementEnded('2026-02-02', { placementId: 'P-3' }),
      placementStarted('2026-02-02', { placementId: 'P-4' }),
      placementEnded('2026-03-02', { placementId: 'P-4' }),
      placementStarted('2026-03-02', { placementId: 'P-5' }),
      placementEnded('2026-04-01', { placementId: 'P-5' }),
      placementStarted('2026-04-01', { placementId: 'P-6' }),
    ];
    expect(
      evaluating(...story, ...more)
        .asOf('2026-03-31')
        .flag(rule, 'C-1'),
    ).toMatchObject({ severity: 'amber', measures: { placements: 5 } });
    expect(
      evaluating(...story, ...more)
        .asOf('2026-04-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ severity: 'red', dueSince: '2026-01-05', measures: { placements: 6 } });
  });

  it('applies only while looked after, and restarts the breach at a new period of care', () => {
    const ceased = [placementEnded('2026-02-01', { placementId: 'P-3' }), ceasedLookedAfter('2026-02-01')];
    expect(
      evaluating(...story, ...ceased)
        .asOf('2026-01-31')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...story, ...ceased)
        .asOf('2026-02-01')
        .inScope(rule),
    ).toEqual([]);
    // Looked after again from 2026-03-02 with a fourth placement: 4 in the year, flagged since the return to care.
    const back = [...story, ...ceased, becameLookedAfter('2026-03-02'), placementStarted('2026-03-02', { placementId: 'P-4', id: 'p4' })];
    expect(
      evaluating(...back)
        .asOf('2026-03-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-02', daysOverdue: 8, evidence: ['p1', 'p2', 'p3', 'p4'], measures: { placements: 4 } });
  });

  it('reports the child under its allocated team and worker', () => {
    const allocated = caseAllocated('2025-06-02', { workerId: 'W-7', teamId: 'T-7' });
    expect(
      evaluating(...story, allocated)
        .asOf('2026-01-05')
        .flag(rule, 'C-1'),
    ).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
  });

  it('uses the threshold and window of the policy in force', () => {
    // Two placements are enough: flagged from P-2 (2025-09-01).
    expect(
      evaluating(...story)
        .withPolicy({ placementInstability: { placements: 2 } })
        .asOf('2025-09-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-09-01', measures: { placements: 2 } });
    // A 120-day window as of 2026-01-05 opens on 2025-09-08: P-1 (held until 2025-08-31) is out; a 180-day one (from 2025-07-10) holds it.
    expect(
      evaluating(...story)
        .withPolicy({ placementInstability: { windowDays: 180 } })
        .asOf('2026-01-05')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...story)
        .withPolicy({ placementInstability: { windowDays: 120 } })
        .asOf('2026-01-05')
        .flagged(rule),
    ).toEqual([]);
  });

  it('ignores a voided placement, and applies the void only from the day it was recorded', () => {
    const voided = [...story, voiding('p2', '2026-02-01')];
    expect(
      evaluating(...voided)
        .asOf('2026-02-10')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...voided)
        .asOf('2026-02-10', '2026-01-31')
        .flagged(rule),
    ).toEqual(['C-1']);
  });

  it('honours knownAt: a late-logged third placement is unknown before it was recorded', () => {
    const late = [registered, lookedAfter, ...moves.slice(0, 4), placementStarted('2026-01-05', { placementId: 'P-3', recordedOn: '2026-02-01' })];
    expect(
      evaluating(...late)
        .asOf('2026-01-20', '2026-01-31')
        .flagged(rule),
    ).toEqual([]);
    expect(
      evaluating(...late)
        .asOf('2026-01-20', '2026-02-01')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-01-05', daysOverdue: 15 });
  });
});
