import { z } from 'zod';
import type { IsoDate } from '../dates.js';
import { assess, breach, breachStart, type Assessment } from './flag.js';
import { defineRule, LETTER_2018 } from './rule-definition.js';
import { EMPLOYMENT_FACTS, employmentDates, supervisedWorkers } from './supervision.js';
import { perFteLimit } from './threshold-fields.js';
import { covers, employmentOn, teamOn, type Allocation, type WorkerView, type World } from './world.js';
import { count, figure } from './wording.js';

/**
 * The open allocations as evidence, oldest first (then by child): the same order
 * whatever order the children were read in (stores, slices and processes differ).
 */
const evidenceOf = (open: Allocation[]): string[] =>
  [...open].sort((a, b) => a.from.localeCompare(b.from) || a.childId.localeCompare(b.childId) || a.eventId.localeCompare(b.eventId)).map((a) => a.eventId);

function boundaries(allocations: Allocation[]): IsoDate[] {
  const dates: IsoDate[] = [];
  for (const a of allocations) {
    dates.push(a.from);
    if (a.to) dates.push(a.to);
  }
  return dates;
}
const round2 = (n: number) => Math.round(n * 100) / 100;

const caseloadPolicy = z.strictObject({ maxPerFte: perFteLimit, newlyQualifiedMaxPerFte: perFteLimit });
const teamCaseloadPolicy = z.strictObject({ maxPerFte: perFteLimit });

/** CASELOAD_HIGH: open cases allocated to a case-holding worker, per FTE, above the limit for their role. */
export function caseloadHigh(world: World, policy: z.output<typeof caseloadPolicy>): Assessment[] {
  const byWorker = allocationsBy(world, (a) => a.workerId);
  return supervisedWorkers(world).map(({ worker, employment, teamId }) => {
    const allocations = byWorker.get(worker.id) ?? [];
    const limit = employment.role === 'newly_qualified' ? policy.newlyQualifiedMaxPerFte : policy.maxPerFte;
    const openOn = openCounter(allocations);
    const perFteOn = (d: IsoDate) => openOn(d) / employment.fte;
    const perFte = perFteOn(world.asOf);
    const subject = { type: 'worker' as const, id: worker.id };
    if (perFte <= limit) return assess('CASELOAD_HIGH', subject, { teamId }, undefined);
    const holdsOn = (d: IsoDate) => employmentOn(worker, d) === employment && perFteOn(d) > limit;
    const start = breachStart(world.asOf, holdsOn, [...boundaries(allocations), ...employmentDates(employment)]);
    const open = allocations.filter((a) => covers(a, world.asOf));
    const measures = { openCases: open.length, fte: employment.fte, casesPerFte: round2(perFte), limit };
    return assess('CASELOAD_HIGH', subject, { teamId }, breach(start, world.asOf, perFte > 2 * limit ? 'red' : 'amber', evidenceOf(open), measures));
  });
}

/**
 * TEAM_CASELOAD_HIGH: a team's open cases (by the team named in each case's
 * latest allocation) per FTE of its case-holding workers. A team holding cases
 * with no case-holding FTE at all is red. `named` (default: every team in scope)
 * limits it to those of the teams in scope: the flag read model derives one team at a time.
 */
export function teamCaseloadHigh(world: World, policy: z.output<typeof teamCaseloadPolicy>, named?: string[]): Assessment[] {
  const limit = policy.maxPerFte;
  const teams = named ? teamsOn(world).filter((t) => named.includes(t)) : teamsOn(world);
  const byTeam = allocationsBy(world, (a) => a.teamId);
  return teams.map((teamId) => {
    const allocations = byTeam.get(teamId) ?? [];
    const members = world.workers.filter((w) => w.teamChanges.some((c) => c.teamId === teamId));
    const openOn = openCounter(allocations);
    const ratioOn = (d: IsoDate) => {
      const cases = openOn(d);
      const fte = teamFte(members, teamId, d);
      return { cases, fte, perFte: fte > 0 ? cases / fte : cases > 0 ? Infinity : 0 };
    };
    const now = ratioOn(world.asOf);
    const subject = { type: 'team' as const, id: teamId };
    if (now.perFte <= limit) return assess('TEAM_CASELOAD_HIGH', subject, { teamId }, undefined);
    const staffDates = members.flatMap((w) => [...w.employments.flatMap(employmentDates), ...w.teamChanges.map((c) => c.on)]);
    const start = breachStart(world.asOf, (d) => ratioOn(d).perFte > limit, [...boundaries(allocations), ...staffDates]);
    const open = allocations.filter((a) => covers(a, world.asOf));
    const measures = { openCases: now.cases, caseHoldingFte: round2(now.fte), casesPerFte: Number.isFinite(now.perFte) ? round2(now.perFte) : 'no case-holding staff', limit };
    return assess('TEAM_CASELOAD_HIGH', subject, { teamId }, breach(start, world.asOf, now.perFte > 2 * limit ? 'red' : 'amber', evidenceOf(open), measures));
  });
}

/** FTE of the case-holding workers in a team on a date (`members`: everyone ever in it). */
function teamFte(members: WorkerView[], teamId: string, on: IsoDate): number {
  let fte = 0;
  for (const w of members) {
    const e = employmentOn(w, on);
    if (e?.caseHolding && teamOn(w, on) === teamId) fte += e.fte;
  }
  return fte;
}

