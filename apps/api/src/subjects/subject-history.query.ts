import { calendarDateFor } from '@app/domain';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';

/** Query parameters of the subject pages: the flags shown are those as of (and as known on) these dates. */
export const SubjectQuery = z.strictObject({
  asOf: calendarDateFor("Flags as of this date (default: today in England). A team-bound manager sees the subject's times in their team begun by this date").optional(),
  knownAt: calendarDateFor('Flags from events recorded by the end of this date (not after today; for a team-bound manager, also its team moves as known then)').optional(),
});
export type SubjectQuery = z.infer<typeof SubjectQuery>;

export const SubjectParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a reference: 1-64 letters, digits, ".", "_" or "-"'),
});

export class GetSubjectHistoryQuery {
  constructor(
    readonly subject: { type: 'child' | 'worker'; id: string },
    readonly query: SubjectQuery,
    readonly principal: Principal,
  ) {}
}
