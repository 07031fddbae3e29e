import type { RecordEventRequest } from '@app/domain';
import { Calendar } from './calendar.js';
import { Random } from './random.js';
import { Recorder } from './recorder.js';

export interface GeneratorOptions {
  /** Same seed and options give byte-identical output. */
  seed: number;
  /** First day of the history, YYYY-MM-DD: the initial population is imported on it. */
  start: string;
  /** Last day (inclusive): nothing is dated or recorded after it. */
  end: string;
  /** 1 is a mid-size LA (about 130 case-holding workers in 10 teams, about 2,000 open cases); 0.05 a tiny slice for tests. */
  scale: number;
}

export type Role = 'social_worker' | 'newly_qualified' | 'senior_practitioner' | 'team_manager' | 'personal_adviser';
/**
 * What a case is about, decided when it opens (see pathways.ts): an assessment that
 * ends in no further action, child-in-need work, a child protection plan, a child
 * coming into care, or a private fostering arrangement.
 */
export type CaseKind = 'short' | 'medium' | 'long' | 'care' | 'fostering';
export type PloStage = 'pre_proceedings' | 'care_proceedings';
export type AssessmentKind = 'child_and_family' | 'section_47' | 'disabled_children';
/** How a spell in care ends: home, a special guardianship order, adoption, at 18, or to independent living at 16–17. */
export type CareRoute = 'return_home' | 'sgo' | 'adoption' | 'long_term' | 'independence';

export interface Team {
  id: string;
  manager: Worker;
  /** The manager before `manager` (left the day before they joined): oversight of older decisions is theirs. */
  previousManager?: Worker;
  /** Case-holding workers in post now, and the sum of their capacities (kept up to date: new cases are shared by it). */
  members: Worker[];
  capacity: number;
  /** Takes more cases per worker and relies on agency staff, who leave often: high caseloads and changes of worker. */
  pressured: boolean;
  /** Its manager lets supervision slip: long gaps, short unreflective sessions. */
  lax: boolean;
}

export interface Worker {
  id: string;
  team: Team;
  role: Role;
  agency: boolean;
  fte: number;
  joinedDay: number;
  active: boolean;
  /** Cases this worker is given relative to a full-time colleague (fte, newly qualified protection, the odd over-loaded worker). */
  capacity: number;
  /** Open cases allocated to this worker (a personal adviser: their young people); each child knows its slot here for O(1) removal. */
  cases: Child[];
  /** Supervised late and badly; visits slip more. */
  drifting: boolean;
}

export interface OpenAssessment {
  id: string;
  kind: AssessmentKind;
  /** A section 47 enquiry whose case has an initial conference booked: its outcome says one is needed. */
  conferenceBooked?: boolean;
}

export interface CpPlan {
  since: number;
  category: string;
}

export interface Placement {
  id: string;
  since: number;
  intendedUntil18: boolean;
}

export interface CareEpisode {
  since: number;
  /** Its legal status now (SSDA903 code). */
  legalStatus: string;
  /** The day of the spell's last strengths and difficulties questionnaire. */
  lastSdq?: number;
  /** Undefined while a court decides (care proceedings issued): the order decides how the spell ends. */
  route?: CareRoute;
  placement?: Placement;
  /** Moves placement several times a year (mostly teenagers): the PLACEMENT_INSTABILITY flags. */
  unstable: boolean;
  /** Matched to a long-term placement: later placements are intended until 18 too. */
  matched: boolean;
}

export interface PrivateFostering {
  notifiedDay: number;
}

export interface Child {
  id: string;
  /** Birth year and month as months since year 0. */
  bornMonth: number;
  disabled: boolean;
  /** The worker holding the open case, and the case's slot in their list. */
  worker?: Worker;
  /** Initial population only: who held the case before `worker` joined the team. */
  earlierWorker?: Worker;
  slot: number;
  /** Index in Sim.open while open. */
  openSlot: number;
  kind: CaseKind;
  /** Counts the child's case openings: actions booked for an earlier opening see it changed and stop. */
  opening: number;
  plo?: PloStage;
  /** Has been through the PLO in this opening: it is not entered twice. */
  ploDone: boolean;
  /** Not closed before this day (e.g. a care order was just made). */
  holdUntil: number;
  closedDay: number;
  assessment?: OpenAssessment;
  /** The day the open assessment is due to complete: closure waits for it. */
  assessmentDue: number;
  /** A child in need plan recorded as started and not yet ended. */
  cinPlan?: boolean;
  cp?: CpPlan;
  care?: CareEpisode;
  /** Ceased to be looked after aged 16 or over: a pathway plan and a personal adviser until 21. */
  careLeaver: boolean;
  /** Pathway plan reviews are booked (from 16, while in care or a care leaver, until 21). */
  pathwayPlanned: boolean;
  adviser?: Worker;
  fostering?: PrivateFostering;
  /**
   * The last day a record that needs the child's current state (looked after, on a
   * plan, privately fostered) is dated: such records may be logged days later, so
   * the state does not end on that day (it would then end before them).
   */
  busyDay: number;
  /** Tokens of the running visit and child-in-need review chains: restarting one stops the old one. */
  visitChain: number;
  cinChain: number;
}

