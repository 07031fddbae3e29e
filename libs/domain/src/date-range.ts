import type { IsoDate } from './dates.js';

/**
 * The dates this service accepts, anywhere: every event date (`occurredAt`), every date
 * inside an event (`birthMonth`, as its first day) and every date a read asks about
 * (`asOf`, `knownAt`, the access log's `from` and `to`). Anything outside is refused
 * (400, naming the field) before it reaches a decider, a rule or a store.
 *
 * Why these bounds:
 * - From 1990-01-01: the oldest dates a local authority has reason to record are a
 *   long-serving worker's joining and the birth month of the oldest care leaver still
 *   owed a service (up to 25), both well after 1990. The working-day calendar
 *   (calendar.ts) computes bank holidays from the statutory rules, in force unchanged
 *   since 1978, for any year; the official list adds 2018 onwards. Its known gaps are
 *   the pre-2012 one-offs neither source holds (8 May 1995, 31 December 1999, 3–4 June
 *   2002, 29 April 2011): a working-day count across one of those days may be a day out.
 *   Practice that old is history imported for context, not audited afresh. (See
 *   docs/bank-holidays.md, "The years it answers for".)
 * - To 2099-12-31: event dates are refused after today anyway (a 422 from the deciders,
 *   since it depends on the clock); the upper bound is for `asOf` questions about the
 *   future, and keeps every evaluation's span (and cost) bounded. The calendar's rules
 *   hold throughout (Easter is computed for any year).
 */
export const DATE_RANGE = { from: '1990-01-01', to: '2099-12-31' } as const satisfies { from: IsoDate; to: IsoDate };

/** The refusal for a date outside DATE_RANGE (the caller's path goes before it; the value is never echoed). */
export const OUTSIDE_DATE_RANGE = `must be between ${DATE_RANGE.from} and ${DATE_RANGE.to}`;

/** The same range for a year and month (a birth month). */
export const OUTSIDE_MONTH_RANGE = `must be between ${DATE_RANGE.from.slice(0, 7)} and ${DATE_RANGE.to.slice(0, 7)}`;

/** True when a YYYY-MM-DD date lies in DATE_RANGE (string order is date order). */
export function isWithinDateRange(date: IsoDate): boolean {
  return date >= DATE_RANGE.from && date <= DATE_RANGE.to;
}
