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
import { addDays, type IsoDate } from './dates.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './data/england-and-wales-bank-holidays.js';

/**
 * Inside this module a date is a day number (days since 1970-01-01, a Thursday), so the
 * day loops do integer steps instead of formatting strings.
 */
const EPOCH: IsoDate = '1970-01-01';
const FIRST_MONDAY = 4; // 1970-01-05
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Built on first use: date-holidays parses its rules per instance. */
let library: Holidays | undefined;
/** Per year: day numbers of the bank holidays that fall on a weekday (only those cost a working day). */
const holidaysByYear = new Map<number, ReadonlySet<number>>();

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
  return [...holidaysIn(year)].sort((a, b) => a - b).map(dateOf);
}

export function isWorkingDay(date: IsoDate): boolean {
  const day = dayNumber(date);
  return isWeekday(day) && !holidaysIn(yearOf(date)).has(day);
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
  let day = dayNumber(date);
  let year = yearOf(date);
  let holidays = holidaysIn(year);
  let nextYear = dayNumber(`${year + 1}-01-01`);
  for (let left = n; left > 0; ) {
    day++;
    if (day === nextYear) {
      holidays = holidaysIn(++year);
      nextYear = dayNumber(`${year + 1}-01-01`);
    }
    if (isWeekday(day) && !holidays.has(day)) left--;
  }
  return n === 0 ? date : dateOf(day);
}

/**
 * Working days after `from` up to and including `to`; 0 when `to` ≤ `from`. Counted
 * arithmetically (weekdays minus weekday holidays), not day by day, because rules ask it
 * about clocks that have been running for years.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to <= from) return 0;
  const first = dayNumber(from) + 1;
  const last = dayNumber(to);
  let holidays = 0;
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    for (const day of holidaysIn(year)) if (day >= first && day <= last) holidays++;
  }
  return weekdaysBefore(last + 1) - weekdaysBefore(first) - holidays;
}

function holidaysIn(year: number): ReadonlySet<number> {
  let holidays = holidaysByYear.get(year);
  if (holidays === undefined) {
    holidays = new Set(
      [...libraryBankHolidays(year), ...ENGLAND_AND_WALES_BANK_HOLIDAYS]
        // Each date in exactly one year's set, so workingDaysBetween never counts one twice.
        .filter((date) => yearOf(date) === year)
        .map(dayNumber)
        .filter(isWeekday),
    );
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
 * Anything else would give NaN (or a local-time parse), and addWorkingDays would never end.
 */
function dayNumber(date: IsoDate): number {
  const ms = DATE.test(date) ? Date.parse(date) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return ms / DAY_MS;
}

function dateOf(day: number): IsoDate {
  return addDays(EPOCH, day);
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}
