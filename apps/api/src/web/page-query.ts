import { calendarDate, RULE_IDS } from '@app/domain';
import { z } from 'zod';
import { ref } from '../flags/get-flags.query.js';

/** A form's empty field means "not set". */
const blank = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/** The dashboard pages' URL parameters: the view (dates, team) and the flag filters. Unknown ones are refused. */
export const PageQuery = z.strictObject({
  asOf: optional(calendarDate),
  knownAt: optional(calendarDate),
  teamId: optional(ref),
  rule: optional(z.enum(RULE_IDS as [string, ...string[]])),
  severity: optional(z.enum(['amber', 'red'])),
  cursor: optional(z.string().max(200)),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const SubjectParam = z.strictObject({ id: ref });

export const SignInForm = z.object({
  csrfToken: z.string().max(200),
  apiKey: z.string().max(4096),
  next: z.string().max(2000).optional(),
});

/** Where to go after signing in: only a path on this service (never another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && next.length <= 2000 ? next : '/dashboard';
}