/** A request before it gets its eventId (one per catalogue type, so `data` stays checked). */
export type Draft = { [T in RecordEventRequest['type']]: Omit<Extract<RecordEventRequest, { type: T }>, 'eventId'> }[RecordEventRequest['type']];

type Action = (day: number) => void;

/** Weekdays a year: daily rates are yearly rates over this. */
export const WORKDAYS_PER_YEAR = 261;

/**
 * The simulated local authority: its teams, workers and open cases, an agenda of
 * things due on later days (closures, PLO exits, leavings, supervisions) and the
 * recorder that turns what happens into events.
 */
export class Sim {
  readonly random: Random;
  private readonly seed: number;
  private readonly streams = new Map<string, Random>();
  readonly calendar: Calendar;
  readonly recorder: Recorder;
  readonly scale: number;
  readonly teams: Team[] = [];
  readonly open: Child[] = [];
  /** Closed cases: some children are referred again. */
  readonly closed: Child[] = [];
  /** Personal advisers in post (leaving care team): not case holders, not in `teams`. */
  readonly advisers: Worker[] = [];
  /** Mean length of a new case in days, estimated when the initial population is drawn: sets the intake. */
  meanCaseDays = 200;
  private readonly agenda = new Map<number, Action[]>();
  private today = Number.NEGATIVE_INFINITY;
  /** Today's agenda has run: nothing more can be booked for today. */
  private todayDone = false;
  /** While the initial population is built: its events, dated in the past, are imported on day 0 (their ids given then). */
  private imported: Draft[] | undefined = [];
  private workerNumber = 0;
  private childNumber = 0;
  private readonly refNumbers = new Map<string, number>();

  constructor(options: GeneratorOptions) {
    if (!(options.scale > 0)) throw new RangeError(`scale must be greater than 0: ${options.scale}`);
    this.scale = options.scale;
    this.random = new Random(options.seed);
    this.seed = options.seed;
    this.calendar = new Calendar(options.start, options.end);
    this.recorder = new Recorder(this.calendar, this.random);
  }

  nextWorkerId = (): string => `W-${String(++this.workerNumber).padStart(4, '0')}`;
  nextChildId = (): string => `C-${String(++this.childNumber).padStart(6, '0')}`;
  /** A fresh assessment (A-…), placement (P-…) or missing episode (M-…) reference. */
  nextRef(prefix: 'A' | 'P' | 'M'): string {
    const n = (this.refNumbers.get(prefix) ?? 0) + 1;
    this.refNumbers.set(prefix, n);
    return `${prefix}-${String(n).padStart(6, '0')}`;
  }

  /** True while the initial population's past is built (until it is imported). */
  get building(): boolean {
    return this.imported !== undefined;
  }

  /**
   * Records an event on `recordDay` (structural events: the day they occur) and
   * returns its id. While the initial population is built the event goes to the
   * import instead, and gets its id there (most of the past is summarised away).
   */
  record(recordDay: number, draft: Draft): string {
    if (this.imported) {
      this.imported.push(draft);
      return '';
    }
    const request = { eventId: this.random.uuid(), ...draft } as RecordEventRequest;
    this.recorder.record(recordDay, request);
    return request.eventId as string;
  }

  /**
   * A random stream of its own for a part of the history added to the catalogue later
   * (missing episodes, care leavers' contact): what it draws and records leaves every
   * other part as it was, so adding one changes no earlier figure.
   */
  stream(name: string): Random {
    let stream = this.streams.get(name);
    if (!stream) this.streams.set(name, (stream = new Random(this.seed ^ fnv1a(name))));
    return stream;
  }

  /** Records an event drawn from `stream` (never part of the initial population's import) on the day it occurs. */
  recordFrom(stream: Random, day: number, draft: Draft): void {
    this.recorder.record(day, { eventId: stream.uuid(), ...draft } as RecordEventRequest, stream);
  }

