import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, bankHolidays, HOLIDAY_SPAN, isWorkingDay, libraryBankHolidays, workingDaysBetween } from './calendar.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS as OFFICIAL } from './data/england-and-wales-bank-holidays.js';
import { addDays, isIsoDate } from './dates.js';

/** Independent of calendar.ts's day arithmetic on purpose. */
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const officialIn = (year: number) => OFFICIAL.filter((date) => date.startsWith(`${year}-`));
const officialYears = [...new Set(OFFICIAL.map((date) => Number(date.slice(0, 4))))];

function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Day-by-day reference for workingDaysBetween. */
function countWorkingDays(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
  return count;
}

/** Day-by-day reference for addWorkingDays. */
function stepWorkingDays(from: string, n: number): string {
  let day = from;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** A seeded generator (mulberry32), so a failure names pairs that fail again. */
function randomInts(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below);
  };
}

/** Milliseconds per call of `fn` over `args`: the best of several rounds, so a busy machine's pauses do not count. */
function costPerCall(args: string[], fn: (arg: string) => unknown): number {
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const started = performance.now();
    for (const arg of args) fn(arg);
    best = Math.min(best, (performance.now() - started) / args.length);
  }
  return best;
}

describe('calendar', () => {
  describe('isWorkingDay', () => {
    it('excludes weekends', () => {
      expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
      expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
      expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
      expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
      expect(isWorkingDay('1969-12-27')).toBe(false); // a Saturday before the day-number epoch
      expect(isWorkingDay('1969-12-29')).toBe(true); // a Monday before it
    });

    it('excludes every date in the official list', () => {
      for (const date of OFFICIAL) expect([date, isWorkingDay(date)]).toEqual([date, false]);
    });

    it('excludes the known awkward cases', () => {
      for (const date of [
        '2026-04-03', // Good Friday
        '2026-04-06', // Easter Monday
        '2026-12-25', // Christmas, a Friday
        '2026-12-28', // Boxing Day substitute: the 26th is a Saturday
        '2021-12-27', // Christmas substitute: the 25th is a Saturday
        '2021-12-28', // Boxing Day substitute
        '2020-05-08', // Early May bank holiday moved to VE Day (a Friday)
        '2022-06-02', // Spring bank holiday moved to a Thursday
        '2022-06-03', // Platinum Jubilee
        '2022-09-19', // State Funeral of Queen Elizabeth II
        '2023-05-08', // Coronation of King Charles III
      ]) {
        expect([date, isWorkingDay(date)]).toEqual([date, false]);
      }
      expect(isWorkingDay('2020-05-04')).toBe(true); // the Monday the VE Day holiday replaced
      expect(isWorkingDay('2022-05-30')).toBe(true); // the Monday the 2022 Spring holiday left
      expect(isWorkingDay('2026-12-29')).toBe(true);
    });
  });

  describe('bank holidays', () => {
    it('the official list is well formed: sorted, unique, weekdays, 8 to 10 a year', () => {
      expect([...OFFICIAL].sort()).toEqual(OFFICIAL);
      expect(new Set(OFFICIAL).size).toBe(OFFICIAL.length);
      expect(OFFICIAL.filter((date) => !isIsoDate(date) || isWeekend(date))).toEqual([]);
      expect(officialYears).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
      for (const year of officialYears) expect(officialIn(year).length).toBeGreaterThanOrEqual(8);
    });

    it('date-holidays reports weekend holidays and their substitutes as separate entries', () => {
      const year2020 = libraryBankHolidays(2020);
      expect(year2020).toContain('2020-12-26'); // Boxing Day itself, a Saturday
      expect(year2020).toContain('2020-12-28'); // its substitute Monday
    });

    it('date-holidays agrees with the official list for every year in it', () => {
      const differences = officialYears.flatMap((year) => {
        const library = libraryBankHolidays(year).filter((date) => !isWeekend(date));
        const official = officialIn(year);
        const missing = official.filter((date) => !library.includes(date));
        const extra = library.filter((date) => !official.includes(date));
        return missing.length + extra.length ? [{ year, missingFromLibrary: missing, onlyInLibrary: extra }] : [];
      });
      if (differences.length) console.log('date-holidays vs official list:', JSON.stringify(differences, null, 2));
      expect(differences).toEqual([]);
    });

    it('uses the union of date-holidays and the official list, weekdays only', () => {
      for (const year of officialYears) {
        const union = new Set([...libraryBankHolidays(year).filter((date) => !isWeekend(date)), ...officialIn(year)]);
        expect(bankHolidays(year)).toEqual([...union].sort());
      }
    });

    it('falls back to date-holidays for years beyond the official list', () => {
      expect(bankHolidays(2028)).toEqual([
        '2028-01-03', // New Year's Day substitute: the 1st is a Saturday
        '2028-04-14',
        '2028-04-17',
        '2028-05-01',
        '2028-05-29',
        '2028-08-28',
        '2028-12-25',
        '2028-12-26',
      ]);
    });
  });

  describe('addWorkingDays', () => {
    it('skips a weekend', () => {
      expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday → Monday
      expect(addWorkingDays('2026-11-19', 3)).toBe('2026-11-24'); // Thursday → Tuesday
      expect(addWorkingDays('2026-11-23', 5)).toBe('2026-11-30'); // a week
    });

    it('skips Christmas and New Year', () => {
      expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
      expect(addWorkingDays('2026-12-24', 4)).toBe('2027-01-04');
      // "a visit within 7 working days of notification": notified 23 December 2026, due 6 January 2027
      expect(addWorkingDays('2026-12-23', 7)).toBe('2027-01-06');
      expect(addWorkingDays('2021-12-24', 1)).toBe('2021-12-29'); // both 2021 substitute days
    });

    it('never counts the start day, working or not', () => {
      expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23'); // a Monday
      expect(addWorkingDays('2026-11-21', 0)).toBe('2026-11-21'); // a Saturday stays itself
      expect(addWorkingDays('2026-11-21', 1)).toBe('2026-11-23'); // Saturday + 1 → Monday
      expect(addWorkingDays('2026-04-04', 1)).toBe('2026-04-07'); // Easter Saturday + 1 → Tuesday
      expect(addWorkingDays('2026-04-03', 1)).toBe('2026-04-07'); // from Good Friday itself
    });

    it('refuses a negative or fractional count', () => {
      expect(() => addWorkingDays('2026-11-23', -1)).toThrow(RangeError);
      expect(() => addWorkingDays('2026-11-23', 1.5)).toThrow(RangeError);
    });

    it('refuses a malformed date rather than looping for ever', () => {
      expect(() => addWorkingDays('2026-1-5', 1)).toThrow(RangeError);
      expect(() => addWorkingDays('not a date', 1)).toThrow(RangeError);
      expect(() => isWorkingDay('2026/01/05')).toThrow(RangeError);
    });
  });

  describe('workingDaysBetween', () => {
    it('is 0 when to is on or before from', () => {
      expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
      expect(workingDaysBetween('2026-11-24', '2026-11-23')).toBe(0);
      expect(workingDaysBetween('2027-01-01', '2026-01-01')).toBe(0);
    });

    it('counts days after from up to and including to', () => {
      expect(workingDaysBetween('2026-11-20', '2026-11-23')).toBe(1); // Friday → Monday
      expect(workingDaysBetween('2026-11-20', '2026-11-22')).toBe(0); // Friday → Sunday
      expect(workingDaysBetween('2026-12-23', '2027-01-06')).toBe(7);
      expect(workingDaysBetween('2025-12-31', '2026-12-31')).toBe(365 - 104 - 8); // 2026: 104 weekend days, 8 holidays
    });

    it('matches a day-by-day count, including spans of years', () => {
      for (const from of everyDay('2019-12-20', '2020-01-20')) {
        for (const span of [1, 2, 6, 7, 13, 40, 366, 1500]) {
          const to = addDays(from, span);
          expect([from, to, workingDaysBetween(from, to)]).toEqual([from, to, countWorkingDays(from, to)]);
        }
      }
    });
  });

  describe('addWorkingDays and workingDaysBetween agree', () => {
    const days = everyDay('2020-01-01', '2027-12-31');

    it('round-trips: workingDaysBetween(d, addWorkingDays(d, n)) === n, 2020 to 2027, n 0..25', () => {
      const failures: string[] = [];
      for (const day of days) {
        for (let n = 0; n <= 25; n++) {
          const due = addWorkingDays(day, n);
          if (workingDaysBetween(day, due) !== n) failures.push(`${day} + ${n} → ${due}`);
          if (n > 0 && !isWorkingDay(due)) failures.push(`${day} + ${n} → ${due} is not a working day`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('T is n or more working days after d exactly when T ≥ addWorkingDays(d, n)', () => {
      // What a rule relies on: workingDaysBetween(d, T) > n  ⇔  T ≥ addWorkingDays(d, n + 1).
      const failures: string[] = [];
      for (const day of days.filter((_, i) => i % 5 === 0)) {
        for (const n of [1, 5, 7, 20]) {
          const due = addWorkingDays(day, n);
          for (let k = -3; k <= 3; k++) {
            const t = addDays(due, k);
            if (workingDaysBetween(day, t) >= n !== t >= due) failures.push(`${day} n=${n} t=${t}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('far dates', () => {
    const random = randomInts(13);
    const dayIn = (firstYear: number, years: number) => addDays(`${String(firstYear).padStart(4, '0')}-01-01`, random(Math.round(years * 365.25)));

    it('whole years outside the exactly counted span hold the regular number of holidays, as date-holidays says', () => {
      const years = [
        ...Array.from({ length: 301 }, (_, i) => 1800 + i), // every year around today's
        ...Array.from({ length: 990 }, (_, i) => 100 + i * 10 + (i % 10)), // and every tenth, shifted, to 9999
        9999,
      ].filter((year) => year < HOLIDAY_SPAN.firstYear || year > HOLIDAY_SPAN.lastYear);
      const irregular = years.filter((year) => bankHolidays(year).length !== HOLIDAY_SPAN.regularPerYear);
      expect(irregular).toEqual([]);
    });

    it('workingDaysBetween matches a day-by-day count over random pairs, near and far', () => {
      const failures: string[] = [];
      const check = (from: string, to: string) => {
        const expected = countWorkingDays(from, to);
        if (workingDaysBetween(from, to) !== expected) failures.push(`${from} → ${to}: ${workingDaysBetween(from, to)}, day by day ${expected}`);
      };
      for (let i = 0; i < 400; i++) {
        const from = dayIn(1960, 180); // across the span's edges and beyond
        check(from, addDays(from, random(800) - 30)); // spans of days to two years, some backwards
      }
      for (let i = 0; i < 6; i++) check(dayIn(1900, 150), dayIn(2040, 80)); // spans of a century or two
      check('1990-01-01', '2099-12-31');
      check('2026-03-14', '2399-12-31');
      expect(failures).toEqual([]);
    });

    it('addWorkingDays matches stepping day by day over random starts and counts, near and far', () => {
      const failures: string[] = [];
      for (let i = 0; i < 1500; i++) {
        const from = i % 3 === 0 ? dayIn(1000, 8990) : dayIn(1960, 180); // dates.ts reads years before 100 as 19xx
        const n = random(i % 10 === 0 ? 600 : 60);
        const expected = stepWorkingDays(from, n);
        if (addWorkingDays(from, n) !== expected) failures.push(`${from} + ${n}: ${addWorkingDays(from, n)}, day by day ${expected}`);
      }
      expect(failures).toEqual([]);
    });

    it('costs about the same at any distance: a count as of 9999 or 1990 is no slower than one as of next month', () => {
      const starts = Array.from({ length: 300 }, () => dayIn(2025, 2));
      const near = (from: string) => workingDaysBetween(from, '2027-01-31');
      const far = [(from: string) => workingDaysBetween(from, '2099-12-31'), (from: string) => workingDaysBetween(from, '9999-12-31'), (from: string) => workingDaysBetween('1990-01-01', from)];
      const farAdd = (from: string) => addWorkingDays(addDays(from, 2_900_000), 45); // a start in the 9900s
      for (const fn of [near, ...far, farAdd]) fn(starts[0]); // first use reads each year's holidays once
      const nearCost = costPerCall(starts, near);
      const nearAdd = costPerCall(starts, (from) => addWorkingDays(from, 45));
      // Generous bounds: a busy machine's noise is well under 5×; a loop over the years in between costs hundreds of times more.
      for (const fn of far) expect(costPerCall(starts, fn)).toBeLessThan(5 * nearCost + 0.002);
      expect(costPerCall(starts, farAdd)).toBeLessThan(5 * nearAdd + 0.002);
    });
  });
});
