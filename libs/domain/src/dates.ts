import { noteAgeOn, noteDateArithmetic } from './date-watch.js';
/**
 * Calendar dates as `YYYY-MM-DD` strings, in England's local time (Europe/London).
 * Plain strings compare correctly with < and >, and carry no time-zone surprises;
 * arithmetic goes through UTC midnight, where every day has 24 hours.
 */
export type IsoDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const londonFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The London calendar date of an `occurredAt`: a date stays as it is; a date-time counts on its London date. */
export function londonDate(value: string | Date): IsoDate {
  if (typeof value !== 'string') return londonFormat.format(value);
  if (DATE.test(value)) return value;
  if (value.length >= 13 && value.endsWith('Z')) return londonDateOfUtcHour(value.slice(0, 13));
  return londonFormat.format(new Date(value));
}

/**
 * UTC date-times (every recordedAt) are many and Intl is slow: London's offset only
 * changes on a UTC hour boundary, so the date depends on the UTC hour alone.
 */
const utcHourDates = new Map<string, IsoDate>();
function londonDateOfUtcHour(hour: string): IsoDate {
  let date = utcHourDates.get(hour);
  if (date === undefined) {
    date = londonFormat.format(new Date(`${hour}:00:00Z`));
    if (utcHourDates.size > 100_000) utcHourDates.clear();
    utcHourDates.set(hour, date);
  }
  return date;
}

export function todayInLondon(now: Date = new Date()): IsoDate {
  return londonDate(now);
}

function toUtc(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const result = fromUtc(toUtc(date) + days * DAY_MS);
  noteDateArithmetic(date, 'days', days, result);
  return result;
}

/** Calendar months, clamped to the month's last day: 3 months after 2026-05-31 is 2026-08-31. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  const result = fromUtc(first.getTime());
  noteDateArithmetic(date, 'months', months, result);
  return result;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/**
 * The day a child born in `birthMonth` (YYYY-MM) reaches `years` of age. Only the
 * month is recorded, so the birthday counts as the first day of that month.
 */
export function birthdayAt(birthMonth: string, years: number): IsoDate {
  const [y, m] = birthMonth.split('-');
  const result = `${String(Number(y) + years).padStart(4, '0')}-${m}-01`;
  noteDateArithmetic(`${birthMonth}-01`, 'months', 12 * years, result);
  return result;
}

/** Whole years of age on a date, from a birth month (see `birthdayAt`). */
export function ageOn(birthMonth: string, on: IsoDate): number {
  noteAgeOn(birthMonth, on);
  const [by, bm] = birthMonth.split('-').map(Number);
  const [y, m] = on.split('-').map(Number);
  return y - by - (m < bm ? 1 : 0);
}
