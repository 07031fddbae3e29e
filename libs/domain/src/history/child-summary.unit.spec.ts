import { describe, expect, it } from '@jest/globals';
import {
  becameLookedAfter,
  caseAllocated,
  caseClosed,
  ceasedLookedAfter,
  childRegistered,
  cpPlanEnded,
  cpPlanStarted,
  personalAdviserAllocated,
  placementStarted,
  ploStageEntered,
  ploStageExited,
  timelineFor,
  voiding,
  type Entry,
} from '../testing/index.js';
import { ageBand, childSummary } from './child-summary.js';

const summary = (asOf: string, ...entries: Entry[]) => childSummary(timelineFor('child', 'C-1', entries), { asOf });

describe('age band', () => {
  it.each([
    ['2026-03', '2026-02-28', 'Unborn'],
    ['2026-03', '2026-03-01', 'Under 1'],
    ['2025-03', '2026-02-28', 'Under 1'],
    ['2025-03', '2026-03-01', '1 to 4'],
    ['2021-03', '2026-02-28', '1 to 4'],
    ['2021-03', '2026-03-01', '5 to 9'],
    ['2016-03', '2026-03-01', '10 to 15'],
    ['2010-04', '2026-03-31', '10 to 15'],
    ['2010-03', '2026-03-01', '16 to 17'],
    ['2008-03', '2026-02-28', '16 to 17'],
    ['2008-03', '2026-03-01', '18 and over'],
  ])('born %s, on %s: %s', (birthMonth, on, band) => {
    expect(ageBand(birthMonth, on)).toBe(band);
  });
});

describe('child summary', () => {
  const registered = childRegistered('2024-01-10', { birthMonth: '2017-04' });
  const allocated = caseAllocated('2024-02-01', { workerId: 'W-1', teamId: 'T-1' });

  it('says the age band, never the birth month, and a child in need while the case is open', () => {
    expect(summary('2026-06-30', registered, allocated)).toEqual({
      ageBand: '5 to 9',
      status: 'Child in need (open case)',
      plans: ['Child in need plan'],
      allocation: { workerId: 'W-1', teamId: 'T-1', from: '2024-02-01' },
    });
  });

  it('says a child registered but not allocated is not yet allocated, and a child with no birth month recorded has no band', () => {
    expect(summary('2026-06-30', childRegistered('2024-01-10', { birthMonth: '2017-04' }))).toEqual({ ageBand: '5 to 9', status: 'Not yet allocated', plans: [] });
    expect(summary('2026-06-30', caseAllocated('2024-02-01'))).toEqual({
      status: 'Child in need (open case)',
      plans: ['Child in need plan'],
      allocation: { workerId: 'W-1', teamId: 'T-1', from: '2024-02-01' },
    });
  });

  it('reads the view: nothing after the as-of date', () => {
    const plan = cpPlanStarted('2026-03-03', { category: 'emotional_abuse' });
    expect(summary('2026-03-02', registered, allocated, plan).status).toBe('Child in need (open case)');
    expect(summary('2026-03-03', registered, allocated, plan)).toMatchObject({
      status: 'On a child protection plan (emotional abuse)',
      plans: ['Child protection plan since 3 March 2026 (emotional abuse)'],
    });
    expect(summary('2026-05-01', registered, allocated, plan, cpPlanEnded('2026-05-01')).status).toBe('Child in need (open case)');
  });

  it('reads the view: a voided fact does not count once the void is known', () => {
    const plan = cpPlanStarted('2026-03-03', { id: 'plan' });
    const entries = [registered, allocated, plan, voiding('plan', '2026-04-01')];
    const timeline = timelineFor('child', 'C-1', entries);
    expect(childSummary(timeline, { asOf: '2026-06-30', knownAt: '2026-03-31' }).status).toBe('On a child protection plan (neglect)');
    expect(childSummary(timeline, { asOf: '2026-06-30' }).status).toBe('Child in need (open case)');
  });

  it('says a looked-after child, their legal status and care plan, and their placement with whether it is registered', () => {
    const entries = [registered, allocated, becameLookedAfter('2025-05-02', { legalStatus: 'C1' }), placementStarted('2025-05-02', { kind: 'residential', registered: false })];
    expect(summary('2026-06-30', ...entries)).toEqual({
      ageBand: '5 to 9',
      status: 'Looked after (interim care order)',
      plans: ['Care plan since 2 May 2025'],
      placement: { words: 'Residential placement P-1; unregistered provision; meets assessed needs; not intended to last until 18', since: '2025-05-02' },
      allocation: { workerId: 'W-1', teamId: 'T-1', from: '2024-02-01' },
    });
  });

  it('words no legal status it does not know, rather than show a code', () => {
    expect(summary('2026-06-30', registered, allocated, becameLookedAfter('2025-05-02', { legalStatus: 'X9' })).status).toBe('Looked after');
  });

  it('says a care leaver (left care at 16 or over) and their pathway plan and adviser; a child who left care younger is not one', () => {
    const older = childRegistered('2020-01-10', { birthMonth: '2008-03' });
    const leaver = [older, allocated, becameLookedAfter('2023-01-01'), personalAdviserAllocated('2024-04-01'), ceasedLookedAfter('2025-03-01')];
    expect(summary('2026-06-30', ...leaver)).toEqual({
      ageBand: '18 and over',
      status: 'Care leaver (left care on 1 March 2025)',
      plans: ['Pathway plan'],
      allocation: { workerId: 'W-1', teamId: 'T-1', from: '2024-02-01' },
      personalAdviserId: 'W-PA',
    });
    expect(summary('2026-06-30', registered, allocated, becameLookedAfter('2025-01-01'), ceasedLookedAfter('2025-03-01')).status).toBe('Child in need (open case)');
  });

  it('says a closed case, with its last worker and the day it closed', () => {
    expect(summary('2026-06-30', registered, allocated, caseClosed('2026-01-15'))).toEqual({
      ageBand: '5 to 9',
      status: 'Case closed on 15 January 2026',
      plans: [],
      allocation: { workerId: 'W-1', teamId: 'T-1', from: '2024-02-01', to: '2026-01-15' },
    });
  });

  it('says the allocation on the date after a change of worker', () => {
    expect(summary('2026-06-30', registered, allocated, caseAllocated('2026-04-01', { workerId: 'W-2', teamId: 'T-2' })).allocation).toEqual({ workerId: 'W-2', teamId: 'T-2', from: '2026-04-01' });
  });

  it('says the Public Law Outline stage the child is in, until they leave it', () => {
    const entered = ploStageEntered('2026-02-01', { stage: 'care_proceedings' });
    expect(summary('2026-06-30', registered, allocated, entered).plo).toEqual({ words: 'Care proceedings', since: '2026-02-01' });
    expect(summary('2026-06-30', registered, allocated, entered, ploStageExited('2026-06-01', { stage: 'care_proceedings', outcome: 'order_made' })).plo).toBeUndefined();
  });
});
