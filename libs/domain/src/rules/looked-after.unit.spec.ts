import { describe, expect, it } from '@jest/globals';
import {
  becameLookedAfter,
  caseAllocated,
  ceasedLookedAfter,
  childRegistered,
  childVisited,
  dentalCheckCompleted,
  evaluating,
  healthAssessmentCompleted,
  legalStatusChanged,
  lookedAfterReviewHeld,
  sdqRecorded,
  placementEnded,
  placementStarted,
  voiding,
} from '../testing/index.js';

// Born April 2017 (the builder's default): 8 or 9 years old throughout, so "5 and over".
const registered = childRegistered('2017-05-02');

describe('LOOKED_AFTER_VISIT_OVERDUE', () => {
  const rule = 'LOOKED_AFTER_VISIT_OVERDUE';
  // Looked after and placed on Monday 2026-01-05: the first visit is due within a week,
  // by 2026-01-12 (5 + 7); overdue from 2026-01-13.
  const lac = becameLookedAfter('2026-01-05', { id: 'lac' });
  const placed = placementStarted('2026-01-05', { id: 'placed' });

  describe('scope', () => {
    it('assesses only a looked-after child in a placement', () => {
      expect(evaluating(registered).asOf('2026-02-01').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac).asOf('2026-02-01').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac, placed).asOf('2026-01-04').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac, placed).asOf('2026-01-05').inScope(rule)).toEqual(['C-1']);
    });

    it('stops when the placement ends, and nothing is due after CeasedLookedAfter', () => {
      const ended = placementEnded('2026-03-02');
      expect(evaluating(registered, lac, placed, ended).asOf('2026-03-01').flagged(rule)).toEqual(['C-1']);
      expect(evaluating(registered, lac, placed, ended).asOf('2026-03-02').inScope(rule)).toEqual([]);
      const ceased = ceasedLookedAfter('2026-03-02');
      expect(evaluating(registered, lac, placed, ended, ceased).asOf('2026-03-02').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac, placed, ended, ceased).asOf('2026-12-01').inScope(rule)).toEqual([]);
    });

    it('reports the child under its allocated team and worker', () => {
      const allocated = caseAllocated('2026-01-05', { workerId: 'W-7', teamId: 'T-7' });
      expect(evaluating(registered, allocated, lac, placed).asOf('2026-01-13').flag(rule, 'C-1')).toMatchObject({ teamId: 'T-7', workerId: 'W-7' });
    });
  });

  describe('the first visit, within a week of the placement starting', () => {
    it('does not flag at exactly 7 days, flags the day after with the placement as evidence', () => {
      expect(evaluating(registered, lac, placed).asOf('2026-01-12').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
      expect(evaluating(registered, lac, placed).asOf('2026-01-13').flag(rule, 'C-1')).toMatchObject({
        dueSince: '2026-01-12',
        daysOverdue: 1,
        severity: 'amber',
        evidence: ['placed'],
      });
    });

    it('stays amber while overdue by 7 days and turns red at 8', () => {
      // 2026-01-19 is 7 days after the due date 2026-01-12; 2026-01-20 is 8.
      expect(evaluating(registered, lac, placed).asOf('2026-01-19').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 7, severity: 'amber' });
      expect(evaluating(registered, lac, placed).asOf('2026-01-20').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 8, severity: 'red' });
    });

    it('counts a visit on the day the placement starts, then runs 6 weeks from it', () => {
      // 2026-01-05 + 42 days: 26 to 2026-01-31, 16 more to 2026-02-16.
      const visited = childVisited('2026-01-05', { id: 'v0' });
      expect(evaluating(registered, lac, placed, visited).asOf('2026-01-13').flag(rule, 'C-1')).toBeUndefined();
      expect(evaluating(registered, lac, placed, visited).asOf('2026-02-16').flag(rule, 'C-1')).toBeUndefined();
      expect(evaluating(registered, lac, placed, visited).asOf('2026-02-17').flag(rule, 'C-1')).toMatchObject({
        dueSince: '2026-02-16',
        daysOverdue: 1,
        severity: 'amber',
        evidence: ['v0'],
      });
    });
  });

  it('answers the same history differently as of different dates', () => {
    // First visit late on 2026-01-20; 42 days later is 2026-03-03 (11 to 01-31, 28 to 02-28, 3 more).
    // Next visit 2026-03-10; 42 days later is 2026-04-21 (21 to 03-31, 21 more).
    const history = [registered, lac, placed, childVisited('2026-01-20', { id: 'first' }), childVisited('2026-03-10', { id: 'second' })];
    const on = (asOf: string) =>
      evaluating(...history)
        .asOf(asOf)
        .flag(rule, 'C-1');
    expect(
      evaluating(...history)
        .asOf('2026-01-04')
        .inScope(rule),
    ).toEqual([]);
    expect(on('2026-01-12')).toBeUndefined();
    expect(on('2026-01-19')).toMatchObject({ dueSince: '2026-01-12', daysOverdue: 7, severity: 'amber', evidence: ['placed'] });
    expect(on('2026-01-20')).toBeUndefined();
    expect(on('2026-03-03')).toBeUndefined();
    expect(on('2026-03-04')).toMatchObject({ dueSince: '2026-03-03', daysOverdue: 1, evidence: ['first'] });
    expect(on('2026-03-10')).toBeUndefined();
    expect(on('2026-04-21')).toBeUndefined();
    expect(on('2026-04-22')).toMatchObject({ dueSince: '2026-04-21', daysOverdue: 1, evidence: ['second'] });
    // Overdue by 42 days on 2026-06-02 (9 to 04-30, 31 to 05-31, 2 more): amber; red from 43.
    expect(on('2026-06-02')).toMatchObject({ daysOverdue: 42, severity: 'amber' });
    expect(on('2026-06-03')).toMatchObject({ daysOverdue: 43, severity: 'red' });
  });

  describe("after the placement's first year", () => {
    // Placed on 2025-01-06: its first year runs to 2026-01-05; 2026-01-06 starts the second.
    const lacEarly = becameLookedAfter('2025-01-06');
    const longTerm = placementStarted('2025-01-06', { intendedUntil18: true, id: 'long-term' });
    const shortTerm = placementStarted('2025-01-06', { intendedUntil18: false, id: 'short-term' });

    it('allows 3 months between visits when the placement is intended until 18', () => {
      // Last visit 2026-01-06, in the second year: due 3 calendar months later, 2026-04-06.
      const history = [registered, lacEarly, longTerm, childVisited('2026-01-06', { id: 'v' })];
      expect(
        evaluating(...history)
          .asOf('2026-04-06')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-04-07')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-04-06', daysOverdue: 1, severity: 'amber', evidence: ['v'] });
      // Red once more than 6 months after the visit (2026-07-06): overdue by 91 days then (24 + 31 + 30 + 6).
      expect(
        evaluating(...history)
          .asOf('2026-07-06')
          .flag(rule, 'C-1'),
      ).toMatchObject({ daysOverdue: 91, severity: 'amber' });
      expect(
        evaluating(...history)
          .asOf('2026-07-07')
          .flag(rule, 'C-1'),
      ).toMatchObject({ daysOverdue: 92, severity: 'red' });
    });

    it('keeps 6 weeks after a visit on the last day of the first year, even when intended until 18', () => {
      // Visit 2026-01-05 (still the first year): 42 days later is 2026-02-16.
      const history = [registered, lacEarly, longTerm, childVisited('2026-01-05', { id: 'v' })];
      expect(
        evaluating(...history)
          .asOf('2026-02-16')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-02-17')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-02-16', evidence: ['v'] });
    });

    it('keeps 6 weeks when the placement is not intended until 18', () => {
      // Visit 2026-01-06 (second year): 42 days later is 2026-02-17 (25 to 01-31, 17 more).
      const history = [registered, lacEarly, shortTerm, childVisited('2026-01-06', { id: 'v' })];
      expect(
        evaluating(...history)
          .asOf('2026-02-17')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-02-18')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-02-17', daysOverdue: 1, evidence: ['v'] });
    });
  });

  describe('a new placement', () => {
    // Visited 2026-01-06 (next due 2026-02-17), moved on 2026-02-02: the new placement
    // needs its own first visit within a week, by 2026-02-09.
    const visited = childVisited('2026-01-06', { id: 'v1' });
    const moved = [placementEnded('2026-02-02'), placementStarted('2026-02-02', { placementId: 'P-2', id: 'moved' })];

    it('restarts the visit clock: visits before it do not count', () => {
      expect(evaluating(registered, lac, placed, visited).asOf('2026-02-10').flag(rule, 'C-1')).toBeUndefined();
      expect(
        evaluating(registered, lac, placed, visited, ...moved)
          .asOf('2026-02-09')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(registered, lac, placed, visited, ...moved)
          .asOf('2026-02-10')
          .flag(rule, 'C-1'),
      ).toMatchObject({
        dueSince: '2026-02-09',
        daysOverdue: 1,
        evidence: ['moved'],
      });
    });

    it('counts a visit on the day of the move', () => {
      const onMove = childVisited('2026-02-02', { id: 'v2' });
      expect(
        evaluating(registered, lac, placed, visited, ...moved, onMove)
          .asOf('2026-02-10')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
    });
  });

  it('keeps the latest-dated visit as the last one when an older one is logged late', () => {
    // 2026-02-01 + 42 days: 27 to 02-28, 15 more to 2026-03-15.
    const history = [registered, lac, placed, childVisited('2026-02-01', { id: 'v2' }), childVisited('2026-01-10', { id: 'v1', recordedOn: '2026-02-10' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-15')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-03-16')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-15', evidence: ['v2'] });
  });

  it('brings the flag back when the visit that answered it is voided', () => {
    const history = [registered, lac, placed, childVisited('2026-01-09', { id: 'v1' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-20')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history, voiding('v1', '2026-01-20'))
        .asOf('2026-01-20')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-01-12',
      daysOverdue: 8,
      severity: 'red',
      evidence: ['placed'],
    });
  });

  describe('knownAt', () => {
    it('does not see a visit logged after knownAt', () => {
      const history = [registered, lac, placed, childVisited('2026-01-09', { id: 'v1', recordedOn: '2026-01-25' })];
      expect(
        evaluating(...history)
          .asOf('2026-01-20', '2026-01-24')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-01-12', evidence: ['placed'] });
      expect(
        evaluating(...history)
          .asOf('2026-01-20', '2026-01-25')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-01-20')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
    });

    it('does not flag from a placement logged after knownAt', () => {
      const history = [registered, lac, placementStarted('2026-01-05', { id: 'late', recordedOn: '2026-01-20' })];
      expect(
        evaluating(...history)
          .asOf('2026-01-15', '2026-01-19')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(...history)
          .asOf('2026-01-15', '2026-01-20')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-01-12', daysOverdue: 3, evidence: ['late'] });
    });

    it('does not apply a void recorded after knownAt', () => {
      const history = [registered, lac, placed, childVisited('2026-01-09', { id: 'v1' }), voiding('v1', '2026-01-25')];
      expect(
        evaluating(...history)
          .asOf('2026-01-20', '2026-01-24')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-01-20', '2026-01-25')
          .flag(rule, 'C-1'),
      ).toMatchObject({ evidence: ['placed'] });
    });
  });

  it('brings the duty back when the placement end is voided', () => {
    // Visited 2026-01-06: next due 2026-02-17 (25 to 01-31, 17 more).
    const history = [registered, lac, placed, childVisited('2026-01-06', { id: 'v1' }), placementEnded('2026-02-02', { id: 'ended' })];
    expect(
      evaluating(...history)
        .asOf('2026-02-20')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, voiding('ended', '2026-02-20'))
        .asOf('2026-02-20')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-02-17',
      daysOverdue: 3,
      evidence: ['v1'],
    });
  });

  it('takes the new placement on a same-day move whichever of the two was recorded first', () => {
    const history = [registered, lac, placed, childVisited('2026-01-06'), placementStarted('2026-02-02', { placementId: 'P-2', id: 'moved' }), placementEnded('2026-02-02')];
    expect(
      evaluating(...history)
        .asOf('2026-02-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-09', evidence: ['moved'] });
  });

  it('counts a date-time visit on its London date', () => {
    // 23:30 UTC on 1 June is 00:30 on 2 June in London (BST): due 42 days after 2026-06-02,
    // i.e. 2026-07-14 (28 to 06-30, 14 more), not 2026-07-13.
    const history = [registered, becameLookedAfter('2026-06-01'), placementStarted('2026-06-01'), childVisited('2026-06-01T23:30:00Z', { id: 'v' })];
    expect(
      evaluating(...history)
        .asOf('2026-07-14')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-07-15')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-07-14', evidence: ['v'] });
  });

  it('follows the policy after the first year: 2 months when intended until 18, else 4 weeks', () => {
    const policy = { lookedAfterVisits: { longTermMonths: 2, otherWeeks: 4 } };
    // Visit 2026-01-06, in the second year of a placement started 2025-01-06.
    // Long term: 2 months later, 2026-03-06. Otherwise: 28 days later, 2026-02-03.
    const visit = childVisited('2026-01-06', { id: 'v' });
    const longTerm = [registered, becameLookedAfter('2025-01-06'), placementStarted('2025-01-06', { intendedUntil18: true }), visit];
    const shortTerm = [registered, becameLookedAfter('2025-01-06'), placementStarted('2025-01-06', { intendedUntil18: false }), visit];
    expect(
      evaluating(...longTerm)
        .withPolicy(policy)
        .asOf('2026-03-06')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...longTerm)
        .withPolicy(policy)
        .asOf('2026-03-07')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-06' });
    expect(
      evaluating(...shortTerm)
        .withPolicy(policy)
        .asOf('2026-02-03')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...shortTerm)
        .withPolicy(policy)
        .asOf('2026-02-04')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-03' });
  });

  it('follows the policy: a 3-day first visit and 4 weeks in the first year', () => {
    const policy = { lookedAfterVisits: { firstVisitDays: 3, firstYearWeeks: 4 } };
    // No visit: due 2026-01-08 (5 + 3). Visit on 2026-01-05: 28 days later is 2026-02-02.
    expect(evaluating(registered, lac, placed).withPolicy(policy).asOf('2026-01-08').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac, placed).withPolicy(policy).asOf('2026-01-09').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-01-08', daysOverdue: 1 });
    const visited = childVisited('2026-01-05', { id: 'v0' });
    expect(evaluating(registered, lac, placed, visited).withPolicy(policy).asOf('2026-02-02').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac, placed, visited).withPolicy(policy).asOf('2026-02-03').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-02-02', evidence: ['v0'] });
  });
});

describe('LOOKED_AFTER_REVIEW_OVERDUE', () => {
  const rule = 'LOOKED_AFTER_REVIEW_OVERDUE';
  // Looked after from Monday 2025-12-01. Working days after it: 2-5 Dec (4), 8-12 (9),
  // 15-19 (14), 22-24 (17), 25 and 26 Dec are bank holidays, 29-31 (20): the first review
  // is due by Wednesday 2025-12-31. 1 Jan is a bank holiday too, so the 21st working day is
  // Friday 2026-01-02. (Counting weekdays only, the due date would have been 2025-12-26.)
  const lac = becameLookedAfter('2025-12-01', { id: 'lac' });

  it('assesses only looked-after children, and nothing after CeasedLookedAfter', () => {
    expect(evaluating(registered).asOf('2026-01-02').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lac).asOf('2025-11-30').inScope(rule)).toEqual([]);
    const ceased = ceasedLookedAfter('2026-01-15');
    expect(evaluating(registered, lac, ceased).asOf('2026-01-14').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, lac, ceased).asOf('2026-01-15').inScope(rule)).toEqual([]);
  });

  it('does not flag at 20 working days (nor on the bank holiday after), flags on the 21st', () => {
    expect(evaluating(registered, lac).asOf('2025-12-26').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac).asOf('2025-12-31').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, lac).asOf('2026-01-01').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac).asOf('2026-01-02').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2025-12-31',
      daysOverdue: 2,
      severity: 'amber',
      evidence: ['lac'],
      measures: { workingDays: 21, limit: 20 },
    });
  });

  it('turns the first review red after 40 working days', () => {
    // 2 Jan (21), 5-9 (26), 12-16 (31), 19-23 (36), 26-29 (40), Friday 30 Jan (41).
    expect(evaluating(registered, lac).asOf('2026-01-29').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 29, severity: 'amber' });
    expect(evaluating(registered, lac).asOf('2026-01-30').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 30, severity: 'red' });
  });

  it('counts a review on the day the child became looked after', () => {
    // Then the second is due 3 months later, 2026-03-01.
    const review = lookedAfterReviewHeld('2025-12-01', { id: 'r0' });
    expect(evaluating(registered, lac, review).asOf('2026-01-02').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac, review).asOf('2026-03-01').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac, review).asOf('2026-03-02').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-01', daysOverdue: 1, evidence: ['r0'] });
  });

  it('runs 3 months after the first review, then 6 months after each later one', () => {
    // r1 2025-12-15: second due 2026-03-15; r2 late on 2026-03-20: third due 2026-09-20;
    // r3 late on 2026-09-25: fourth due 2027-03-25 (6 months, not 3).
    const history = [registered, lac, lookedAfterReviewHeld('2025-12-15', { id: 'r1' }), lookedAfterReviewHeld('2026-03-20', { id: 'r2' }), lookedAfterReviewHeld('2026-09-25', { id: 'r3' })];
    const on = (asOf: string) =>
      evaluating(...history)
        .asOf(asOf)
        .flag(rule, 'C-1');
    expect(on('2026-03-15')).toBeUndefined();
    expect(on('2026-03-16')).toMatchObject({ dueSince: '2026-03-15', daysOverdue: 1, severity: 'amber', evidence: ['r1'] });
    expect(on('2026-03-20')).toBeUndefined();
    expect(on('2026-09-20')).toBeUndefined();
    expect(on('2026-09-21')).toMatchObject({ dueSince: '2026-09-20', daysOverdue: 1, evidence: ['r2'] });
    expect(on('2026-09-25')).toBeUndefined();
    expect(on('2026-12-26')).toBeUndefined();
    expect(on('2027-03-25')).toBeUndefined();
    expect(on('2027-03-26')).toMatchObject({ dueSince: '2027-03-25', daysOverdue: 1, evidence: ['r3'] });
  });

  it('turns a 3-month review red more than 6 months after the last one', () => {
    // r1 2025-12-15: red after 2026-06-15; overdue by 92 days then (31 + 30 + 31 from 03-15).
    const history = [registered, lac, lookedAfterReviewHeld('2025-12-15', { id: 'r1' })];
    expect(
      evaluating(...history)
        .asOf('2026-06-15')
        .flag(rule, 'C-1'),
    ).toMatchObject({ daysOverdue: 92, severity: 'amber' });
    expect(
      evaluating(...history)
        .asOf('2026-06-16')
        .flag(rule, 'C-1'),
    ).toMatchObject({ daysOverdue: 93, severity: 'red' });
  });

  describe('a later episode of care', () => {
    // Looked after again from Monday 2026-03-09. Working days after it: 10-13 Mar (4),
    // 16-20 (9), 23-27 (14), 30 Mar-2 Apr (18), Good Friday 3 Apr and Easter Monday
    // 6 Apr are bank holidays, 7-8 Apr (20): first review due Wednesday 2026-04-08.
    // (Counting weekdays only, it would have been Monday 2026-04-06.)
    const firstEpisode = [becameLookedAfter('2025-06-02'), lookedAfterReviewHeld('2025-06-20', { id: 'old' }), ceasedLookedAfter('2025-09-01')];
    const again = becameLookedAfter('2026-03-09', { id: 'again' });

    it('restarts the reviews: one from the earlier episode does not count', () => {
      expect(
        evaluating(registered, ...firstEpisode, again)
          .asOf('2025-09-01')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(registered, ...firstEpisode, again)
          .asOf('2026-04-07')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(registered, ...firstEpisode, again)
          .asOf('2026-04-08')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(registered, ...firstEpisode, again)
          .asOf('2026-04-09')
          .flag(rule, 'C-1'),
      ).toMatchObject({
        dueSince: '2026-04-08',
        daysOverdue: 1,
        evidence: ['again'],
        measures: { workingDays: 21, limit: 20 },
      });
    });

    it('counts calendar months clamped to the month end: 3 months after 2026-03-31 is 2026-06-30', () => {
      const history = [registered, ...firstEpisode, again, lookedAfterReviewHeld('2026-03-31', { id: 'r1' })];
      expect(
        evaluating(...history)
          .asOf('2026-06-30')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-07-01')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-06-30', daysOverdue: 1, evidence: ['r1'] });
    });
  });

  it('brings the first-review flag back when the review is voided', () => {
    const history = [registered, lac, lookedAfterReviewHeld('2025-12-15', { id: 'r1' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-02')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history, voiding('r1', '2026-01-02'))
        .asOf('2026-01-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-12-31', evidence: ['lac'] });
  });

  it('does not see a review logged after knownAt', () => {
    // As of Monday 2026-01-05: 2 Jan (21), 5 Jan (22); 5 days past 2025-12-31.
    const history = [registered, lac, lookedAfterReviewHeld('2025-12-15', { id: 'r1', recordedOn: '2026-01-10' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-05', '2026-01-09')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2025-12-31',
      daysOverdue: 5,
      measures: { workingDays: 22, limit: 20 },
    });
    expect(
      evaluating(...history)
        .asOf('2026-01-05', '2026-01-10')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
  });

  it('does not flag a child whose becoming looked after was logged after knownAt', () => {
    const history = [registered, becameLookedAfter('2025-12-01', { id: 'late', recordedOn: '2026-01-10' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-05', '2026-01-09')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-01-05', '2026-01-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ evidence: ['late'] });
  });

  it('brings the duties back when the CeasedLookedAfter is voided', () => {
    // r1 2025-12-15: second review due 2026-03-15.
    const history = [registered, lac, lookedAfterReviewHeld('2025-12-15', { id: 'r1' }), ceasedLookedAfter('2026-02-02', { id: 'ceased' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-16')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, voiding('ceased', '2026-03-16'))
        .asOf('2026-03-16')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-15', evidence: ['r1'] });
  });

  it('follows the policy for later reviews: every 4 months', () => {
    // r1 2025-12-15, r2 2026-03-10: the third due 4 months after r2, 2026-07-10.
    const history = [registered, lac, lookedAfterReviewHeld('2025-12-15'), lookedAfterReviewHeld('2026-03-10', { id: 'r2' })];
    const policy = { lookedAfterReviews: { laterMonths: 4 } };
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2026-07-10')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2026-07-11')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-07-10', evidence: ['r2'] });
  });

  it('follows the policy: first review in 10 working days, the second in 2 months', () => {
    // 10 working days after 2025-12-01: 2-5 Dec (4), 8-12 (9), Monday 15 Dec (10).
    const policy = { lookedAfterReviews: { firstWorkingDays: 10, secondMonths: 2 } };
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2025-12-15').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2025-12-16').flag(rule, 'C-1')).toMatchObject({ dueSince: '2025-12-15', measures: { workingDays: 11, limit: 10 } });
    // A review on 2025-12-15: the second due 2026-02-15.
    const history = [registered, lac, lookedAfterReviewHeld('2025-12-15', { id: 'r1' })];
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2026-02-15')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2026-02-16')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-02-15', evidence: ['r1'] });
  });
});

describe('HEALTH_ASSESSMENT_OVERDUE', () => {
  const rule = 'HEALTH_ASSESSMENT_OVERDUE';
  // Looked after from Monday 2025-12-01: the initial assessment is due by 2025-12-31, the
  // 20th working day after it (Christmas, Boxing Day and New Year's Day skipped; see above).
  const lac = becameLookedAfter('2025-12-01', { id: 'lac' });

  it('assesses only looked-after children, and nothing after CeasedLookedAfter', () => {
    expect(evaluating(registered).asOf('2026-06-01').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lac).asOf('2025-12-01').inScope(rule)).toEqual(['C-1']);
    const ceased = ceasedLookedAfter('2026-02-02');
    expect(evaluating(registered, lac, ceased).asOf('2026-02-01').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, lac, ceased).asOf('2026-02-02').inScope(rule)).toEqual([]);
  });

  it('flags no initial assessment after 20 working days, not on the 20th nor the bank holiday after', () => {
    expect(evaluating(registered, lac).asOf('2025-12-31').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac).asOf('2026-01-01').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac).asOf('2026-01-02').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2025-12-31',
      daysOverdue: 2,
      severity: 'amber',
      evidence: ['lac'],
      measures: { workingDays: 21, limit: 20 },
    });
    // 41 working days on Friday 2026-01-30 (see LOOKED_AFTER_REVIEW_OVERDUE): red.
    expect(evaluating(registered, lac).asOf('2026-01-29').flag(rule, 'C-1')?.severity).toBe('amber');
    expect(evaluating(registered, lac).asOf('2026-01-30').flag(rule, 'C-1')?.severity).toBe('red');
  });

  it('counts an initial assessment on the day the child became looked after', () => {
    // A child of 8: the next is due 12 months later, 2026-12-01.
    const history = [registered, lac, healthAssessmentCompleted('2025-12-01', { id: 'ha0' })];
    expect(
      evaluating(...history)
        .asOf('2026-12-01')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-12-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-12-01', daysOverdue: 1, evidence: ['ha0'] });
  });

  it('wants a new assessment within 12 months for a child of 5 or over, red after 24', () => {
    // Born April 2017, assessed 2026-01-20 at 8: due 2027-01-20; red after 2028-01-20.
    const history = [registered, lac, healthAssessmentCompleted('2026-01-20', { id: 'ha1' }), healthAssessmentCompleted('2027-02-01', { kind: 'review', id: 'ha2' })];
    const on = (asOf: string) =>
      evaluating(...history)
        .asOf(asOf)
        .flag(rule, 'C-1');
    expect(on('2026-01-19')).toMatchObject({ dueSince: '2025-12-31', evidence: ['lac'] });
    expect(on('2026-01-20')).toBeUndefined();
    expect(on('2026-07-21')).toBeUndefined();
    expect(on('2027-01-20')).toBeUndefined();
    expect(on('2027-01-21')).toMatchObject({ dueSince: '2027-01-20', daysOverdue: 1, severity: 'amber', evidence: ['ha1'], measures: { interval: '12 months' } });
    expect(on('2027-02-01')).toBeUndefined();
    expect(evaluating(registered, lac, healthAssessmentCompleted('2026-01-20')).asOf('2028-01-20').flag(rule, 'C-1')?.severity).toBe('amber');
    expect(evaluating(registered, lac, healthAssessmentCompleted('2026-01-20')).asOf('2028-01-21').flag(rule, 'C-1')?.severity).toBe('red');
  });

  it('wants a new assessment within 6 months for a child under 5 at the last one', () => {
    // Born June 2022, assessed 2026-01-20 aged 3: due 2026-07-20.
    const young = childRegistered('2022-07-01', { birthMonth: '2022-06' });
    const history = [young, lac, healthAssessmentCompleted('2026-01-20', { id: 'ha1' })];
    expect(
      evaluating(...history)
        .asOf('2026-07-20')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-07-21')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-07-20',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['ha1'],
      measures: { interval: '6 months' },
    });
  });

  it('sets the interval by the age at the assessment: 5 from the first of the birth month', () => {
    // Born June 2021: 4 on 2026-05-29, 5 from 2026-06-01.
    const born = childRegistered('2021-07-01', { birthMonth: '2021-06' });
    // Assessed at 4 on 2026-05-29: due 6 months later, 2026-11-29, though the child is 5 by then.
    const at4 = [born, lac, healthAssessmentCompleted('2026-05-29', { id: 'at-4' })];
    expect(
      evaluating(...at4)
        .asOf('2026-11-29')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...at4)
        .asOf('2026-11-30')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-11-29', evidence: ['at-4'], measures: { interval: '6 months' } });
    // Assessed at 5 on 2026-06-01: due 12 months later, 2027-06-01.
    const at5 = [born, lac, healthAssessmentCompleted('2026-06-01', { id: 'at-5' })];
    expect(
      evaluating(...at5)
        .asOf('2026-12-02')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...at5)
        .asOf('2027-06-01')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...at5)
        .asOf('2027-06-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2027-06-01', measures: { interval: '12 months' } });
  });

  it('does not count an assessment from an earlier episode of care', () => {
    // Looked after again from 2026-03-09: initial assessment due 2026-04-08 (Easter skipped, see above).
    const history = [registered, becameLookedAfter('2025-06-02'), healthAssessmentCompleted('2025-06-10'), ceasedLookedAfter('2025-09-01'), becameLookedAfter('2026-03-09', { id: 'again' })];
    expect(
      evaluating(...history)
        .asOf('2026-04-08')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-04-09')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-04-08', evidence: ['again'] });
  });

  it('brings the flag back when the assessment is voided', () => {
    const history = [registered, lac, healthAssessmentCompleted('2025-12-10', { id: 'ha1' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-05')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history, voiding('ha1', '2026-01-05'))
        .asOf('2026-01-05')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-12-31', evidence: ['lac'] });
  });

  it('does not see an assessment logged after knownAt', () => {
    const history = [registered, lac, healthAssessmentCompleted('2025-12-10', { id: 'ha1', recordedOn: '2026-01-08' })];
    expect(
      evaluating(...history)
        .asOf('2026-01-05', '2026-01-07')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-12-31', evidence: ['lac'] });
    expect(
      evaluating(...history)
        .asOf('2026-01-05', '2026-01-08')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
  });

  it('follows the policy: under 3 rather than under 5, every 4 months', () => {
    // Born June 2022, assessed 2026-01-20 aged 3: no longer "younger" under a 3-year limit.
    const young = childRegistered('2022-07-01', { birthMonth: '2022-06' });
    const history = [young, lac, healthAssessmentCompleted('2026-01-20', { id: 'ha1' })];
    expect(
      evaluating(...history)
        .withPolicy({ healthAssessments: { youngerThanAge: 3 } })
        .asOf('2026-07-21')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    // Under 5 with 4-month reviews: due 2026-05-20.
    expect(
      evaluating(...history)
        .withPolicy({ healthAssessments: { youngerMonths: 4 } })
        .asOf('2026-05-20')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .withPolicy({ healthAssessments: { youngerMonths: 4 } })
        .asOf('2026-05-21')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-05-20',
      measures: { interval: '4 months' },
    });
  });

  it('follows the policy: 6 months for older children too', () => {
    // Assessed 2026-01-20: due 2026-07-20 instead of 2027-01-20.
    const history = [registered, lac, healthAssessmentCompleted('2026-01-20', { id: 'ha1' })];
    const policy = { healthAssessments: { olderMonths: 6 } };
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2026-07-20')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .withPolicy(policy)
        .asOf('2026-07-21')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-07-20', measures: { interval: '6 months' } });
  });
});

describe('DENTAL_CHECK_OVERDUE', () => {
  const rule = 'DENTAL_CHECK_OVERDUE';
  // Looked after from 2025-03-10: looked after 12 months on 2026-03-10.
  const lac = becameLookedAfter('2025-03-10', { id: 'lac' });

  it('assesses only children looked after 12 months or more', () => {
    expect(evaluating(registered).asOf('2026-06-01').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lac).asOf('2026-03-09').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lac).asOf('2026-03-10').inScope(rule)).toEqual(['C-1']);
  });

  it('with no check, does not flag at 12 months of care, flags the day after, red after 24', () => {
    expect(evaluating(registered, lac).asOf('2026-03-10').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac).asOf('2026-03-11').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-10',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['lac'],
    });
    expect(evaluating(registered, lac).asOf('2027-03-10').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 365, severity: 'amber' });
    expect(evaluating(registered, lac).asOf('2027-03-11').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 366, severity: 'red' });
  });

  it('runs 12 months from the last check, answering the same history on several dates', () => {
    // d1 2025-09-15: due 2026-09-15. d2 2026-09-20 (late): due 2027-09-20.
    const history = [registered, lac, dentalCheckCompleted('2025-09-15', { id: 'd1' }), dentalCheckCompleted('2026-09-20', { id: 'd2' })];
    const on = (asOf: string) =>
      evaluating(...history)
        .asOf(asOf)
        .flag(rule, 'C-1');
    expect(
      evaluating(...history)
        .asOf('2025-12-01')
        .inScope(rule),
    ).toEqual([]);
    expect(on('2026-03-11')).toBeUndefined();
    expect(on('2026-09-15')).toBeUndefined();
    expect(on('2026-09-16')).toMatchObject({ dueSince: '2026-09-15', daysOverdue: 1, evidence: ['d1'] });
    expect(on('2026-09-19')).toMatchObject({ daysOverdue: 4 });
    expect(on('2026-09-20')).toBeUndefined();
    expect(on('2027-09-20')).toBeUndefined();
    expect(on('2027-09-21')).toMatchObject({ dueSince: '2027-09-20', evidence: ['d2'] });
  });

  it('follows a 6-month policy, due since before the child came into scope', () => {
    const policy = { dentalChecks: { months: 6 } };
    // No check: due 6 months after 2025-03-10, i.e. 2025-09-10, but assessed only from 2026-03-10.
    // Overdue by 181 days then (Sep 20 + Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 10);
    // amber on 2026-03-10 (12 months after the start is not more than 12), red from the next day.
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2026-03-09').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2026-03-10').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2025-09-10',
      daysOverdue: 181,
      severity: 'amber',
      evidence: ['lac'],
    });
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2026-03-11').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 182, severity: 'red' });
    // A check on 2025-09-15: due 2026-03-15.
    const checked = [registered, lac, dentalCheckCompleted('2025-09-15', { id: 'd1' })];
    expect(
      evaluating(...checked)
        .withPolicy(policy)
        .asOf('2026-03-15')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...checked)
        .withPolicy(policy)
        .asOf('2026-03-16')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-15', daysOverdue: 1, evidence: ['d1'] });
  });

  it('follows the policy for scope: looked after 6 months or more', () => {
    // Looked after 6 months on 2025-09-10; no check: due 12 months after the start, 2026-03-10.
    const policy = { dentalChecks: { afterLookedAfterMonths: 6 } };
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2025-09-09').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2025-09-10').inScope(rule)).toEqual(['C-1']);
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2026-03-10').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2026-03-11').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-10' });
  });

  it('counts only this episode of care, and nothing after CeasedLookedAfter', () => {
    const earlier = [becameLookedAfter('2023-01-09'), dentalCheckCompleted('2024-12-02'), ceasedLookedAfter('2025-01-06')];
    expect(
      evaluating(registered, ...earlier, lac)
        .asOf('2026-03-11')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-10', evidence: ['lac'] });
    const ceased = ceasedLookedAfter('2026-04-01');
    expect(evaluating(registered, lac, ceased).asOf('2026-03-31').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, lac, ceased).asOf('2026-04-01').inScope(rule)).toEqual([]);
  });

  it('brings the flag back when the check is voided', () => {
    const history = [registered, lac, dentalCheckCompleted('2025-09-15', { id: 'd1' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-11')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history, voiding('d1', '2026-03-11'))
        .asOf('2026-03-11')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-10', evidence: ['lac'] });
  });

  it('does not see a check logged after knownAt', () => {
    const history = [registered, lac, dentalCheckCompleted('2026-03-05', { id: 'd1', recordedOn: '2026-03-20' })];
    expect(
      evaluating(...history)
        .asOf('2026-03-15', '2026-03-19')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-10', daysOverdue: 5, evidence: ['lac'] });
    expect(
      evaluating(...history)
        .asOf('2026-03-15', '2026-03-20')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
  });
});

describe('short breaks (legal status V3 or V4)', () => {
  const registered = childRegistered('2015-02-02', { birthMonth: '2015-01' });
  const shortBreaks = becameLookedAfter('2026-01-05', { legalStatus: 'V4', id: 'breaks' });

  it('reviews on the short-break cadence: the first within 3 months, then every 6 months', () => {
    const rule = 'LOOKED_AFTER_REVIEW_OVERDUE';
    // 20 working days after 5 Jan (2 Feb) would flag full care; short breaks are due on 5 Apr.
    expect(evaluating(registered, shortBreaks).asOf('2026-04-05').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, shortBreaks).asOf('2026-04-06').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-04-05', daysOverdue: 1, evidence: ['breaks'] });
    const reviewed = lookedAfterReviewHeld('2026-03-02', { id: 'review' });
    expect(evaluating(registered, shortBreaks, reviewed).asOf('2026-09-02').flagged(rule)).toEqual([]);
    expect(evaluating(registered, shortBreaks, reviewed).asOf('2026-09-03').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-09-02', evidence: ['review'] });
    expect(
      evaluating(registered, shortBreaks)
        .withPolicy({ lookedAfterReviews: { shortBreakFirstMonths: 2 } })
        .asOf('2026-03-06')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-05' });
  });

  it('owes no health assessment or dental check on short breaks', () => {
    expect(evaluating(registered, shortBreaks).asOf('2027-03-01').inScope('HEALTH_ASSESSMENT_OVERDUE')).toEqual([]);
    expect(evaluating(registered, shortBreaks).asOf('2027-03-01').inScope('DENTAL_CHECK_OVERDUE')).toEqual([]);
    expect(
      evaluating(registered, becameLookedAfter('2026-01-05', { legalStatus: 'V3' }))
        .asOf('2027-03-01')
        .inScope('HEALTH_ASSESSMENT_OVERDUE'),
    ).toEqual([]);
  });

  it('starts the statutory clocks when short breaks become full care, from the change', () => {
    // To a care order on Monday 2 Mar: the 20th working day after is 30 Mar.
    const full = legalStatusChanged('2026-03-02', { legalStatus: 'C2', id: 'full' });
    const history = [registered, shortBreaks, full];
    for (const rule of ['LOOKED_AFTER_REVIEW_OVERDUE', 'HEALTH_ASSESSMENT_OVERDUE'] as const) {
      expect(
        evaluating(...history)
          .asOf('2026-03-30')
          .flagged(rule),
      ).toEqual([]);
      expect(
        evaluating(...history)
          .asOf('2026-03-31')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-03-30', evidence: ['full'] });
    }
    // Dental: 12 months in care counted from the change, not from the first short break.
    expect(
      evaluating(...history)
        .asOf('2027-02-01')
        .inScope('DENTAL_CHECK_OVERDUE'),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2027-03-03')
        .flag('DENTAL_CHECK_OVERDUE', 'C-1'),
    ).toMatchObject({ dueSince: '2027-03-02', evidence: ['full'] });
  });

  it('changes nothing when a legal status changes within full care (an interim order becoming a care order)', () => {
    const interim = becameLookedAfter('2026-01-05', { legalStatus: 'C1', id: 'interim' });
    const order = legalStatusChanged('2026-02-16', { legalStatus: 'C2' });
    for (const rule of ['LOOKED_AFTER_REVIEW_OVERDUE', 'HEALTH_ASSESSMENT_OVERDUE'] as const) {
      expect(evaluating(registered, interim, order).asOf('2026-03-02').flag(rule, 'C-1')).toEqual(evaluating(registered, interim).asOf('2026-03-02').flag(rule, 'C-1'));
      expect(evaluating(registered, interim, order).asOf('2026-03-02').flag(rule, 'C-1')).toMatchObject({ evidence: ['interim'] });
    }
  });

  it('leaves full care for short breaks out of the health and dental duties from the change', () => {
    const full = becameLookedAfter('2025-01-06', { legalStatus: 'C2' });
    const breaks = legalStatusChanged('2026-03-02', { legalStatus: 'V4' });
    expect(evaluating(registered, full).asOf('2026-04-01').inScope('HEALTH_ASSESSMENT_OVERDUE')).toEqual(['C-1']);
    expect(evaluating(registered, full, breaks).asOf('2026-04-01').inScope('HEALTH_ASSESSMENT_OVERDUE')).toEqual([]);
    expect(evaluating(registered, full, breaks).asOf('2026-04-01').inScope('DENTAL_CHECK_OVERDUE')).toEqual([]);
  });
});

describe('SDQ_OVERDUE', () => {
  const rule = 'SDQ_OVERDUE';
  // Born June 2015: 4 from 2019-06-01, 17 from 2032-06-01. In care from 2025-03-03: 12 months on 2026-03-03.
  const registered = childRegistered('2015-07-01', { birthMonth: '2015-06' });
  const care = becameLookedAfter('2025-03-03', { id: 'care' });

  it('comes into scope at 12 months in care, and flags the day after with none', () => {
    expect(evaluating(registered, care).asOf('2026-03-02').inScope(rule)).toEqual([]);
    expect(evaluating(registered, care).asOf('2026-03-03').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    expect(evaluating(registered, care).asOf('2026-03-04').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-03', daysOverdue: 1, severity: 'amber', evidence: ['care'] });
  });

  it('runs 12 months from the last questionnaire, a score or the reason for none, and turns red after 12 more', () => {
    const scored = sdqRecorded('2025-09-01', { id: 'scored' });
    expect(evaluating(registered, care, scored).asOf('2026-09-01').flagged(rule)).toEqual([]);
    expect(evaluating(registered, care, scored).asOf('2026-09-02').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-09-01', evidence: ['scored'] });
    expect(evaluating(registered, care, scored).asOf('2027-09-02').flag(rule, 'C-1')).toMatchObject({ severity: 'red' });
    const refused = sdqRecorded('2025-09-01', { score: undefined, notScored: 'refused' });
    expect(evaluating(registered, care, refused).asOf('2026-06-01').flagged(rule)).toEqual([]);
  });

  it('takes ages 4 to 16 (before 17), counting from the birth month', () => {
    const young = childRegistered('2022-04-01', { birthMonth: '2022-04' });
    const inCare = becameLookedAfter('2024-01-08');
    expect(evaluating(young, inCare).asOf('2026-03-31').inScope(rule)).toEqual([]);
    expect(evaluating(young, inCare).asOf('2026-04-01').flagged(rule)).toEqual(['C-1']);
    const old = childRegistered('2009-05-01', { birthMonth: '2009-05' });
    expect(evaluating(old, inCare).asOf('2026-04-30').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(old, inCare).asOf('2026-05-01').inScope(rule)).toEqual([]);
  });

  it('leaves out short breaks and counts 12 months from when they became full care', () => {
    const breaks = becameLookedAfter('2025-03-03', { legalStatus: 'V4' });
    expect(evaluating(registered, breaks).asOf('2026-06-01').inScope(rule)).toEqual([]);
    const full = legalStatusChanged('2025-06-02', { legalStatus: 'C2', id: 'full' });
    expect(evaluating(registered, breaks, full).asOf('2026-06-02').inScope(rule)).toEqual(['C-1']);
    expect(evaluating(registered, breaks, full).asOf('2026-06-03').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-06-02', evidence: ['full'] });
  });

  it('is flagged as known before a late-recorded questionnaire, and again when it is voided', () => {
    const late = sdqRecorded('2026-02-16', { recordedOn: '2026-03-20', id: 'late' });
    expect(evaluating(registered, care, late).asOf('2026-03-10', '2026-03-10').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, care, late).asOf('2026-03-10').flagged(rule)).toEqual([]);
    expect(evaluating(registered, care, late, voiding('late', '2026-03-25')).asOf('2026-03-10').flagged(rule)).toEqual(['C-1']);
  });
});
