import { calendarDateFor, RULE_IDS } from '@app/domain';
import { z } from 'zod';

/** A query parameter that is a reference (a team, worker or child id). */
export const ref = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a reference: 1-64 letters, digits, ".", "_" or "-"');

/** Query parameters of GET /flags; unknown parameters are refused rather than ignored. */
export const FlagsQuery = z.strictObject({
  asOf: calendarDateFor('Evaluate as of this date (default: today in England)').optional(),
  knownAt: calendarDateFor('Only events recorded by the end of this date (not after today)').optional(),
  rule: z.enum(RULE_IDS as [string, ...string[]]).optional(),
  severity: z.enum(['amber', 'red']).optional(),
  teamId: ref.optional(),
  workerId: ref.optional().describe("A worker's own flags and those of the children allocated to them"),
  childId: ref.optional(),
  limit: z.coerce.number().int().min(1).max(10000).default(1000),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export type FlagsQuery = z.infer<typeof FlagsQuery>;

export class GetFlagsQuery {
  constructor(readonly query: FlagsQuery) {}
}
