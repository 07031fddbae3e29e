import { z } from 'zod';
import { FlagsQuery } from './get-flags.query.js';

/** Query parameters of GET /flags/upcoming: GET /flags's filters and paging, and how many days ahead. Unknown parameters are refused. */
export const UpcomingFlagsQuery = FlagsQuery.omit({ asOf: true, knownAt: true }).extend({
  within: z.coerce.number().int().min(1).max(366).default(14).describe('Days ahead of today in England (default 14)'),
});

export type UpcomingFlagsQuery = z.infer<typeof UpcomingFlagsQuery>;

export class GetUpcomingFlagsQuery {
  constructor(readonly query: UpcomingFlagsQuery) {}
}
