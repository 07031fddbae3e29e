import { z } from 'zod';
import { isIsoDate } from '../dates.js';

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

export const occurredAt = z
  .string()
  .max(40)
  .refine(isOccurredAt, 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone')
  .meta({ description: 'When the practice happened: a date, or a date-time (counted on its London date)', example: '2026-10-01' });

export const birthMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a year and month, YYYY-MM')
  .meta({ description: 'Year and month of birth only (less identifying than a date)', example: '2017-04' });

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
export const eventId = z
  .uuid('must be a UUID')
  .toLowerCase()
  .meta({ example: '6f1c0e1e-2b7a-4c1d-9a51-3f0f7d0b9e11' });
