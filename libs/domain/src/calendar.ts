/**
 * Working days: Monday to Friday, excluding bank holidays in England and Wales.
 *
 * Bank holidays are the union of date-holidays (which knows the rules, so it covers any
 * year) and the official list in ./data (which catches a one-off announced after the
 * installed date-holidays release). See docs/bank-holidays.md.
 *
 * Semantics, shared by both functions so they stay consistent:
 * - the start day never counts: "within 7 working days of notification" is due on
 *   addWorkingDays(notification, 7), the 7th working day *after* the notification day;
 * - workingDaysBetween(from, to) counts working days in (from, to];
 * - so workingDaysBetween(d, addWorkingDays(d, n)) === n for every d, working or not.
 */
import Holidays from 'date-holidays';
import { noteDateArithmetic } from './date-watch.js';
import type { IsoDate } from './dates.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './data/england-and-wales-bank-holidays.js';

/**
 * Inside this module a date is a day number (days since 1970-01-01, a Thursday), so the
 * arithmetic is on integers instead of strings.
 */
const FIRST_MONDAY = 4; // 1970-01-05
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Counting holidays must cost the same however far apart two dates are (a clock started
 * in 2026 read as of 2099). Within this span of years every holiday is read from the
 * sources into one sorted list, searched by bisection; the span holds every one-off
 * either source knows (2012, 2022 and 2023 in date-holidays 3.37, and it widens to take
 * in the official list, where a new one-off would be added). Outside it, a whole year
 * holds the regular eight (New Year's Day, Good Friday, Easter Monday, the early May,
 * spring and summer Mondays, Christmas and Boxing Day, each taken on a weekday):
 * date-holidays gives exactly eight for every year from 100 to 9999 outside the span,
 * which calendar.unit.spec checks, so whole years there are counted by multiplication
 * and only the year a date falls in is read.
 */
export const HOLIDAY_SPAN = {
  firstYear: Math.min(2000, ...ENGLAND_AND_WALES_BANK_HOLIDAYS.map(yearOf)),
  lastYear: Math.max(2049, ...ENGLAND_AND_WALES_BANK_HOLIDAYS.map(yearOf)),
  /** Weekday bank holidays in each whole year outside the span. */
  regularPerYear: 8,
} as const;
const { firstYear: SPAN_FIRST_YEAR, lastYear: SPAN_LAST_YEAR, regularPerYear: REGULAR_BANK_HOLIDAYS_A_YEAR } = HOLIDAY_SPAN;

/** Built on first use: date-holidays parses its rules per instance. */
let library: Holidays | undefined;
/** Per year: day numbers of the bank holidays that fall on a weekday (only those cost a working day), sorted. */
const holidaysByYear = new Map<number, readonly number[]>();
/** Every weekday bank holiday of the span, sorted: built on the first count. */
let spanHolidays: readonly number[] | undefined;

/**
 * date-holidays' bank holidays in England and Wales for `year`, substitute days included
 * (they come as their own entries with `substitute: true`). Weekend dates are left in:
 * date-holidays lists Christmas on a Saturday as well as its substitute Monday.
 */
export function libraryBankHolidays(year: number): IsoDate[] {
  library ??= new Holidays('GB', 'ENG', { types: ['public', 'bank'] });
  // `date` is the local date ("2026-12-28 00:00:00"); `start` is a UTC instant.
  return library.getHolidays(year).map((holiday) => holiday.date.slice(0, 10));
}

/** The bank holidays taken as days off in `year` (weekdays only, sorted): date-holidays ∪ the official list. */
export function bankHolidays(year: number): IsoDate[] {
  return holidaysIn(year).map(dateOf);
}

export function isWorkingDay(date: IsoDate): boolean {
  const day = dayNumber(date);
  return isWeekday(day) && !holidaysIn(yearOf(date)).includes(day);
}

/**
 * The date `n` working days after `date` (n a whole number ≥ 0). The start day never
 * counts, so for n ≥ 1 the result is the n-th working day strictly after `date`, whether
 * or not `date` is itself a working day (Saturday + 1 = Monday, Friday + 1 = Monday).
 * n = 0 returns `date` unchanged, even at a weekend: that is the only choice that keeps
 * workingDaysBetween(d, addWorkingDays(d, n)) === n.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return date;
  const key = `${date}+${n}`;
  let result = workingDaySums.get(key);
  if (result === undefined) {
    if (workingDaySums.size >= 100_000) workingDaySums.clear();
    result = countWorkingDays(date, n);
    workingDaySums.set(key, result);
  }
  noteDateArithmetic(date, 'workingDays', n, result);
  return result;
}

/** addWorkingDays' answers, remembered: the flag read model asks the same few clocks on many dates. */
const workingDaySums = new Map<string, IsoDate>();

