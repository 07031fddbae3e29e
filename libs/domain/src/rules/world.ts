import type { IsoDate } from '../dates.js';
import { visibleFacts, type Fact, type SubjectTimeline, type View } from '../timeline.js';

/**
 * The local authority as the drift rules see it for one view (as of a date, as
 * known on a date): each worker's employment and team history, each child's
 * allocations and PLO episodes. Built once per evaluation, shared by every rule.
 */
export interface Employment {
  joinedOn: IsoDate;
  leftOn?: IsoDate;
  role: string;
  caseHolding: boolean;
  fte: number;
  eventId: string;
}

export interface WorkerView {
  id: string;
  employments: Employment[];
  teamChanges: { on: IsoDate; teamId: string }[];
  supervisions: Fact[];
}

/** A child's case held by one worker from `from` until the day before `to` (reallocation or closure). */
export interface Allocation {
  childId: string;
  workerId: string;
  teamId: string;
  from: IsoDate;
  to?: IsoDate;
  eventId: string;
  /** True when it replaced a different worker: a change of social worker. */
  isChange: boolean;
}

export interface PloEpisode {
  stage: string;
  enteredOn: IsoDate;
  exitedOn?: IsoDate;
  eventId: string;
}

/** Something that runs from one date until (the day before) another: a CP plan, a care episode, a placement. */
export interface Period {
  from: IsoDate;
  to?: IsoDate;
  eventId: string;
  data: Record<string, unknown>;
}

export interface ChildView {
  id: string;
  /** From ChildRegistered: YYYY-MM (ages count the 1st of the month as the birthday). */
  birthMonth?: string;
  disabled?: boolean;
  allocations: Allocation[];
  ploEpisodes: PloEpisode[];
  cpPlans: Period[];
  lookedAfter: Period[];
  placements: Period[];
  /** Assessments by id: open until completed. */
  assessments: Period[];
  /** Private fostering arrangements: from the notification until the case closes. */
  privateFostering: Period[];
  /** Every other fact by type, in date order (visits, conferences, reviews, referrals…). */
  byType: Map<string, Fact[]>;
}

export interface World {
  asOf: IsoDate;
  workers: WorkerView[];
  children: ChildView[];
}

export function buildWorld(timelines: Iterable<SubjectTimeline>, view: View): World {
  const world: World = { asOf: view.asOf, workers: [], children: [] };
  for (const t of timelines) {
    const facts = visibleFacts(t, view);
    if (t.type === 'worker') world.workers.push(workerView(t.id, facts));
    else world.children.push(childView(t.id, facts));
  }
  return world;
}

function workerView(id: string, facts: Fact[]): WorkerView {
  const w: WorkerView = { id, employments: [], teamChanges: [], supervisions: [] };
  for (const f of facts) {
    const d = f.data;
    if (f.type === 'WorkerJoined') {
      w.employments.push({ joinedOn: f.occurredOn, role: String(d.role), caseHolding: d.caseHolding === true, fte: Number(d.fte), eventId: f.eventId });
      w.teamChanges.push({ on: f.occurredOn, teamId: String(d.teamId) });
    } else if (f.type === 'WorkerChangedTeam') {
      w.teamChanges.push({ on: f.occurredOn, teamId: String(d.teamId) });
    } else if (f.type === 'WorkerLeft') {
      const current = w.employments.at(-1);
      if (current && !current.leftOn) current.leftOn = f.occurredOn;
    } else if (f.type === 'SupervisionHeld') {
      w.supervisions.push(f);
    }
  }
  return w;
}

function childView(id: string, facts: Fact[]): ChildView {
  const c: ChildView = { id, allocations: [], ploEpisodes: [], cpPlans: [], lookedAfter: [], placements: [], assessments: [], privateFostering: [], byType: new Map() };
  let lastWorker: string | undefined;
  for (const f of facts) {
    const d = f.data;
    const open = c.allocations.at(-1);
    recordPeriods(c, f);
    const list = c.byType.get(f.type);
    if (list) list.push(f);
    else c.byType.set(f.type, [f]);
    if (f.type === 'ChildRegistered') {
      c.birthMonth = String(d.birthMonth);
      c.disabled = d.disabled === true;
    } else if (f.type === 'CaseAllocated') {
      if (open && !open.to) open.to = f.occurredOn;
      const workerId = String(d.workerId);
      c.allocations.push({ childId: id, workerId, teamId: String(d.teamId), from: f.occurredOn, eventId: f.eventId, isChange: lastWorker !== undefined && lastWorker !== workerId });
      lastWorker = workerId;
    } else if (f.type === 'CaseClosed') {
      if (open && !open.to) open.to = f.occurredOn;
    } else if (f.type === 'PloStageEntered') {
      c.ploEpisodes.push({ stage: String(d.stage), enteredOn: f.occurredOn, eventId: f.eventId });
    } else if (f.type === 'PloStageExited') {
      const episode = c.ploEpisodes.findLast((e) => e.stage === d.stage && !e.exitedOn);
      if (episode) episode.exitedOn = f.occurredOn;
    }
  }
  return c;
}

/** Opens and closes the periods a fact starts or ends (the deciders keep them consistent). */
function recordPeriods(c: ChildView, f: Fact): void {
  const open = (list: Period[]) => list.push({ from: f.occurredOn, eventId: f.eventId, data: f.data });
  const close = (list: Period[], match: (p: Period) => boolean = () => true) => {
    const period = list.findLast((p) => !p.to && match(p));
    if (period) period.to = f.occurredOn;
  };
  switch (f.type) {
    case 'ChildProtectionPlanStarted':
      return void open(c.cpPlans);
    case 'ChildProtectionPlanEnded':
      return close(c.cpPlans);
    case 'BecameLookedAfter':
      return void open(c.lookedAfter);
    case 'CeasedLookedAfter':
      return close(c.lookedAfter);
    case 'PlacementStarted':
      return void open(c.placements);
    case 'PlacementEnded':
      return close(c.placements, (p) => p.data.placementId === f.data.placementId);
    case 'AssessmentStarted':
      return void open(c.assessments);
    case 'AssessmentCompleted':
      return close(c.assessments, (p) => p.data.assessmentId === f.data.assessmentId);
    case 'PrivateFosteringNotified':
      return void open(c.privateFostering);
    case 'CaseClosed':
      return close(c.privateFostering);
    default:
  }
}

export const covers = (a: { from: IsoDate; to?: IsoDate }, on: IsoDate): boolean => a.from <= on && (!a.to || on < a.to);

/** The period in force on a date, if any. */
export const periodOn = (periods: Period[], on: IsoDate): Period | undefined => periods.findLast((p) => covers(p, on));

/** A child's facts of one type dated within [from, to]. */
export function factsOf(c: ChildView, type: string, from: IsoDate, to: IsoDate): Fact[] {
  return (c.byType.get(type) ?? []).filter((f) => f.occurredOn >= from && f.occurredOn <= to);
}

export function employmentOn(w: WorkerView, on: IsoDate): Employment | undefined {
  return w.employments.find((e) => e.joinedOn <= on && (!e.leftOn || on <= e.leftOn));
}

export function teamOn(w: WorkerView, on: IsoDate): string | undefined {
  return w.teamChanges.findLast((c) => c.on <= on)?.teamId;
}

/** The allocation in force on a date, or the last one before it (for a closed case's team). */
export function allocationOn(c: ChildView, on: IsoDate): Allocation | undefined {
  return c.allocations.findLast((a) => a.from <= on);
}

export function isOpenOn(c: ChildView, on: IsoDate): boolean {
  const a = allocationOn(c, on);
  return a !== undefined && covers(a, on);
}
