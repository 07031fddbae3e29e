import { Controller, Get, Global, Inject, Injectable, Module, Query, type OnApplicationShutdown } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { DATE_RANGE, isIsoDate, isWithinDateRange, OUTSIDE_DATE_RANGE } from '@app/domain';
import { Allow } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { Clock, type AppConfig, lateBound, SchemaMigrator, sqliteFileOf, StoreStartup, APP_CONFIG } from '@app/composition';
import { correlationIdOf } from '../http/correlation.js';
import { PostgresAccessLog, SqliteAccessLog, type AccessEntry, type AccessLog, type LoggedRead } from './access-log.js';
import { GroupCommit } from './group-commit.js';

export const ACCESS_LOG = Symbol('ACCESS_LOG');

/** Where reads of child-level data are written: the embedded file beside the stores, or the PostgreSQL database. */
export function openAccessLog(config: AppConfig): Promise<AccessLog> | AccessLog {
  if (config.databaseUrl) return PostgresAccessLog.open(config.databaseUrl);
  return SqliteAccessLog.open(sqliteFileOf(config, 'accessLog'));
}

/** The access log, or a stand-in answering 503 until PostgreSQL can be reached (StoreStartup). */
async function accessLogAtStart(config: AppConfig, startup: StoreStartup, schemas: SchemaMigrator): Promise<AccessLog> {
  return lateBound(
    await startup.open(
      'accessLog',
      async () => {
        await schemas.ready('accessLog');
        return openAccessLog(config);
      },
      (log) => log.close(),
    ),
    { append: true, query: true, close: true },
  );
}

/** Entries in one transaction at most: bounds its size (a page may list thousands of children), not how long an entry waits. */
const ENTRIES_PER_COMMIT = 100;

/** Records who looked at which children, for the reads that show child-level data: one entry per request. */
@Injectable()
export class ChildReads implements OnApplicationShutdown {
  /** Requests logging at once share a transaction, and so one commit (and one flush to disk). */
  private readonly commits: GroupCommit<AccessEntry>;

  constructor(
    @Inject(ACCESS_LOG) private readonly log: AccessLog,
    private readonly clock: Clock,
  ) {
    this.commits = new GroupCommit((entries) => log.append(entries), ENTRIES_PER_COMMIT);
  }

  /**
   * Resolves once the entry is committed, so it is durable before the answer is sent;
   * a read that cannot be logged is not answered (the commit's error is its answer:
   * 503 when the database is unavailable).
   */
  async record(principal: Principal, req: Request, endpoint: string, childIds: Iterable<string>): Promise<void> {
    const children = [...new Set(childIds)];
    if (children.length === 0) return;
    await this.commits.add({
      at: this.clock.now().toISOString(),
      actor: principal.id,
      role: principal.role,
      ...(principal.teamId ? { teamId: principal.teamId } : {}),
      correlationId: correlationIdOf(req.headers['x-correlation-id']),
      endpoint,
      childIds: children,
    });
  }

  /** After the server has stopped taking requests: the entries still waiting are committed, then the log is closed. */
  async onApplicationShutdown(): Promise<void> {
    await this.commits.close();
    await this.log.close();
  }
}

const ref = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be a reference');
/** A date, or a UTC date-time, whose date is a real one in the range every date parameter has. */
const when = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+Z)?$/, { message: 'must be a date or a UTC date-time', abort: true })
  .refine((v) => isIsoDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)), { message: 'must be a date or a UTC date-time', abort: true })
  .refine((v) => isWithinDateRange(v.slice(0, 10)), OUTSIDE_DATE_RANGE)
  .describe(`A date (the whole day) or a UTC date-time, from ${DATE_RANGE.from} to ${DATE_RANGE.to}`);
const AccessLogQuery = z.strictObject({
  childId: ref.optional(),
  actor: ref.optional(),
  from: when.optional(),
  to: when.optional(),
  cursor: z.coerce.number().int().min(0).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

@ApiTags('access log')
@ApiBearerAuth()
@Controller('access-log')
export class AccessLogController {
  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog) {}

  @Get()
  @Allow('admin')
  @ApiOperation({ summary: 'Who read which child’s data, and when (admins only); oldest first' })
  async reads(@Query({ schema: AccessLogQuery }) query: z.infer<typeof AccessLogQuery>): Promise<{ reads: LoggedRead[]; nextCursor?: string }> {
    const reads = await this.log.query({ ...query, after: query.cursor, limit: query.limit + 1 });
    const page = reads.slice(0, query.limit);
    return reads.length > query.limit ? { reads: page, nextCursor: String(page.at(-1)!.id) } : { reads: page };
  }
}

@Global()
@Module({
  controllers: [AccessLogController],
  providers: [{ provide: ACCESS_LOG, inject: [APP_CONFIG, StoreStartup, SchemaMigrator], useFactory: accessLogAtStart }, ChildReads],
  exports: [ChildReads],
})
export class AccessLogModule {}
