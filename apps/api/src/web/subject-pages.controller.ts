import { Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  childSummary,
  EVENT_KIND_LABELS,
  eventKindsOf,
  eventLabel,
  longDate,
  OPEN_CASES_RULE,
  timelineByYear,
  timelineOf,
  workerSummary,
  type ChildSummary,
  type EventKind,
  type Flag,
  type SubjectTimeline,
  type WorkerSummary,
} from '@app/domain';
import { FlagReads } from '@app/composition';
import type { Response } from 'express';
import type { z } from 'zod';
import { ChildReads } from '../access-log/access-log.module.js';
import { scopedTeam } from '../auth/team-scope.js';
import type { SubjectHistory } from '../subjects/get-subject-history.handler.js';
import { DashboardPages } from './dashboard-page.decorator.js';
import { PageContext, type View } from './page-context.js';
import { queryString } from './page-links.js';
import { SubjectPageQuery, SubjectParam } from './page-query.js';
import { childrenIn, PageReads } from './page-reads.js';
import { Pages, type PageRequest } from './pages.js';

/** What a child's or a worker's page shows above its flags: the child's summary, or the worker's with their open cases and their children's flags. */
type SubjectExtras = { childSummary: ChildSummary } | { workerSummary: WorkerSummary & { openCases: number }; childFlags: Flag[] };

/** A child's and a worker's pages: where they stand on the date, their flags with the evidence, and their timeline by year. */
@DashboardPages()
export class SubjectPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly context: PageContext,
    private readonly reads: PageReads,
    private readonly childReads: ChildReads,
    private readonly flagReads: FlagReads,
  ) {}

  /** A worker's page: who they are and how they are supervised on the date, their open cases, the flags on them and their children, and their timeline. */
  @Get('workers/:id')
  async worker(
    @Param({ schema: SubjectParam }) params: z.infer<typeof SubjectParam>,
    @Query({ schema: SubjectPageQuery }) query: SubjectPageQuery,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const view = this.context.viewOf(query, req.principal!);
    const history = await this.reads.history('worker', params.id, view, req.principal!);
    // A team-bound manager's count and flags are of their team's children only, as the rest of the page.
    const teamId = scopedTeam(req.principal!, undefined);
    const childFlags = (await this.reads.allFlags({ asOf: view.asOf, knownAt: view.knownAt, teamId, workerId: params.id })).filter((f) => f.subject.type === 'child');
    const openCases = (await this.flagReads.inScope(view, { rule: OPEN_CASES_RULE, teamId, workerId: params.id })).length;
    await this.childReads.record(req.principal!, req, 'GET /dashboard/workers/{workerId}', childrenIn(childFlags));
    const summary = { ...workerSummary(subjectTimeline(history), view), openCases };
    this.render(req, res, view, history, `Worker ${params.id}`, query.kind, { workerSummary: summary, childFlags });
  }

  /** A child's page: where the child stands on the date, their flags with the evidence, and their timeline. */
  @Get('children/:id')
  async child(
    @Param({ schema: SubjectParam }) params: z.infer<typeof SubjectParam>,
    @Query({ schema: SubjectPageQuery }) query: SubjectPageQuery,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const view = this.context.viewOf(query, req.principal!);
    const history = await this.reads.history('child', params.id, view, req.principal!);
    await this.childReads.record(req.principal!, req, 'GET /dashboard/children/{childId}', [params.id]);
    // From the events the page shows (a team-bound manager's: their team's time), so the summary tells no more than the timeline.
    this.render(req, res, view, history, `Child ${params.id}`, query.kind, { childSummary: childSummary(subjectTimeline(history), view) });
  }

  private render(req: PageRequest, res: Response, view: View, history: SubjectHistory, heading: string, kind: EventKind | undefined, extra: SubjectExtras): void {
    const eventsHere = Object.fromEntries(history.events.map((e) => [e.eventId, `${eventLabel(e.type)}, ${longDate(e.occurredAt)}`]));
    const evidenceFor: Record<string, string[]> = {};
    // Lists link to a flag's nth piece of evidence by the flag, not the event's id, which a team-bound manager may not see.
    const evidenceAnchors: Record<string, string[]> = {};
    for (const f of history.flags) {
      f.evidence.forEach((id, n) => {
        (evidenceFor[id] ??= []).push(f.rule);
        (evidenceAnchors[id] ??= []).push(evidenceAnchor(f.rule, n));
      });
    }
    const selfPath = `/dashboard/${history.subject.type === 'child' ? 'children' : 'workers'}/${encodeURIComponent(history.subject.id)}`;
    this.pages.render(req, res, 'subject.njk', {
      ...this.context.common(view, req.principal!, 'overview'),
      title: heading,
      heading,
      backLink: `/dashboard/overview${queryString(view)}`,
      selfPath,
      teamChoice: false,
      // A team-bound manager's summary and timeline hold only the subject's time in their team: the captions say so.
      timelineTeam: req.principal!.teamId,
      history,
      ...extra,
      eventsHere,
      evidenceFor,
      evidenceAnchors,
      kind,
      kinds: eventKindsOf(history.subject.type).map((k) => ({ value: k, text: EVENT_KIND_LABELS[k] })),
      kindLabel: kind && EVENT_KIND_LABELS[kind],
      everythingUrl: `${selfPath}${queryString(view)}#timeline`,
      years: timelineByYear(history.events, kind, new Set(Object.keys(evidenceFor))),
    });
  }
}

/** The page's events as the domain's timeline (in the order recorded, voids marking their targets): the summary is folded from what the page shows. */
function subjectTimeline(history: SubjectHistory): SubjectTimeline {
  return timelineOf(
    history.subject.type,
    history.subject.id,
    history.events.map((e, i) => ({ ...e, streamVersion: i })),
  );
}

/** Where a list's link to a flag's nth piece of evidence lands on the child's or worker's page (`evidenceLinks` in _macros.njk). */
const evidenceAnchor = (rule: string, n: number): string => `evidence-${rule}-${n + 1}`;
