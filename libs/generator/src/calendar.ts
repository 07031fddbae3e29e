import { addDays, daysBetween, isIsoDate, type IsoDate } from '@app/domain';

/** Christmas, Boxing Day and New Year's Day: offices are shut (other bank holidays would only shift a few dates). */
const CLOSED = new Set(['12-25', '12-26', '01-01']);

/**
 * Days of the history as integers: day 0 is `start`, the last day is `days - 1` (`end`).
 * Negative days are the past before the history, where the initial population's
 * joining and allocation dates lie. Practice happens on working days only.
 */
export class Calendar {
  readonly days: number;
  private readonly startWeekday: number;
  private readonly dates = new Map<number, IsoDate>();
  private readonly months = new Map<number, number>();
  private readonly firsts = new Map<number, number>();

  constructor(
    readonly start: IsoDate,
    readonly end: IsoDate,
  ) {
    if (!isIsoDate(start) || !isIsoDate(end)) throw new RangeError(`start and end must be dates (YYYY-MM-DD): ${start}, ${end}`);
    if (end < start) throw new RangeError(`end ${end} is before start ${start}`);
    this.days = daysBetween(start, end) + 1;
    this.startWeekday = new Date(`${start}T00:00:00Z`).getUTCDay();
  }

  date(day: number): IsoDate {
    let date = this.dates.get(day);
    if (date === undefined) {
      date = addDays(this.start, day);
      this.dates.set(day, date);
    }
    return date;
  }

  /** The day's year and month as months since year 0: ages are counted in months from birthMonth. */
  monthIndex(day: number): number {
    let month = this.months.get(day);
    if (month === undefined) {
      const date = this.date(day);
      month = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
      this.months.set(day, month);
    }
    return month;
  }

  /** The day number of the first of a month given as months since year 0. */
  firstOfMonth(monthIndex: number): number {
    let day = this.firsts.get(monthIndex);
    if (day === undefined) {
      const month = String((monthIndex % 12) + 1).padStart(2, '0');
      day = daysBetween(this.start, `${Math.floor(monthIndex / 12)}-${month}-01`);
      this.firsts.set(monthIndex, day);
    }
    return day;
  }

  isWorkday(day: number): boolean {
    const weekday = (((this.startWeekday + day) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6 && !CLOSED.has(this.date(day).slice(5));
  }

  workdayOnOrAfter(day: number): number {
    while (!this.isWorkday(day)) day++;
    return day;
  }

  workdayOnOrBefore(day: number): number {
    while (!this.isWorkday(day)) day--;
    return day;
  }

  /** The `n`th workday after `day` (the day itself never counts), as working-day duties are counted. */
  addWorkdays(day: number, n: number): number {
    for (let left = n; left > 0; left--) day = this.workdayOnOrAfter(day + 1);
    return day;
  }

  /** Midnight UTC of the day, in ms: recordedAt times are built from it. */
  utcMidnight(day: number): number {
    return Date.parse(`${this.date(day)}T00:00:00.000Z`);
  }
}
