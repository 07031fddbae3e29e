import { BadRequestException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { flagsOf, sortKey, type Flag } from '@app/domain';
import { Clock, AssessmentsService, viewAsked } from '@app/composition';
import { GetFlagsQuery, type FlagsQuery } from './get-flags.query.js';

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
    private readonly assessments: AssessmentsService,
    private readonly clock: Clock,
  ) {}

  async execute({ query }: GetFlagsQuery): Promise<FlagsPage> {
    const view = viewAsked(query, this.clock);
    const flags = flagsOf(await this.assessments.assessments(view)).filter(matches(query));
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const start = after === undefined ? 0 : flags.findIndex((f) => sortKey(f) > after);
    const page = start < 0 ? [] : flags.slice(start, start + query.limit);
    const more = start >= 0 && start + query.limit < flags.length;
    return {
      ...view,
      total: flags.length,
      flags: page,
      ...(more ? { nextCursor: encodeCursor(sortKey(page[page.length - 1])) } : {}),
    };
  }
}

function matches(q: FlagsQuery): (f: Flag) => boolean {
  return (f) =>
    (!q.rule || f.rule === q.rule) &&
    (!q.severity || f.severity === q.severity) &&
    (!q.teamId || f.teamId === q.teamId) &&
    (!q.workerId || (f.subject.type === 'worker' && f.subject.id === q.workerId) || f.workerId === q.workerId) &&
    (!q.childId || (f.subject.type === 'child' && f.subject.id === q.childId));
}

/** Cursors name the last flag's sort key, so a page stays right when flags before it come or go. */
const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Z_]+\|(worker|child|team)\|[A-Za-z0-9._-]+$/.test(key)) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['cursor: not a cursor from a previous page'] });
  }
  return key;
}
