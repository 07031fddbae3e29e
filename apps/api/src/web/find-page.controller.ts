import { Get, Inject, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { childStream, workerStream } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/composition';
import type { Response } from 'express';
import type { z } from 'zod';
import { refuseUnseenSubject } from '../auth/team-scope.js';
import { DashboardPages } from './dashboard-page.decorator.js';
import { FindQuery } from './page-query.js';
import type { PageRequest } from './pages.js';

/**
 * The reference search above every page: the child's page for a child's reference, else
 * the worker's. Only whether the subject is recorded is read here; its page then applies
 * every rule of who may see it (a team-bound manager gets another team's child refused
 * there, and an unknown reference refused in the same words here).
 */
@DashboardPages()
export class FindPageController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('find')
  async find(@Query({ schema: FindQuery }) query: z.infer<typeof FindQuery>, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const page = (await this.isRecorded(childStream(query.ref))) ? 'children' : (await this.isRecorded(workerStream(query.ref))) ? 'workers' : undefined;
    if (page) return res.redirect(303, `/dashboard/${page}/${encodeURIComponent(query.ref)}`);
    // The reference is not repeated: the reader has it, and an error page quotes nothing it was sent.
    refuseUnseenSubject(
      req.principal!,
      'ref: this reference',
      () => new NotFoundException({ statusCode: 404, error: 'Not Found', message: ['ref: no child or worker with this reference is recorded'] }),
    );
  }

  private async isRecorded(stream: string): Promise<boolean> {
    return (await this.store.readStream(stream)).length > 0;
  }
}
