import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { sortKey, type Flag } from '@app/domain';
import { Clock, FlagReads, viewAsked } from '@app/composition';
import { cursorAfter, pageOf, SORT_KEY, type CursorOf } from './flag-cursor.js';
import { GetFlagsQuery } from './get-flags.query.js';

export interface FlagsPage {
  asOf: string;
  knownAt?: string;
  total: number;
  flags: Flag[];
  nextCursor?: string;
}

/** Open drift flags for a view, filtered, in the stable order (rule, subject), a page at a time. */
@QueryHandler(GetFlagsQuery)
export class GetFlagsHandler implements IQueryHandler<GetFlagsQuery, FlagsPage> {
  constructor(
    private readonly reads: FlagReads,
    private readonly clock: Clock,
  ) {}

  async execute({ query }: GetFlagsQuery): Promise<FlagsPage> {
    const view = viewAsked(query, this.clock);
    const { cursor, limit, rule, severity, teamId, workerId, childId } = query;
    const after = cursor ? PAGE_CURSOR.decode(cursor) : undefined;
    const found = await this.reads.flags(view, { rule, severity, teamId, workerId, childId }, { after, limit: limit + 1 });
    return { ...view, ...pageOf(found, limit, PAGE_CURSOR, sortKey) };
  }
}

/** A page of GET /flags ends at a flag's sort key: the next starts after it, so it stays right when flags before it come or go. */
const PAGE_CURSOR: CursorOf = cursorAfter(SORT_KEY);