  /**
   * Plays the initial population's past: the agenda runs from the earliest booked
   * day up to the day before the start, recording into the import, so every open
   * case reaches day 0 in the state its own history led to.
   */
  runPast(): void {
    const days = [...this.agenda.keys()].filter((d) => d < 0);
    if (days.length === 0) return;
    for (let day = Math.min(...days); day < 0; day++) if (this.agenda.has(day)) this.runAgenda(day);
  }

  /**
   * Ends the initial population: its events, summarised as an import would carry
   * them (import.ts), are imported on day 0 in the order they occurred (a stable
   * sort keeps each subject's same-day events in order).
   */
  importInitialPopulation(summarise: <E extends Draft>(events: E[]) => E[]): void {
    const events = this.imported ?? [];
    this.imported = undefined;
    events.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
    for (const e of summarise(events)) this.recorder.record(0, { eventId: this.random.uuid(), ...e } as RecordEventRequest);
  }

  /** Does `action` on the first workday on or after `day`; nothing after the end. */
  schedule(day: number, action: Action): void {
    const on = this.calendar.workdayOnOrAfter(day);
    if (on < this.today || (on === this.today && this.todayDone)) throw new Error(`scheduled in the past: day ${on} (today is ${this.today})`);
    if (on >= this.calendar.days) return;
    const actions = this.agenda.get(on);
    if (actions) actions.push(action);
    else this.agenda.set(on, [action]);
  }

  /** Does `action` by `day`: on the last workday on or before it (a duty due by then), but not before today. */
  scheduleBy(day: number, action: Action): void {
    this.schedule(Math.max(this.calendar.workdayOnOrBefore(day), this.today), action);
  }

  /** Starts a day: what happens on it may book more for the same day, until its agenda has run. */
  startDay(day: number): void {
    this.today = day;
    this.todayDone = false;
  }

  /** Runs what is due today, including anything due today that those actions schedule. */
  runAgenda(day: number): void {
    if (day !== this.today) this.startDay(day);
    const actions = this.agenda.get(day) ?? [];
    this.agenda.set(day, actions);
    for (let i = 0; i < actions.length; i++) actions[i](day);
    this.agenda.delete(day);
    this.todayDone = true;
  }

  ageInYears(child: Child, day: number): number {
    return (this.calendar.monthIndex(day) - child.bornMonth) / 12;
  }

  /** The day the child turns `years` (the birthday counts as the 1st of the birth month, as the rules do). */
  birthday(child: Child, years: number): number {
    return this.calendar.firstOfMonth(child.bornMonth + 12 * years);
  }

  addOpen(child: Child): void {
    child.openSlot = this.open.length;
    this.open.push(child);
  }

  removeOpen(child: Child): void {
    const last = this.open.pop() as Child;
    if (last !== child) {
      this.open[child.openSlot] = last;
      last.openSlot = child.openSlot;
    }
  }
}

/** A 32-bit FNV-1a hash: a stream's seed from its name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Takes a case off a worker's list (unordered: the last case fills the gap). */
export function removeCase(worker: Worker, child: Child): void {
  const last = worker.cases.pop() as Child;
  if (last !== child) {
    worker.cases[child.slot] = last;
    last.slot = child.slot;
  }
}

export function addCase(worker: Worker, child: Child): void {
  child.slot = worker.cases.length;
  worker.cases.push(child);
}

/**
 * How much more often practice slips for this child's case than the norm: the
 * pressured and lax teams and drifting workers miss dates more (inspection 2022 ¶45–46).
 */
export function slackOf(child: Child): number {
  const worker = child.worker;
  if (!worker) return 1;
  const team = worker.team.pressured ? 2 : worker.team.lax ? 1.7 : 1;
  return team * (worker.drifting ? 1.3 : 1);
}

/** The worker who held the case on `day`: in the initial population's past, possibly an earlier colleague, or nobody yet. */
export function holderOn(child: Child, day: number): Worker | undefined {
  const worker = child.worker;
  if (worker && worker.joinedDay <= day) return worker;
  const earlier = child.earlierWorker;
  return earlier && earlier.joinedDay <= day ? earlier : undefined;
}

/** The team manager in post on `day` (the previous one before the current one joined). */
export function managerOn(team: Team, day: number): Worker | undefined {
  if (team.manager.joinedDay <= day) return team.manager;
  const previous = team.previousManager;
  return previous && previous.joinedDay <= day ? previous : undefined;
}
