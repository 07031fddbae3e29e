import { z } from 'zod';
import { DATE_RANGE, isWithinDateRange, OUTSIDE_DATE_RANGE, OUTSIDE_MONTH_RANGE } from '../date-range.js';
import { isIsoDate, londonDate } from '../dates.js';

/**
 * Local references (case numbers, staff numbers): never names. Safe in URLs and stream names.
 * Kept exactly as sent: a local authority's references may distinguish case (`c-1` and
 * `C-1` can be two children), so they are not normalised as event ids are.
 */
export const reference = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, `must be a ${what} reference: 1-64 letters, digits, '.', '_' or '-'`)
    .meta({ description: `The local authority's ${what} reference (never a name)`, example: exampleRef(what) });

function exampleRef(what: string): string {
  return { child: 'C-004211', worker: 'W-017', team: 'T-NORTH', event: '' }[what] ?? 'REF-1';
}

export const childId = reference('child');
export const workerId = reference('worker');
export const teamId = reference('team');

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isOccurredAt(value: string): boolean {
  if (isIsoDate(value)) return true;
  return DATE_TIME.test(value) && isIsoDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/**
 * Every date the service takes is held to DATE_RANGE by the schema, so a date outside it
 * is a 400 naming the field: the request alone shows it is wrong. What depends on the
 * clock or on the subject's history (dated after today, before the child's birth month)
 * is a 422 from the deciders instead. `abort` stops at the first failed check, so a field
 * gets one message.
 */
const IN_RANGE = `from ${DATE_RANGE.from} to ${DATE_RANGE.to}`;

/** A calendar date, YYYY-MM-DD, in DATE_RANGE: the dates a read asks about (asOf, knownAt). */
export const calendarDate = z
  .string()
  .refine(isIsoDate, { message: 'must be a date, YYYY-MM-DD', abort: true })
  .refine(isWithinDateRange, OUTSIDE_DATE_RANGE)
  .meta({ description: `A date, YYYY-MM-DD, ${IN_RANGE}`, example: '2026-10-01' });

/** A calendarDate described for its use, the range kept in the description so the OpenAPI states it. */
export const calendarDateFor = (use: string) => calendarDate.describe(`${use}: YYYY-MM-DD, ${IN_RANGE}`);

export const occurredAt = z
  .string()
  .max(40)
  .refine(isOccurredAt, { message: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone', abort: true })
  // A date-time counts on its London date, as everywhere else (so 1989-12-31T23:30:00-01:00 is in range).
  .refine((value) => isWithinDateRange(londonDate(value)), OUTSIDE_DATE_RANGE)
  .meta({ description: `When the practice happened: a date, or a date-time (counted on its London date), ${IN_RANGE}`, example: '2026-10-01' });

export const birthMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a year and month, YYYY-MM', abort: true })
  // The month counts from its first day, as everywhere (dates.ts birthdayAt).
  .refine((month) => isWithinDateRange(`${month}-01`), OUTSIDE_MONTH_RANGE)
  .meta({ description: `Year and month of birth only (less identifying than a date), from ${DATE_RANGE.from.slice(0, 7)} to ${DATE_RANGE.to.slice(0, 7)}`, example: '2017-04' });

/** Short coded text such as a closure reason: bounded, single line, no narrative. */
export const shortText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[^\r\n]*$/, 'must be a single line');

/**
 * A UUID names the same event in either case (RFC 9562 compares them case-insensitively),
 * so it is lower-cased here, once, for every use: the idempotency key of a resend, the
 * target of a void, the lookups in the store. Otherwise `6F1C…` and `6f1c…` are stored twice.
 */
export const eventId = z.uuid('must be a UUID').toLowerCase().meta({ example: '6f1c0e1e-2b7a-4c1d-9a51-3f0f7d0b9e11' });
