import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { addDays, todayInLondon, type Flag, type IsoDate } from '@app/domain';
import { Clock, FlagReads } from '@app/composition';
import { upcomingCursor } from '@app/projections';
import { cursorAfter, pageOf, SORT_KEY, type CursorOf } from './flag-cursor.js';
import { GetUpcomingFlagsQuery } from './get-upcoming-flags.query.js';

export interface UpcomingFlagsPage {
  /** Today in England: what is already due is GET /flags's. */
  today: IsoDate;
  /** The last day looked at (today + within). */
  until: IsoDate;
  total: number;
  /** Each flag as it will be on its due date if nothing else is recorded (daysOverdue 0), soonest first. */
  flags: Flag[];
  nextCursor?: string;
}

/**
 * What falls due next: the duties that become overdue in the next `within` days unless
 * something is recorded first (a visit, a review, a supervision), from the same flag
 * periods GET /flags reads, with its filters, soonest first, a page at a time.
 */
@QueryHandler(GetUpcomingFlagsQuery)
export class GetUpcomingFlagsHandler implements IQueryHandler<GetUpcomingFlagsQuery, UpcomingFlagsPage> {
  constructor(
    private readonly reads: FlagReads,
    private readonly clock: Clock,
  ) {}

  async execute({ query }: GetUpcomingFlagsQuery): Promise<UpcomingFlagsPage> {
    const today = todayInLondon(this.clock.now());
    const { within, cursor, limit, rule, severity, teamId, workerId, childId } = query;
    const after = cursor ? UPCOMING_CURSOR.decode(cursor) : undefined;
    const found = await this.reads.upcoming(today, within, { rule, severity, teamId, workerId, childId }, { after, limit: limit + 1 });
    return { today, until: addDays(today, within), ...pageOf(found, limit, UPCOMING_CURSOR, upcomingCursor) };
  }
}

/** A page of upcoming flags ends at a due date and a sort key (`upcomingCursor`). */
const UPCOMING_CURSOR: CursorOf = cursorAfter(new RegExp(`\\d{4}-\\d{2}-\\d{2}\\|${SORT_KEY.source}`));
