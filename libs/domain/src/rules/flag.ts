import { addWorkingDays, workingDaysBetween } from '../calendar.js';
import { turnsOn, unwatched, watching } from '../date-watch.js';
import { addDays, addMonths, daysBetween, type IsoDate } from '../dates.js';
import { RULE_DEFINITIONS } from './definitions.js';

/** Every rule's id, from the list of definitions. */
export type RuleId = (typeof RULE_DEFINITIONS)[number]['rule'];

export type Severity = 'amber' | 'red';

export interface Subject {
  type: 'worker' | 'child' | 'team';
  id: string;
}

export interface Flag {
  rule: RuleId;
  subject: Subject;
  /** The team the subject belongs to as of the date (a child's: its allocation's). */
  teamId?: string;
  /** A child's allocated worker as of the date. */
  workerId?: string;
  /** When it became due (timed duties) or the first day of the unbroken breach (conditions). */
  dueSince: IsoDate;
  daysOverdue: number;
  severity: Severity;
  /** Event ids that show why. */
  evidence: string[];
  finding: string;
  /** Figures behind the flag (e.g. caseload per FTE), for people reading it. */
  measures?: Record<string, number | string>;
}

/** One subject assessed by one rule: in scope, and flagged or not (the dashboard's compliance rates need both). */
export interface Assessment {
  rule: RuleId;
  subject: Subject;
  teamId?: string;
  workerId?: string;
  flag?: Flag;
}

/**
 * Most urgent first, as a manager works down a list: red before amber, then the longest
 * overdue (or, for a condition, the longest held), then the list's own order (rule, subject).
 */
export function byUrgency(a: Flag, b: Flag): number {
  if (a.severity !== b.severity) return a.severity === 'red' ? -1 : 1;
  if (a.daysOverdue !== b.daysOverdue) return b.daysOverdue - a.daysOverdue;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.subject.id < b.subject.id ? -1 : a.subject.id > b.subject.id ? 1 : 0;
}

export type FlagDetail = Omit<Flag, 'rule' | 'subject' | 'teamId' | 'workerId' | 'finding'>;

/**
 * A timed duty: due `interval` days after `start`, overdue when more days than that
 * have passed (thresholds are strict), red when overdue by more than the interval again.
 */
export function overdue(start: IsoDate, intervalDays: number, asOf: IsoDate, evidence: string[]): FlagDetail | undefined {
  const dueSince = addDays(start, intervalDays);
  // Counted in days, so a date watch is told the dates the count turns on: overdue after dueSince, red after as long again.
  if (watching()) turnsOn(dueSince, addDays(dueSince, intervalDays));
  const daysOverdue = daysBetween(dueSince, asOf);
  if (daysOverdue <= 0) return undefined;
  return { dueSince, daysOverdue, severity: daysOverdue > intervalDays ? 'red' : 'amber', evidence };
}

/**
 * The first day of the unbroken run, ending on `asOf`, on which a condition held.
 * `changeDates` must include every date on which the condition can change value;
 * between two of them it is constant, so only they need testing.
 */
export function breachStart(asOf: IsoDate, holdsOn: (date: IsoDate) => boolean, changeDates: Iterable<IsoDate>): IsoDate {
  const dates = [...new Set(changeDates)].filter((d) => d <= asOf).sort();
  let start = dates.at(-1) ?? asOf;
  // Probing earlier dates says nothing about when the answer on asOf changes: not watched (date-watch.ts).
  unwatched(() => {
    for (let i = dates.length - 2; i >= 0 && holdsOn(dates[i]); i--) start = dates[i];
  });
  return start;
}

export function breach(start: IsoDate, asOf: IsoDate, severity: Severity, evidence: string[], measures?: FlagDetail['measures']): FlagDetail {
  return { dueSince: start, daysOverdue: daysBetween(start, asOf), severity, evidence, measures };
}

/** An assessment of one subject by one rule, with its flag when `detail` says it is in breach. */
export function assess(rule: RuleId, subject: Subject, scope: { teamId?: string; workerId?: string }, detail: FlagDetail | undefined): Assessment {
  const base = { rule, subject, ...definedOnly(scope) };
  return detail ? { ...base, flag: { ...base, ...detail, finding: findingOf(rule) } } : base;
}

/**
 * Built on first use, not on import: the rules' own files import this one, and the
 * list of definitions imports them, so the list is not there yet while they load.
 */
let findings: Map<string, string> | undefined;
const findingOf = (rule: RuleId): string => (findings ??= new Map(RULE_DEFINITIONS.map((d) => [d.rule, d.finding]))).get(rule)!;

function definedOnly(scope: { teamId?: string; workerId?: string }): { teamId?: string; workerId?: string } {
  const out: { teamId?: string; workerId?: string } = {};
  if (scope.teamId !== undefined) out.teamId = scope.teamId;
  if (scope.workerId !== undefined) out.workerId = scope.workerId;
  return out;
}

/** A duty due `n` working days after `start` (the start day never counts); red after 2n. */
export function workingDaysOverdue(start: IsoDate, n: number, asOf: IsoDate, evidence: string[]): FlagDetail | undefined {
  // Counted in working days: overdue from the (n+1)th working day after start, red from the (2n+1)th (told to a date watch).
  if (watching()) turnsOn(addWorkingDays(start, n + 1), addWorkingDays(start, 2 * n + 1));
  const elapsed = workingDaysBetween(start, asOf);
  if (elapsed <= n) return undefined;
  const dueSince = addWorkingDays(start, n);
  return { dueSince, daysOverdue: daysBetween(dueSince, asOf), severity: elapsed > 2 * n ? 'red' : 'amber', evidence, measures: { workingDays: elapsed, limit: n } };
}

/** A duty due `months` calendar months after `start`; red when overdue by as long again. */
export function monthsOverdue(start: IsoDate, months: number, asOf: IsoDate, evidence: string[]): FlagDetail | undefined {
  const dueSince = addMonths(start, months);
  if (asOf <= dueSince) return undefined;
  return { dueSince, daysOverdue: daysBetween(dueSince, asOf), severity: asOf > addMonths(start, 2 * months) ? 'red' : 'amber', evidence };
}

/**
 * Several duties of one subject reported as one flag: due since the earliest, red
 * when any is, with every overdue duty's evidence (and the earliest one's measures).
 */
export function earliestOf(details: (FlagDetail | undefined)[]): FlagDetail | undefined {
  const due = details.filter((d): d is FlagDetail => d !== undefined).sort((a, b) => (a.dueSince < b.dueSince ? -1 : a.dueSince > b.dueSince ? 1 : 0));
  if (due.length === 0) return undefined;
  return { ...due[0], severity: due.some((d) => d.severity === 'red') ? 'red' : 'amber', evidence: [...new Set(due.flatMap((d) => d.evidence))] };
}
