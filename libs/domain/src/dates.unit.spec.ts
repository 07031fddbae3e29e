import { describe, expect, it } from '@jest/globals';
import { addDays, addMonths, daysBetween, isIsoDate, londonDate, todayInLondon } from './dates.js';

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  describe('londonDate', () => {
    it('keeps a plain date as it is', () => {
      expect(londonDate('2026-07-01')).toBe('2026-07-01');
    });

    it('counts a summer date-time near midnight on its London date', () => {
      expect(londonDate('2026-07-01T23:30:00Z')).toBe('2026-07-02');
      expect(londonDate('2026-07-01T22:59:59Z')).toBe('2026-07-01');
    });

    it('counts a winter date-time on the UTC date (GMT)', () => {
      expect(londonDate('2026-01-01T23:30:00Z')).toBe('2026-01-01');
    });

    it('honours the offset written in the date-time', () => {
      expect(londonDate('2026-07-02T01:30:00+02:00')).toBe('2026-07-02');
      expect(londonDate('2026-07-02T00:30:00+02:00')).toBe('2026-07-01');
    });

    it('gives today in London', () => {
      expect(todayInLondon(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    });
  });

  describe('calendar arithmetic', () => {
    it('adds days across months, years and the clock change', () => {
      expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
      expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
      expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    });

    it('adds calendar months, clamped to the end of a shorter month', () => {
      expect(addMonths('2026-05-31', 3)).toBe('2026-08-31');
      expect(addMonths('2026-05-31', 1)).toBe('2026-06-30');
      expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
      expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
      expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
      expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    });

    it('counts whole days between dates, across the clock change', () => {
      expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
      expect(daysBetween('2026-04-01', '2026-03-01')).toBe(-31);
      expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    });
  });
});
