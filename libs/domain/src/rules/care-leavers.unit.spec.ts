import { describe, expect, it } from '@jest/globals';
import {
  becameLookedAfter,
  careLeaverContactRecorded,
  ceasedLookedAfter,
  childRegistered,
  evaluating,
  personalAdviserAllocated,
  planReviewed,
  voiding,
  workerJoined,
  workerLeft,
} from '../testing/index.js';

describe('PATHWAY_PLAN_REVIEW_OVERDUE', () => {
  const rule = 'PATHWAY_PLAN_REVIEW_OVERDUE';
  // Born March 2009: 16 from 2025-03-01, 21 from 2030-03-01.
  const registered = childRegistered('2023-11-01', { birthMonth: '2009-03' });
  const lac = becameLookedAfter('2024-01-08', { id: 'lac' });
  // Left care on 2026-02-02, aged 16: with no review since, due 6 months later, 2026-08-02.
  const left = ceasedLookedAfter('2026-02-02', { id: 'left' });
  const pathway = (on: string, id: string) => planReviewed(on, { plan: 'pathway', id });

  describe('scope', () => {
    it('assesses a care leaver from the day they leave care, not while looked after', () => {
      expect(evaluating(registered).asOf('2026-03-01').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac, left).asOf('2026-02-01').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac, left).asOf('2026-02-02').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    });

    it('leaves out a child who left care before 16, counting 16 from the first of the birth month', () => {
      expect(evaluating(registered, lac, ceasedLookedAfter('2025-02-28')).asOf('2025-06-01').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac, ceasedLookedAfter('2025-03-01')).asOf('2025-06-01').inScope(rule)).toEqual(['C-1']);
    });

    it('assesses care leavers until 21', () => {
      expect(evaluating(registered, lac, left).asOf('2030-02-28').flagged(rule)).toEqual(['C-1']);
      expect(evaluating(registered, lac, left).asOf('2030-03-01').inScope(rule)).toEqual([]);
    });

    it('leaves out a care leaver who comes back into care', () => {
      const back = becameLookedAfter('2026-06-01');
      expect(evaluating(registered, lac, left, back).asOf('2026-09-01').inScope(rule)).toEqual([]);
    });
  });

  it('does not flag at exactly 6 months after leaving care with no review, flags the day after', () => {
    expect(evaluating(registered, lac, left).asOf('2026-08-02').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac, left).asOf('2026-08-03').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-08-02',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['left'],
    });
  });

  it('turns red more than 12 months after the clock started', () => {
    // From 2026-08-02 to 2027-02-02: 31 + 30 + 31 + 30 + 31 + 31 = 184 days.
    expect(evaluating(registered, lac, left).asOf('2027-02-02').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 184, severity: 'amber' });
    expect(evaluating(registered, lac, left).asOf('2027-02-03').flag(rule, 'C-1')).toMatchObject({ daysOverdue: 185, severity: 'red' });
  });

  it('runs 6 months from the last pathway review, answering the same history on several dates', () => {
    // Reviews 2026-05-29 (due 2026-11-29) and 2026-12-10 (due 2027-06-10).
    const history = [registered, lac, left, pathway('2026-05-29', 'pw1'), pathway('2026-12-10', 'pw2')];
    const on = (asOf: string) =>
      evaluating(...history)
        .asOf(asOf)
        .flag(rule, 'C-1');
    expect(on('2026-08-03')).toBeUndefined();
    expect(on('2026-11-29')).toBeUndefined();
    expect(on('2026-11-30')).toMatchObject({ dueSince: '2026-11-29', daysOverdue: 1, evidence: ['pw1'] });
    expect(on('2026-12-09')).toMatchObject({ daysOverdue: 10 });
    expect(on('2026-12-10')).toBeUndefined();
    expect(on('2027-06-10')).toBeUndefined();
    expect(on('2027-06-11')).toMatchObject({ dueSince: '2027-06-10', evidence: ['pw2'] });
  });

  it('counts a pathway review held while still looked after, from 16', () => {
    // Reviewed on 2025-11-10, before leaving: due 2026-05-10, only 3 months after leaving.
    const history = [registered, lac, pathway('2025-11-10', 'before-leaving'), left];
    expect(
      evaluating(...history)
        .asOf('2026-05-10')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history)
        .asOf('2026-05-11')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-05-10', evidence: ['before-leaving'] });
  });

  it('does not count a review before the 16th birthday, nor a review of another plan', () => {
    // Left on 2025-06-02: due 2025-12-02 from leaving, unless reviewed since 2025-03-01.
    const left16 = ceasedLookedAfter('2025-06-02', { id: 'left16' });
    const at15 = [registered, lac, pathway('2025-02-28', 'at-15'), left16];
    expect(
      evaluating(...at15)
        .asOf('2025-12-02')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...at15)
        .asOf('2025-12-03')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-12-02', evidence: ['left16'] });
    // Reviewed on the 16th birthday itself: due 2025-09-01.
    const at16 = [registered, lac, pathway('2025-03-01', 'at-16'), left16];
    expect(
      evaluating(...at16)
        .asOf('2025-09-01')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...at16)
        .asOf('2025-09-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2025-09-01', evidence: ['at-16'] });
    const other = planReviewed('2026-05-29', { plan: 'child_in_need' });
    expect(evaluating(registered, lac, left, other).asOf('2026-08-03').flag(rule, 'C-1')).toMatchObject({ evidence: ['left'] });
  });

  it('brings the flag back when the review is voided; voiding the leaving makes the child looked after again', () => {
    const history = [registered, lac, left, pathway('2026-05-29', 'pw1')];
    expect(
      evaluating(...history)
        .asOf('2026-08-03')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    expect(
      evaluating(...history, voiding('pw1', '2026-08-03'))
        .asOf('2026-08-03')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-08-02', evidence: ['left'] });
    expect(evaluating(registered, lac, left, voiding('left', '2026-08-03')).asOf('2026-08-03').inScope(rule)).toEqual([]);
  });

  it('honours knownAt: a review logged late, and a leaving logged late', () => {
    const lateReview = [registered, lac, left, planReviewed('2026-07-20', { plan: 'pathway', id: 'pw1', recordedOn: '2026-08-10' })];
    expect(
      evaluating(...lateReview)
        .asOf('2026-08-05', '2026-08-09')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-08-02', daysOverdue: 3, evidence: ['left'] });
    expect(
      evaluating(...lateReview)
        .asOf('2026-08-05', '2026-08-10')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
    const lateLeaving = [registered, lac, ceasedLookedAfter('2026-02-02', { id: 'left', recordedOn: '2026-08-10' })];
    expect(
      evaluating(...lateLeaving)
        .asOf('2026-08-05', '2026-08-09')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...lateLeaving)
        .asOf('2026-08-05', '2026-08-10')
        .flag(rule, 'C-1'),
    ).toMatchObject({ evidence: ['left'] });
  });

  it('follows the policy: reviews every 3 months, until 22', () => {
    const policy = { pathwayPlans: { reviewMonths: 3, untilAge: 22 } };
    // 3 months after leaving on 2026-02-02: 2026-05-02.
    expect(evaluating(registered, lac, left).withPolicy(policy).asOf('2026-05-02').flag(rule, 'C-1')).toBeUndefined();
    expect(evaluating(registered, lac, left).withPolicy(policy).asOf('2026-05-03').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-05-02' });
    expect(evaluating(registered, lac, left).withPolicy(policy).asOf('2031-02-28').flagged(rule)).toEqual(['C-1']);
    expect(evaluating(registered, lac, left).withPolicy(policy).asOf('2031-03-01').inScope(rule)).toEqual([]);
  });
});

describe('NO_PERSONAL_ADVISER', () => {
  const rule = 'NO_PERSONAL_ADVISER';
  // Born March 2010: treated as 16 from 2026-03-01.
  const registered = childRegistered('2024-04-01', { birthMonth: '2010-03' });
  const lac = becameLookedAfter('2024-05-06', { id: 'lac' });
  const adviser = workerJoined('2025-01-06', { workerId: 'W-PA', role: 'personal_adviser', caseHolding: false });
  const allocated = personalAdviserAllocated('2026-02-10', { id: 'alloc' });

  describe('scope', () => {
    it('assesses a looked-after child from the first of the month they turn 16', () => {
      expect(evaluating(registered, lac).asOf('2026-02-28').inScope(rule)).toEqual([]);
      expect(evaluating(registered, lac).asOf('2026-03-01').inScope(rule)).toEqual(['C-1']);
      expect(evaluating(registered).asOf('2026-03-01').inScope(rule)).toEqual([]);
    });

    it('leaves out a child no longer looked after, even with no adviser', () => {
      const ceased = ceasedLookedAfter('2026-04-01');
      expect(evaluating(registered, lac, ceased).asOf('2026-03-31').flagged(rule)).toEqual(['C-1']);
      expect(evaluating(registered, lac, ceased).asOf('2026-04-01').inScope(rule)).toEqual([]);
    });
  });

  it('flags from the 16th birthday with no adviser allocated: a condition, with no grace period', () => {
    expect(evaluating(registered, lac).asOf('2026-03-01').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-01',
      daysOverdue: 0,
      severity: 'amber',
      evidence: ['lac'],
      measures: { reason: 'none allocated' },
    });
    // 2026-03-01 to 2026-04-15: 31 + 14 days. It stays amber: the table names no red.
    expect(evaluating(registered, lac).asOf('2026-04-15').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-03-01', daysOverdue: 45, severity: 'amber' });
  });

  it('does not flag a child with an adviser allocated before 16 and in post', () => {
    expect(evaluating(registered, lac, adviser, allocated).asOf('2026-03-01').assessment(rule, 'C-1')).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
  });

  it('answers the same history on several dates: allocated late, the adviser leaves, a new one', () => {
    const history = [
      registered,
      lac,
      adviser,
      workerJoined('2025-01-06', { workerId: 'W-PA2', role: 'personal_adviser', caseHolding: false }),
      personalAdviserAllocated('2026-03-20', { id: 'alloc' }),
      workerLeft('2026-05-15', { workerId: 'W-PA' }),
      personalAdviserAllocated('2026-06-01', { workerId: 'W-PA2', id: 'alloc2' }),
    ];
    const on = (asOf: string) =>
      evaluating(...history)
        .asOf(asOf)
        .flag(rule, 'C-1');
    expect(on('2026-03-19')).toMatchObject({ dueSince: '2026-03-01', daysOverdue: 18, evidence: ['lac'] });
    expect(on('2026-03-20')).toBeUndefined();
    // In post on the day they leave; the breach runs from the day after.
    expect(on('2026-05-15')).toBeUndefined();
    expect(on('2026-05-16')).toMatchObject({ dueSince: '2026-05-16', daysOverdue: 0, evidence: ['alloc'], measures: { reason: 'adviser left' } });
    expect(on('2026-05-31')).toMatchObject({ dueSince: '2026-05-16', daysOverdue: 15 });
    expect(on('2026-06-01')).toBeUndefined();
  });

  it('runs the breach from the 16th birthday when the adviser left before it', () => {
    const history = [registered, lac, adviser, personalAdviserAllocated('2025-11-03', { id: 'alloc' }), workerLeft('2026-01-30', { workerId: 'W-PA' })];
    expect(
      evaluating(...history)
        .asOf('2026-02-28')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-02')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-01', daysOverdue: 1, measures: { reason: 'adviser left' } });
  });

  it('runs the breach from coming into care when that is after 16', () => {
    const entered = becameLookedAfter('2026-04-20', { id: 'entered' });
    expect(evaluating(registered, entered).asOf('2026-04-19').inScope(rule)).toEqual([]);
    expect(evaluating(registered, entered).asOf('2026-04-20').flag(rule, 'C-1')).toMatchObject({ dueSince: '2026-04-20', daysOverdue: 0, evidence: ['entered'] });
  });

  it('brings the flag back when the allocation is voided', () => {
    expect(evaluating(registered, lac, adviser, allocated, voiding('alloc', '2026-03-05')).asOf('2026-03-05').flag(rule, 'C-1')).toMatchObject({
      dueSince: '2026-03-01',
      daysOverdue: 4,
      evidence: ['lac'],
      measures: { reason: 'none allocated' },
    });
  });

  it('counts the adviser in post again when their leaving is voided', () => {
    const history = [registered, lac, adviser, allocated, workerLeft('2026-05-15', { workerId: 'W-PA', id: 'pa-left' })];
    expect(
      evaluating(...history)
        .asOf('2026-05-20')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history, voiding('pa-left', '2026-05-20'))
        .asOf('2026-05-20')
        .flag(rule, 'C-1'),
    ).toBeUndefined();
  });

  describe('knownAt', () => {
    it('does not see an allocation logged after knownAt', () => {
      const history = [registered, lac, adviser, personalAdviserAllocated('2026-02-10', { id: 'alloc', recordedOn: '2026-03-10' })];
      expect(
        evaluating(...history)
          .asOf('2026-03-05', '2026-03-09')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-03-01', evidence: ['lac'] });
      expect(
        evaluating(...history)
          .asOf('2026-03-05', '2026-03-10')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
    });

    it('counts the adviser in post until their leaving is known', () => {
      const history = [registered, lac, adviser, allocated, workerLeft('2026-05-15', { workerId: 'W-PA', recordedOn: '2026-06-01' })];
      expect(
        evaluating(...history)
          .asOf('2026-05-20', '2026-05-31')
          .flag(rule, 'C-1'),
      ).toBeUndefined();
      expect(
        evaluating(...history)
          .asOf('2026-05-20', '2026-06-01')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-05-16', daysOverdue: 4 });
    });
  });

  it('follows the policy: advisers from 15', () => {
    // Born March 2010: 15 from 2025-03-01.
    const policy = { personalAdvisers: { fromAge: 15 } };
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2025-02-28').inScope(rule)).toEqual([]);
    expect(evaluating(registered, lac).withPolicy(policy).asOf('2025-03-01').flag(rule, 'C-1')).toMatchObject({ dueSince: '2025-03-01', daysOverdue: 0 });
  });
});

describe('care leavers: contact, and where they live', () => {
  // Born March 2008: 16 from 2024-03-01, 21 from 2029-03-01; left care on 2025-06-02, aged 17.
  const history = [childRegistered('2022-01-04', { birthMonth: '2008-03' }), becameLookedAfter('2022-05-03'), ceasedLookedAfter('2025-06-02')];
  const notInTouch = (on: string, extra: Record<string, unknown> = {}) =>
    careLeaverContactRecorded(on, { inTouch: 'no', accommodation: undefined, accommodationSuitable: undefined, activity: undefined, ...extra });

  describe('CARE_LEAVER_NOT_IN_TOUCH', () => {
    const rule = 'CARE_LEAVER_NOT_IN_TOUCH';

    it('judges a care leaver only once a contact record since leaving care says something', () => {
      expect(
        evaluating(...history)
          .asOf('2026-03-31')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(...history.slice(0, 2), notInTouch('2025-01-06'))
          .asOf('2026-03-31')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(...history, careLeaverContactRecorded('2026-03-02'))
          .asOf('2026-03-31')
          .assessment(rule, 'C-1'),
      ).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    });

    it('does not flag within 28 days of a record saying not in touch, flags the day after; red after as long again', () => {
      const history2 = [...history, notInTouch('2026-03-02', { id: 'lost' })];
      expect(
        evaluating(...history2)
          .asOf('2026-03-30')
          .flagged(rule),
      ).toEqual([]);
      expect(
        evaluating(...history2)
          .asOf('2026-03-31')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-03-30', daysOverdue: 1, severity: 'amber', evidence: ['lost'], measures: { since: '2026-03-02' } });
      expect(
        evaluating(...history2)
          .asOf('2026-04-27')
          .flag(rule, 'C-1'),
      ).toMatchObject({ severity: 'amber', daysOverdue: 28 });
      expect(
        evaluating(...history2)
          .asOf('2026-04-28')
          .flag(rule, 'C-1'),
      ).toMatchObject({ severity: 'red', daysOverdue: 29 });
    });

    it('clears when a later record says they are back in touch, and does not count a refusal, a return home or no longer needing contact', () => {
      expect(
        evaluating(...history, notInTouch('2026-03-02'), careLeaverContactRecorded('2026-04-10'))
          .asOf('2026-05-01')
          .flagged(rule),
      ).toEqual([]);
      for (const inTouch of ['refused', 'returned_home', 'not_required'])
        expect(
          evaluating(...history, notInTouch('2026-03-02', { inTouch }))
            .asOf('2026-05-01')
            .flagged(rule),
        ).toEqual([]);
    });

    it('stops at 21, and takes its days and age from the policy', () => {
      const lost = [...history, notInTouch('2026-03-02')];
      expect(
        evaluating(...lost)
          .asOf('2029-03-01')
          .inScope(rule),
      ).toEqual([]);
      expect(
        evaluating(...lost)
          .withPolicy({ careLeaverContact: { notInTouchDays: 7, untilAge: 25 } })
          .asOf('2026-03-10')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-03-09' });
    });

    it('is flagged as known before a late-recorded contact, and again when that contact is voided', () => {
      const back = careLeaverContactRecorded('2026-03-20', { recordedOn: '2026-04-20', id: 'back' });
      const lost = [...history, notInTouch('2026-03-02'), back];
      expect(
        evaluating(...lost)
          .asOf('2026-04-10', '2026-04-10')
          .flagged(rule),
      ).toEqual(['C-1']);
      expect(
        evaluating(...lost)
          .asOf('2026-04-10')
          .flagged(rule),
      ).toEqual([]);
      expect(
        evaluating(...lost, voiding('back', '2026-04-25'))
          .asOf('2026-04-10')
          .flagged(rule),
      ).toEqual(['C-1']);
    });
  });

  describe('CARE_LEAVER_UNSUITABLE_ACCOMMODATION', () => {
    const rule = 'CARE_LEAVER_UNSUITABLE_ACCOMMODATION';

    it('flags bed and breakfast or no fixed abode whatever the record says of suitability, after 14 days', () => {
      for (const accommodation of ['bed_and_breakfast', 'no_fixed_abode'] as const) {
        const housed = [...history, careLeaverContactRecorded('2026-03-02', { accommodation, accommodationSuitable: true, id: 'housed' })];
        expect(
          evaluating(...housed)
            .asOf('2026-03-16')
            .flagged(rule),
        ).toEqual([]);
        expect(
          evaluating(...housed)
            .asOf('2026-03-17')
            .flag(rule, 'C-1'),
        ).toMatchObject({ dueSince: '2026-03-16', daysOverdue: 1, severity: 'amber', evidence: ['housed'], measures: { accommodation } });
      }
    });

    it('flags accommodation recorded as not suitable, and not suitable accommodation', () => {
      expect(
        evaluating(...history, careLeaverContactRecorded('2026-03-02', { accommodationSuitable: false }))
          .asOf('2026-03-31')
          .flagged(rule),
      ).toEqual(['C-1']);
      expect(
        evaluating(...history, careLeaverContactRecorded('2026-03-02'))
          .asOf('2026-03-31')
          .assessment(rule, 'C-1'),
      ).toEqual({ rule, subject: { type: 'child', id: 'C-1' } });
    });

    it('turns red after as long again, and clears when a later record has them suitably housed', () => {
      const bnb = [...history, careLeaverContactRecorded('2026-03-02', { accommodation: 'bed_and_breakfast' })];
      expect(
        evaluating(...bnb)
          .asOf('2026-03-30')
          .flag(rule, 'C-1'),
      ).toMatchObject({ severity: 'amber', daysOverdue: 14 });
      expect(
        evaluating(...bnb)
          .asOf('2026-03-31')
          .flag(rule, 'C-1'),
      ).toMatchObject({ severity: 'red', daysOverdue: 15 });
      expect(
        evaluating(...bnb, careLeaverContactRecorded('2026-04-01'))
          .asOf('2026-04-30')
          .flagged(rule),
      ).toEqual([]);
    });

    it('does not judge where someone lives when the latest record says they are not in touch', () => {
      const bnb = [...history, careLeaverContactRecorded('2026-03-02', { accommodation: 'bed_and_breakfast' }), notInTouch('2026-03-10')];
      expect(
        evaluating(...bnb)
          .asOf('2026-04-30')
          .inScope(rule),
      ).toEqual([]);
    });

    it('takes the days allowed from the policy: 0 flags from the day after', () => {
      const bnb = [...history, careLeaverContactRecorded('2026-03-02', { accommodation: 'bed_and_breakfast' })];
      expect(
        evaluating(...bnb)
          .withPolicy({ careLeaverAccommodation: { unsuitableDays: 0, untilAge: 21 } })
          .asOf('2026-03-03')
          .flag(rule, 'C-1'),
      ).toMatchObject({ dueSince: '2026-03-02', daysOverdue: 1 });
    });
  });
});
