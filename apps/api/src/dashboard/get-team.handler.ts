import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  addDays,
  byUrgency,
  OPEN_CASES_RULE,
  supervisionRecord,
  todayInLondon,
  timelineOf,
  visibleFacts,
  workerHistory,
  workerStream,
  type Flag,
  type IsoDate,
  type SupervisionRecord,
  type View,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { Clock, EVENT_STORE, FlagReads, viewAsked } from '@app/composition';
import { GetTeamQuery } from './get-team.query.js';

/** How far ahead "due next" looks, in days. */
export const DUE_WITHIN_DAYS = 14;
/** More flags than one team has on any view: a team's list is read whole, to sort by urgency. */
const ALL = 100_000;

export interface TeamWorker {
  workerId: string;
  /** Children with an open case allocated to the worker on the date (in this team). */
  openCases: number;
  /** Undefined for a worker who is not case-holding here (their supervision is not audited). */
  supervision?: SupervisionRecord & { overdue?: Flag };
  /** Flags on the worker, on the children allocated to them, and how many of both are red. */
  own: number;
  children: number;
  red: number;
}

export interface TeamAnswer extends View {
  teamId: string;
  /** Every flag of the team's subjects on the view, most urgent first (GET /flags?teamId=, sorted). */
  flags: Flag[];
  /** What falls due in the next DUE_WITHIN_DAYS days (GET /flags/upcoming?teamId=): only for today as known now. */
  dueNext?: { until: IsoDate; flags: Flag[] };
  workers: TeamWorker[];
}

/**
 * A team manager's week: the team's flags by urgency, what falls due next, and per
 * worker the open cases (the read model's scope of open cases), the last supervision
 * (from the worker's own stream, folded as the rules fold it) and the flags on them and
 * their children. Work is proportional to the team, not the authority.
 */
@QueryHandler(GetTeamQuery)
export class GetTeamHandler implements IQueryHandler<GetTeamQuery, TeamAnswer> {
  constructor(
    private readonly reads: FlagReads,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ view: asked }: GetTeamQuery): Promise<TeamAnswer> {
    const { teamId } = asked;
    const view = viewAsked(asked, this.clock);
    const today = todayInLondon(this.clock.now());
    // One after another: the embedded store answers one transaction at a time.
    const found = await this.reads.flags(view, { teamId }, { limit: ALL });
    const open = await this.reads.inScope(view, { rule: OPEN_CASES_RULE, teamId });
    const supervised = await this.reads.inScope(view, { rule: 'SUPERVISION_OVERDUE', teamId });
    const dueNext = view.asOf === today && !view.knownAt ? await this.reads.upcoming(today, DUE_WITHIN_DAYS, { teamId }, { limit: ALL }) : undefined;
    const flags = [...found.flags].sort(byUrgency);
    const openCases = countBy(open.map((a) => a.workerId));
    const records = await this.supervisionRecords(
      supervised.map((a) => a.subject.id),
      view,
    );
    const workerIds = new Set([...records.keys(), ...openCases.keys(), ...flags.map(workerOf).filter((w): w is string => w !== undefined)]);
    const overdue = new Map(supervised.filter((a) => a.flag).map((a) => [a.subject.id, a.flag!]));
    const workers = [...workerIds].map((workerId) => ({
      workerId,
      openCases: openCases.get(workerId) ?? 0,
      ...(records.has(workerId) ? { supervision: { ...records.get(workerId)!, ...(overdue.has(workerId) ? { overdue: overdue.get(workerId) } : {}) } } : {}),
      ...flagCounts(flags, workerId),
    }));
    workers.sort((a, b) => b.red - a.red || b.own + b.children - (a.own + a.children) || a.workerId.localeCompare(b.workerId));
    return { ...view, teamId, flags, ...(dueNext ? { dueNext: { until: addDays(today, DUE_WITHIN_DAYS), flags: dueNext.flags } } : {}), workers };
  }

  /** Each worker's supervision on the view, from their own stream (a team's workers: tens of short streams). */
  private async supervisionRecords(workerIds: string[], view: View): Promise<Map<string, SupervisionRecord>> {
    const records = new Map<string, SupervisionRecord>();
    for (const id of workerIds) {
      const stored = await this.store.readStream(workerStream(id));
      if (stored.some((e) => e.erased)) continue;
      const timeline = timelineOf(
        'worker',
        id,
        stored.map((e) => ({ ...e, recordedAt: e.metadata.recordedAt })),
      );
      records.set(id, supervisionRecord(workerHistory(id, visibleFacts(timeline, view)), view.asOf));
    }
    return records;
  }
}

const workerOf = (f: Flag): string | undefined => (f.subject.type === 'worker' ? f.subject.id : f.workerId);

function flagCounts(flags: Flag[], workerId: string): Pick<TeamWorker, 'own' | 'children' | 'red'> {
  const mine = flags.filter((f) => workerOf(f) === workerId);
  return { own: mine.filter((f) => f.subject.type === 'worker').length, children: mine.filter((f) => f.subject.type === 'child').length, red: mine.filter((f) => f.severity === 'red').length };
}

function countBy(keys: (string | undefined)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}
