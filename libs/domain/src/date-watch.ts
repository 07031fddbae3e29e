import type { IsoDate } from './dates.js';

/**
 * Watches the date arithmetic of an evaluation, so the dates on which its answer can
 * change are known without asking each rule: every date a rule computes (a due date,
 * a window's end, a birthday), and every offset it applies to the as-of date itself (a
 * trailing window `asOf - 90 days` turns over when the as-of date passes a fact's date
 * plus 90 days). Off unless an evaluation is watched; the pure functions only report.
 */
export interface DateWatch {
  /** The as-of date of the evaluation being watched. */
  readonly asOf: IsoDate;
  /** Dates computed from anything but the as-of date. */
  readonly computed: Set<IsoDate>;
  /** Offsets applied to the as-of date, as `days:-90`, `months:-12`, `workingDays:5`. */
  readonly offsets: Set<string>;
  /** Birth months whose age was taken on the as-of date (an age changes on each birthday). */
  readonly birthMonths: Set<string>;
  /** Whether a date is one a fact happened on: arithmetic from such a date is a due date even when it is also the as-of date. */
  readonly isFactDate: (date: IsoDate) => boolean;
}

let current: DateWatch | undefined;

/** Runs `work` with its date arithmetic watched. */
export function watchDates<T>(asOf: IsoDate, isFactDate: (date: IsoDate) => boolean, work: () => T): { result: T; watch: DateWatch } {
  const watch: DateWatch = { asOf, computed: new Set(), offsets: new Set(), birthMonths: new Set(), isFactDate };
  const outer = current;
  current = watch;
  try {
    return { result: work(), watch };
  } finally {
    current = outer;
  }
}

/**
 * Runs `work` unwatched: for a search back through earlier dates (when did this breach
 * start?), whose probes say nothing about when the answer on the as-of date changes.
 */
export function unwatched<T>(work: () => T): T {
  const outer = current;
  current = undefined;
  try {
    return work();
  } finally {
    current = outer;
  }
}

/** Whether an evaluation is being watched: a rule's helper then reports the dates its counts of days turn on. */
export const watching = (): boolean => current !== undefined;

/** Reports dates on which an answer turns, found by counting days rather than by date arithmetic (see flag.ts). */
export function turnsOn(...dates: IsoDate[]): void {
  for (const d of dates) current?.computed.add(d);
}

/** Called by the date functions: `result` is `amount` `unit` after `base`. */
export function noteDateArithmetic(base: IsoDate, unit: 'days' | 'months' | 'workingDays', amount: number, result: IsoDate): void {
  if (!current) return;
  // A date computed from the as-of date moves with it: what matters is the offset, not the date
  // (unless the as-of date is also a fact's date, when it may be that fact's due date).
  if (base === current.asOf) current.offsets.add(`${unit}:${amount}`);
  if (base !== current.asOf || current.isFactDate(base)) current.computed.add(result);
}

/** Called by ageOn: an age read on the as-of date. */
export function noteAgeOn(birthMonth: string, on: IsoDate): void {
  if (current && on === current.asOf) current.birthMonths.add(birthMonth);
}