/** Teams in scope on the date: those with case-holding staff or open cases, sorted. */
export function teamsOn(world: World): string[] {
  const teams = new Set<string>();
  for (const { teamId } of supervisedWorkers(world)) if (teamId) teams.add(teamId);
  for (const c of world.children) for (const a of c.allocations) if (covers(a, world.asOf)) teams.add(a.teamId);
  return [...teams].sort();
}

/**
 * How many allocations are open on a date (`covers`), by binary search: a breach's start
 * is found by probing every date a caseload changed, and a team holds hundreds of cases.
 * The dates are sorted as numbers (yyyymmdd): a caseload is counted on every date a
 * derivation evaluates, and sorting date strings was most of what that cost.
 */
function openCounter(allocations: Allocation[]): (on: IsoDate) => number {
  const opened: number[] = [];
  const closed: number[] = [];
  for (const a of allocations) {
    // An allocation closed on the day it opened, or before, never covers a date.
    if (a.to && a.from >= a.to) continue;
    opened.push(dateNumber(a.from));
    if (a.to) closed.push(dateNumber(a.to));
  }
  const openedSorted = Int32Array.from(opened).sort();
  const closedSorted = Int32Array.from(closed).sort();
  return (on) => {
    const day = dateNumber(on);
    return onOrBefore(openedSorted, day) - onOrBefore(closedSorted, day);
  };
}

/** A date as the number yyyymmdd, read digit by digit (it is read for every case on every date evaluated): the same order as the date. */
function dateNumber(date: IsoDate): number {
  let n = 0;
  for (const i of DIGITS) n = n * 10 + date.charCodeAt(i) - 48;
  return n;
}
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** How many of these sorted days fall on or before `day`. */
function onOrBefore(sorted: Int32Array, day: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= day) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Every child's allocations, grouped by `key` (a worker, a team). */
function allocationsBy(world: World, key: (allocation: Allocation) => string): Map<string, Allocation[]> {
  const map = new Map<string, Allocation[]>();
  for (const child of world.children) {
    for (const allocation of child.allocations) {
      const k = key(allocation);
      const list = map.get(k);
      if (list) list.push(allocation);
      else map.set(k, [allocation]);
    }
  }
  return map;
}

/** A caseload is the cases allocated and the workers employed to hold them: nothing else of either's history counts. */
const CASELOAD_FACTS = ['CaseAllocated', 'CaseClosed', ...EMPLOYMENT_FACTS] as const;

export const CASELOAD_HIGH = defineRule({
  rule: 'CASELOAD_HIGH',
  subject: 'worker',
  title: 'Caseload too high',
  kind: 'condition',
  description: 'Open allocated cases per FTE above the limit (newly qualified: lower limit)',
  flagsWhen: 'open cases per FTE above 20 (newly qualified 18)',
  finding: 'Social workers have too much work (2018 inspection; 2022 inspection ¶36, ¶45)',
  quote: {
    text: 'Inspectors found that social workers sometimes have too much work to do and need more training so that their work with children and families is of a better quality.',
    report: '2018 inspection',
    via: LETTER_2018,
  },
  source: 'Typical LA policy; DfE children’s social work workforce 2023: 16.0 cases per FTE on average',
  severity: 'red above twice the limit',
  policy: { key: 'caseload', schema: caseloadPolicy, defaults: { maxPerFte: 20, newlyQualifiedMaxPerFte: 18 } },
  alsoReads: 'children',
  reads: CASELOAD_FACTS,
  reason: (f) => `${count(f.measures?.openCases, 'open case')} at ${figure(f.measures?.fte)} FTE: ${figure(f.measures?.casesPerFte)} per FTE, above the limit of ${f.measures?.limit}`,
  indicator: (p) => `case-holding workers with ${figure(p.maxPerFte)} or fewer open cases per full-time post (${figure(p.newlyQualifiedMaxPerFte)} when newly qualified)`,
  evaluate: caseloadHigh,
});

export const TEAM_CASELOAD_HIGH = defineRule({
  rule: 'TEAM_CASELOAD_HIGH',
  subject: 'team',
  title: 'Team caseload too high',
  kind: 'condition',
  description: "A team's open cases per case-holding FTE above the limit",
  flagsWhen: 'open cases per case-holding FTE above 18',
  finding: 'Higher caseloads in some teams, staff working extra hours (2022 inspection ¶45)',
  quote: {
    text: "Higher caseloads in the strengthening and supporting families' teams, and the supporting our children teams, mean that staff are routinely working additional hours.",
    report: '2022 inspection',
    paragraph: 45,
  },
  source: 'Typical LA policy',
  severity: 'red above twice the limit, or cases with no case-holding staff',
  policy: { key: 'teamCaseload', schema: teamCaseloadPolicy, defaults: { maxPerFte: 18 } },
  reads: CASELOAD_FACTS,
  reason: (f) =>
    typeof f.measures?.casesPerFte === 'number'
      ? `${count(f.measures.openCases, 'open case')} for ${figure(f.measures.caseHoldingFte)} case-holding FTE: ${figure(f.measures.casesPerFte)} per FTE, above the limit of ${f.measures.limit}`
      : `${count(f.measures?.openCases, 'open case')} and no case-holding staff`,
  indicator: (p) => `teams with ${figure(p.maxPerFte)} or fewer open cases per full-time case-holding worker`,
  evaluate: teamCaseloadHigh,
});
