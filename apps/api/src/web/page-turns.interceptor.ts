import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/composition';
import pLimit, { type LimitFunction } from 'p-limit';
import { from, lastValueFrom, type Observable } from 'rxjs';

/** Pages worked on at once over PostgreSQL: it answers several reads at once (its pool holds ten connections), and one page waiting on it must not hold the others. */
const PAGES_AT_ONCE_ON_POSTGRES = 8;

/**
 * The dashboard's pages take turns. A page's work is in slices (a read of the read
 * model, a chart, a slice of a CSV), but pages asked at once put a slice of each between
 * two turns of anything else, so a health check or an API call waited for the sum of
 * them all. On the embedded store, which reads synchronously and so one read at a time
 * anyway, one page at a time: everything else is answered between two of its slices.
 * The API's reads do not wait here: each is one short read.
 */
@Injectable()
export class PageTurns implements NestInterceptor {
  private readonly limit: LimitFunction;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = pLimit(config.databaseUrl ? PAGES_AT_ONCE_ON_POSTGRES : 1);
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.limit(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
