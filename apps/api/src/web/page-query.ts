import { calendarDate, EVENT_KINDS, RULE_IDS } from '@app/domain';
import { z } from 'zod';
import { ref } from '../flags/get-flags.query.js';

/** A form's empty field means "not set". */
const blank = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/** The dates a page's filter form asks for, each as GOV.UK's day, month and year fields (`asOf-day`…). */
const DATE_FIELDS = ['asOf', 'knownAt'] as const;
const PARTS = ['day', 'month', 'year'] as const;

/**
 * A page's query with its dates sent as day, month and year fields made one YYYY-MM-DD
 * parameter each, as links carry them; undefined when it has no such fields. All three
 * blank: not set. Any other mix is left for calendarDate to refuse ("2026-2-x" is not a
 * date), so a half-filled date is an error, never a silent default.
 */
export function joinDateParts(query: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!DATE_FIELDS.some((name) => PARTS.some((part) => `${name}-${part}` in query))) return undefined;
  const out: Record<string, unknown> = { ...query };
  for (const name of DATE_FIELDS) {
    const parts = PARTS.map((part) => out[`${name}-${part}`]);
    if (parts.every((p) => p === undefined)) continue;
    for (const part of PARTS) delete out[`${name}-${part}`];
    if (parts.some((p) => typeof p !== 'string')) return { ...out, [name]: 'not a date' };
    const [day, month, year] = (parts as string[]).map((p) => p.trim());
    if (day === '' && month === '' && year === '') continue;
    out[name] = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : `${year}-${month}-${day}`;
  }
  return out;
}

const PAGE_QUERY = z.strictObject({
  asOf: optional(calendarDate),
  knownAt: optional(calendarDate),
  teamId: optional(ref),
  rule: optional(z.enum(RULE_IDS as [string, ...string[]])),
  severity: optional(z.enum(['amber', 'red'])),
  cursor: optional(z.string().max(200)),
});

/** The dashboard pages' URL parameters: the view (dates, team) and the flag filters. Unknown ones are refused. */
export const PageQuery = PAGE_QUERY;
/** A page's view alone (dates, team), for pages with no flag filters. */
export const ViewQuery = PAGE_QUERY.pick({ asOf: true, knownAt: true, teamId: true });
export type PageQuery = z.infer<typeof PageQuery>;

/** A child's or worker's page: the view, and the kind of event its timeline is narrowed to. */
export const SubjectPageQuery = PAGE_QUERY.extend({ kind: optional(z.enum(EVENT_KINDS)) });
export type SubjectPageQuery = z.infer<typeof SubjectPageQuery>;

export const SubjectParam = z.strictObject({ id: ref });

/** The reference search on every page: one child's or worker's reference. */
export const FindQuery = z.strictObject({ ref: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), ref) });

export const SignInForm = z.object({
  csrfToken: z.string().max(200),
  apiKey: z.string().max(4096),
  next: z.string().max(2000).optional(),
});

/** Where to go after signing in: only a path on this service (never another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && next.length <= 2000 ? next : '/dashboard';
}