function countWorkingDays(date: IsoDate, n: number): IsoDate {
  const start = dayNumber(date);
  // The answer is the first day by which n working days have passed; that count only
  // grows with the day, so widen a bound until it holds, then bisect: O(log n) counts.
  const reached = (day: number) => workingDaysUpTo(day) - workingDaysUpTo(start) >= n;
  let low = start; // not reached
  let high = start + 2 * n + 7; // n weekdays take under 7n/5 + 3 days; holidays may need more
  while (!reached(high)) [low, high] = [high, high + (high - start)];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reached(middle)) high = middle;
    else low = middle;
  }
  return dateOf(high);
}

/**
 * Working days after `from` up to and including `to`; 0 when `to` ≤ `from`. Counted
 * arithmetically (weekdays minus weekday holidays, each a difference of running
 * counts), never day by day or year by year, because rules ask it about clocks that
 * have been running for years and about any as-of date.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to <= from) return 0;
  return workingDaysUpTo(dayNumber(to)) - workingDaysUpTo(dayNumber(from));
}

/** Working days up to and including `day`, counted from an arbitrary origin: only differences mean anything. */
function workingDaysUpTo(day: number): number {
  return weekdaysBefore(day + 1) - holidaysBefore(day + 1);
}

/**
 * Weekday bank holidays before day `day`, counted from the start of the span (negative
 * before it): a bisection inside the span, whole regular years outside it.
 */
function holidaysBefore(day: number): number {
  const year = yearOfDay(day);
  if (year >= SPAN_FIRST_YEAR && year <= SPAN_LAST_YEAR) return countBelow(holidaysOfSpan(), day);
  const own = holidaysIn(year);
  if (year > SPAN_LAST_YEAR) {
    return holidaysOfSpan().length + REGULAR_BANK_HOLIDAYS_A_YEAR * (year - SPAN_LAST_YEAR - 1) + countBelow(own, day);
  }
  return -(REGULAR_BANK_HOLIDAYS_A_YEAR * (SPAN_FIRST_YEAR - year - 1) + own.length - countBelow(own, day));
}

function holidaysOfSpan(): readonly number[] {
  if (spanHolidays === undefined) {
    const years = Array.from({ length: SPAN_LAST_YEAR - SPAN_FIRST_YEAR + 1 }, (_, i) => SPAN_FIRST_YEAR + i);
    spanHolidays = years.flatMap((year) => holidaysIn(year)); // each year sorted, the years in order
  }
  return spanHolidays;
}

/** How many of the sorted `days` are before `day` (bisection). */
function countBelow(days: readonly number[], day: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle] < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

function holidaysIn(year: number): readonly number[] {
  let holidays = holidaysByYear.get(year);
  if (holidays === undefined) {
    const days = [...libraryBankHolidays(year), ...ENGLAND_AND_WALES_BANK_HOLIDAYS]
      // Each date in exactly one year's list, so no count takes one twice.
      .filter((date) => yearOf(date) === year)
      .map(dayNumber)
      .filter(isWeekday);
    holidays = [...new Set(days)].sort((a, b) => a - b);
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

/** Mondays to Fridays before day `day`, counted from Monday 1970-01-05 (negative before it). */
function weekdaysBefore(day: number): number {
  const sinceMonday = day - FIRST_MONDAY;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5);
}

function isWeekday(day: number): boolean {
  return (((day - FIRST_MONDAY) % 7) + 7) % 7 < 5;
}

/**
 * Date.parse reads a date-only ISO string as UTC midnight: several times faster than
 * dates.ts's daysBetween (which splits the string), and these run inside rule loops.
 * Anything else would give NaN (or a local-time parse), and no count would mean anything.
 */
function dayNumber(date: IsoDate): number {
  const ms = DATE.test(date) ? Date.parse(date) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return ms / DAY_MS;
}

/** Not addDays(EPOCH, day): this arithmetic is the calendar's own, not a rule's, so it is not reported to a date watch. */
function dateOf(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
