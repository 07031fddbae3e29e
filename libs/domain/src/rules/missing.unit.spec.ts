import { describe, expect, it } from '@jest/globals';
import { caseAllocated, caseClosed, childRegistered, childReturned, childWentMissing, evaluating, returnInterviewOffered, voiding } from '../testing/index.js';

describe('RETURN_INTERVIEW_OVERDUE', () => {
  const rule = 'RETURN_INTERVIEW_OVERDUE';
  const registered = childRegistered('2012-05-01');
  const open = caseAllocated('2026-01-05');
  const missing = childWentMissing('2026-03-01', { id: 'missing' });
  // Back on Monday 2 March: 72 hours later is Thursday 5 March.
  const back = childReturned('2026-03-02', { id: 'back' });
  const history = [registered, open, missing, back];

  it('leaves out a child who never went missing, or who is still missing', () => {
    expect(evaluating(registered, open).asOf('2026-03-10').inScope(rule)).toEqual([]);
    expect(evaluating(registered, open, missing).asOf('2026-03-10').inScope(rule)).toEqual([]);
    expect(
      evaluating(...history)
        .asOf('2026-03-01')
        .inScope(rule),
    ).toEqual([]);
  });

  it('does not flag within 72 hours of the return, flags the day after', () => {
    expect(
      evaluating(...history)
        .asOf('2026-03-05')
        .assessment(rule, 'C-1'),
    ).toEqual({ rule, subject: { type: 'child', id: 'C-1' }, teamId: 'T-1', workerId: 'W-1' });
    expect(
      evaluating(...history)
        .asOf('2026-03-06')
        .flag(rule, 'C-1'),
    ).toMatchObject({
      dueSince: '2026-03-05',
      daysOverdue: 1,
      severity: 'amber',
      evidence: ['missing', 'back'],
      measures: { episodeId: 'M-1', returnedOn: '2026-03-02' },
    });
  });

  it('turns red when over by as long again', () => {
    expect(
      evaluating(...history)
        .asOf('2026-03-08')
        .flag(rule, 'C-1'),
    ).toMatchObject({ severity: 'amber', daysOverdue: 3 });
    expect(
      evaluating(...history)
        .asOf('2026-03-09')
        .flag(rule, 'C-1'),
    ).toMatchObject({ severity: 'red', daysOverdue: 4 });
  });

  it('is satisfied by an interview offered for that episode, accepted or not, on time or late', () => {
    expect(
      evaluating(...history, returnInterviewOffered('2026-03-04', { accepted: false }))
        .asOf('2026-03-20')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, returnInterviewOffered('2026-03-12'))
        .asOf('2026-03-11')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history, returnInterviewOffered('2026-03-12'))
        .asOf('2026-03-12')
        .inScope(rule),
    ).toEqual([]);
  });

  it("judges the latest episode: an earlier episode's interview does not count, and a new episode suspends the clock", () => {
    const earlier = [childWentMissing('2026-01-10', { episodeId: 'M-0' }), childReturned('2026-01-11', { episodeId: 'M-0' }), returnInterviewOffered('2026-01-12', { episodeId: 'M-0' })];
    expect(
      evaluating(registered, open, ...earlier, missing, back)
        .asOf('2026-03-06')
        .flagged(rule),
    ).toEqual(['C-1']);
    const again = childWentMissing('2026-03-05', { episodeId: 'M-2' });
    expect(
      evaluating(...history, again)
        .asOf('2026-03-10')
        .inScope(rule),
    ).toEqual([]);
  });

  it('leaves out an absence from placement (away), and a closed case', () => {
    const away = [childWentMissing('2026-03-01', { kind: 'away' }), childReturned('2026-03-02')];
    expect(
      evaluating(registered, open, ...away)
        .asOf('2026-03-10')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, caseClosed('2026-03-07'))
        .asOf('2026-03-10')
        .inScope(rule),
    ).toEqual([]);
  });

  it('takes the limit in whole days of hours from the policy, and refuses hours that are not whole days', () => {
    expect(
      evaluating(...history)
        .withPolicy({ returnInterviews: { hours: 48 } })
        .asOf('2026-03-05')
        .flag(rule, 'C-1'),
    ).toMatchObject({ dueSince: '2026-03-04' });
    expect(() => evaluating(...history).withPolicy({ returnInterviews: { hours: 60 } })).toThrow(/multiple of 24/);
  });

  it('is flagged as known before a late-recorded offer, and again when the offer is voided', () => {
    const late = returnInterviewOffered('2026-03-04', { recordedOn: '2026-03-20', id: 'offer' });
    expect(
      evaluating(...history, late)
        .asOf('2026-03-10', '2026-03-10')
        .flagged(rule),
    ).toEqual(['C-1']);
    expect(
      evaluating(...history, late)
        .asOf('2026-03-10', '2026-03-20')
        .inScope(rule),
    ).toEqual([]);
    expect(
      evaluating(...history, late, voiding('offer', '2026-03-25'))
        .asOf('2026-03-30')
        .flagged(rule),
    ).toEqual(['C-1']);
  });
});
