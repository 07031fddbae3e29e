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

export type Role = 'social_worker' | 'newly_qualified' | 'senior_practitioner' | 'team_manager';
export type CaseKind = 'short' | 'medium' | 'long';
export type PloStage = 'pre_proceedings' | 'care_proceedings';

export interface Team {
  id: string;
  manager: Worker;
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
  /** Open cases allocated to this worker; each child knows its slot here for O(1) removal. */
  cases: Child[];
  /** Supervised late and badly. */
  drifting: boolean;
}

export interface Child {
  id: string;
  /** Birth year and month as months since year 0. */
  bornMonth: number;
  /** The worker holding the open case, and the case's slot in their list. */
  worker?: Worker;
  slot: number;
  /** Index in Sim.open while open. */
  openSlot: number;
  kind: CaseKind;
  plo?: PloStage;
  /** Has been through the PLO in this opening: it is not entered twice. */
  ploDone: boolean;
  /** Not closed before this day (e.g. a care order was just made). */
  holdUntil: number;
  closedDay: number;
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
  readonly calendar: Calendar;
  readonly recorder: Recorder;
  readonly scale: number;
  readonly teams: Team[] = [];
  readonly open: Child[] = [];
  /** Closed cases: some children are referred again. */
  readonly closed: Child[] = [];
  private readonly agenda = new Map<number, Action[]>();
  private today = Number.NEGATIVE_INFINITY;
  /** While the initial population is built: its events, dated in the past, are imported on day 0. */
  private imported: RecordEventRequest[] | undefined = [];
  private workerNumber = 0;
  private childNumber = 0;

  constructor(options: GeneratorOptions) {
    if (!(options.scale > 0)) throw new RangeError(`scale must be greater than 0: ${options.scale}`);
    this.scale = options.scale;
    this.random = new Random(options.seed);
    this.calendar = new Calendar(options.start, options.end);
    this.recorder = new Recorder(this.calendar, this.random);
  }

  nextWorkerId = (): string => `W-${String(++this.workerNumber).padStart(4, '0')}`;
  nextChildId = (): string => `C-${String(++this.childNumber).padStart(6, '0')}`;

  /** Records an event on `recordDay` (structural events: the day they occur) and returns its id. */
  record(recordDay: number, draft: Draft): string {
    const request = { eventId: this.random.uuid(), ...draft } as RecordEventRequest;
    if (this.imported) this.imported.push(request);
    else this.recorder.record(recordDay, request);
    return request.eventId as string;
  }

  /**
   * Ends the initial population: its events are imported on day 0 in the order
   * they occurred (a stable sort keeps each subject's same-day events in order).
   */
  importInitialPopulation(): void {
    const events = this.imported ?? [];
    this.imported = undefined;
    events.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
    for (const e of events) this.recorder.record(0, e);
  }

  /** Does `action` on the first workday on or after `day`; nothing after the end. */
  schedule(day: number, action: Action): void {
    const on = this.calendar.workdayOnOrAfter(day);
    if (on < this.today) throw new Error(`scheduled in the past: day ${on} (today is ${this.today})`);
    if (on >= this.calendar.days) return;
    const actions = this.agenda.get(on);
    if (actions) actions.push(action);
    else this.agenda.set(on, [action]);
  }

  /** Runs what is due today, including anything due today that those actions schedule. */
  runAgenda(day: number): void {
    this.today = day;
    const actions = this.agenda.get(day) ?? [];
    this.agenda.set(day, actions);
    for (let i = 0; i < actions.length; i++) actions[i](day);
    this.agenda.delete(day);
  }

  ageInYears(child: Child, day: number): number {
    return (this.calendar.monthIndex(day) - child.bornMonth) / 12;
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
