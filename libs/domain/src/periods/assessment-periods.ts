import { addDays, addMonths, birthdayAt, daysBetween, type IsoDate } from '../dates.js';
import { workingDaysBetween } from '../calendar.js';
import { DATE_RANGE } from '../date-range.js';
import { watchDates, type DateWatch } from '../date-watch.js';
import type { Policy } from '../policy.js';
import { RULE_FUNCTIONS, sortKey, type RuleFunction } from '../rules/evaluate.js';
import type { Assessment, Flag, RuleId, Subject } from '../rules/flag.js';
import { historyOf, type ChildView, type WorkerView, type World } from '../rules/world.js';
import { isVisible, type Fact, type SubjectTimeline } from '../timeline.js';

/**
 * What a rule says of a subject on the days of one period, with what only counts days
 * taken out: `daysOverdue` (days from `dueSince` to the as-of date) and a working-day
 * clock's `measures.workingDays` (its limit plus the working days since `dueSince`).
 */
export interface AssessmentState {
  teamId?: string;
  workerId?: string;
  flag?: Omit<Flag, 'rule' | 'subject' | 'teamId' | 'workerId' | 'daysOverdue'>;
  /** Set when the flag's measures carry a working-day clock, whose count is put back on reading. */
  workingDayClock?: true;
}

/** A subject in a rule's scope from `from` until the day before `to` (open-ended without one), in one state throughout. */
export interface AssessmentPeriod {
  rule: RuleId;
  subject: Subject;
  from: IsoDate;
  to?: IsoDate;
  state: AssessmentState;
}

/** The last day a question may be asked about (DATE_RANGE): a period still open then is open for good. */
const END = DATE_RANGE.to;

/**
 * The periods in which `subject` is in each of its rules' scope, and in which state,
 * from `from` on, as known on `knownAt` (today's knowledge without one).
 * Derived from the one evaluator, never from a second reading of the rules: each rule
 * is evaluated on the dates where its answer can change, found by watching the date
 * arithmetic of its evaluations (date-watch.ts): fact dates and the day after, due
 * dates, window ends, birthdays, and the days a count of days crosses a threshold (a
 * severity turning red), which the flag helpers report. Between two such dates nothing
 * a rule compares changes, so its answer holds. `assessmentsAt` reads the periods back;
 * a property test holds them equal to `evaluate` on generated histories.
 *
 * `timelines` must hold the subject's own and every timeline its rules read: its
 * neighbourhood (`Neighbourhoods.of`). `rules` limits the rules derived (default: all of
 * the subject's kind; `rulesReading` says which a change can alter).
 */
export function assessmentPeriods(
  subject: Subject,
  timelines: readonly SubjectTimeline[],
  policy: Policy,
  options: { from: IsoDate; knownAt?: IsoDate; rules?: readonly RuleId[] },
): AssessmentPeriod[] {
  const wanted = (s: Subject) => s.type === subject.type && s.id === subject.id;
  // A team rule assesses the one team asked about, not every team its members' cases passed through.
  const teams = subject.type === 'team' ? [subject.id] : undefined;
  const chosen = RULE_FUNCTIONS.filter((rule) => rule.over === OVER[subject.type] && (!options.rules || options.rules.includes(rule.rule as RuleId)));
  const worlds = new WorldsByDate(timelines, options.knownAt, factsRead(chosen));
  return chosen.flatMap((rule) => new RuleScan(rule, policy, worlds, options.from, wanted, teams).periods());
}

/**
 * The fact types these rules read (RuleDefinition.reads): a rule answers the same with
 * every other fact left out (rule-reads.unit.spec), so a team's caseload folds each
 * child's allocations, not their whole history.
 */
const factsRead = (rules: readonly RuleFunction[]): ReadonlySet<string> => new Set(rules.flatMap((r) => r.reads));

const OVER = { worker: 'workers', child: 'children', team: 'teams' } as const;

/**
 * The world on any date. Only facts dated on or before it count, so between two fact
 * dates nothing changes, and a subject's history changes only on its own fact dates:
 * each subject is folded again only when a date takes in more of its facts.
 */
class WorldsByDate {
  readonly isFactDate: (date: IsoDate) => boolean;
  /** Each timeline's facts of the types read, known on `knownAt`, in practice order (a date's facts are a prefix of them). */
  private readonly known: { timeline: SubjectTimeline; facts: Fact[]; folded?: { count: number; view: WorkerView | ChildView } }[];

  constructor(timelines: readonly SubjectTimeline[], knownAt: IsoDate | undefined, read: ReadonlySet<string>) {
    const view = { asOf: END, knownAt };
    this.known = timelines.map((timeline) => ({ timeline, facts: timeline.facts.filter((f) => read.has(f.type) && isVisible(f, view)) }));
    const dates = new Set<IsoDate>();
    for (const { facts } of this.known) for (const f of facts) dates.add(f.occurredOn);
    this.isFactDate = (date) => dates.has(date);
  }

  on(asOf: IsoDate): World {
    const world: World = { asOf, workers: [], children: [] };
    for (const entry of this.known) {
      const count = leadingRun(entry.facts, (f) => f.occurredOn <= asOf);
      if (entry.folded?.count !== count) entry.folded = { count, view: historyOf(entry.timeline, entry.facts.slice(0, count)) };
      if (entry.timeline.type === 'worker') world.workers.push(entry.folded.view as WorkerView);
      else world.children.push(entry.folded.view as ChildView);
    }
    return world;
  }

  /** The dates of facts of `types`, on or after `from`. */
  factDatesFrom(from: IsoDate, types: readonly string[]): IsoDate[] {
    const dates = this.datesOf(types);
    return dates.slice(leadingRun(dates, (d) => d < from));
  }

  private readonly byTypes = new Map<string, IsoDate[]>();

  private datesOf(types: readonly string[]): IsoDate[] {
    const key = types.join();
    let dates = this.byTypes.get(key);
    if (!dates) {
      const found = new Set<IsoDate>();
      for (const { facts } of this.known) for (const f of facts) if (types.includes(f.type)) found.add(f.occurredOn);
      dates = [...found].sort();
      this.byTypes.set(key, dates);
    }
    return dates;
  }
}

/** How many items, from the first, satisfy `holds`, which holds for a leading run of them (binary search). */
function leadingRun<T>(items: readonly T[], holds: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (holds(items[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Day arithmetic repeated for every rule and evaluation, remembered (the dates are few, the calls many). */
const dayCache = new Map<string, IsoDate>();
function addDaysOnce(date: IsoDate, n: number): IsoDate {
  const key = `${date}${n}`;
  let result = dayCache.get(key);
  if (result === undefined) {
    if (dayCache.size > 100_000) dayCache.clear();
    result = addDays(date, n);
    dayCache.set(key, result);
  }
  return result;
}

/** One rule's answers over time: each subject's state on every date evaluated. */
class RuleScan {
  private readonly states = new Map<IsoDate, Map<string, { subject: Subject; state: AssessmentState; key: string }>>();
  /** What earlier evaluations' date arithmetic already gave: each is turned into candidate dates once. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly rule: RuleFunction,
    private readonly policy: Policy,
    private readonly worlds: WorldsByDate,
    private readonly from: IsoDate,
    private readonly wanted: (subject: Subject) => boolean,
    private readonly teams?: string[],
  ) {}

  periods(): AssessmentPeriod[] {
    this.evaluateCandidates();
    return this.runs();
  }

  /** Evaluates the fact dates, then every date the evaluations show can matter, until no new one appears. */
  private evaluateCandidates(): void {
    // A rule can change its answer only on the dates of the facts it reads (RuleFunction.reads).
    let pending = new Set([this.from, ...andDayAfter(this.worlds.factDatesFrom(this.from, this.rule.reads))].filter((d) => d <= END));
    while (pending.size > 0) {
      const found = new Set<IsoDate>();
      for (const date of [...pending].sort()) for (const d of this.evaluate(date)) found.add(d);
      pending = new Set([...found].filter((d) => d >= this.from && d <= END && !this.states.has(d)));
    }
  }

  /** Evaluates the rule on `asOf` (once), keeping the wanted subjects' states; returns the dates its arithmetic shows can matter. */
  private evaluate(asOf: IsoDate): IsoDate[] {
    if (this.states.has(asOf)) return [];
    const { result, watch } = watchDates(asOf, this.worlds.isFactDate, () => this.rule.assess(this.worlds.on(asOf), this.policy, this.teams));
    const states = new Map<string, { subject: Subject; state: AssessmentState; key: string }>();
    for (const a of result) {
      if (!this.wanted(a.subject)) continue;
      const state = stateOf(a);
      states.set(sortKey(a), { subject: a.subject, state, key: JSON.stringify(state) });
    }
    this.states.set(asOf, states);
    return this.datesThatCanMatter(watch);
  }

  /**
   * The dates on which an evaluation watched by `watch` could answer differently, not
   * given by an earlier one: the dates it computed; for an offset it applied to the
   * as-of date (a trailing window), the fact dates shifted back by it, where the window
   * passes over them; for an age it read, every birthday.
   */
  private datesThatCanMatter(watch: DateWatch): IsoDate[] {
    const dates: IsoDate[] = [];
    const fresh = (key: string) => !this.seen.has(key) && Boolean(this.seen.add(key));
    for (const d of watch.computed) if (fresh(d)) dates.push(d);
    for (const offset of watch.offsets) {
      if (!fresh(offset)) continue;
      const [unit, amount] = offset.split(':');
      const n = -Number(amount);
      // Only the fact dates a window can still pass over on or after `from` (a month is 28 to 31 days).
      if (unit === 'days') dates.push(...this.worlds.factDatesFrom(addDays(this.from, -n), this.rule.reads).map((d) => addDaysOnce(d, n)));
      if (unit === 'months') dates.push(...this.worlds.factDatesFrom(addDays(this.from, n > 0 ? -31 * n : -28 * n), this.rule.reads).map((d) => addMonths(d, n)));
    }
    for (const month of watch.birthMonths) if (fresh(`born:${month}`)) for (let age = 0; age <= 30; age++) dates.push(birthdayAt(month, age));
    return andDayAfter(dates);
  }

  /** Each subject's runs of one state over the dates evaluated, in the order `evaluate` lists assessments. */
  private runs(): AssessmentPeriod[] {
    const open = new Map<string, AssessmentPeriod & { key: string }>();
    const periods: (AssessmentPeriod & { key: string })[] = [];
    for (const date of [...this.states.keys()].sort()) {
      const states = this.states.get(date)!;
      for (const [id, period] of open) {
        if (states.get(id)?.key === period.key) continue;
        period.to = date;
        open.delete(id);
      }
      for (const [id, { subject, state, key }] of states) {
        if (open.has(id)) continue;
        const period = { rule: this.rule.rule as RuleId, subject, from: date, state, key };
        open.set(id, period);
        periods.push(period);
      }
    }
    return periods.map(({ key: _key, ...period }) => period);
  }
}

/** Each date and the day after: a threshold is crossed on its date or, compared strictly, the day after (bisection finds any other). */
function andDayAfter(dates: Iterable<IsoDate>): IsoDate[] {
  return [...dates].flatMap((d) => [d, addDaysOnce(d, 1)]);
}

/** An assessment without what only counts days (see AssessmentState). */
function stateOf(a: Assessment): AssessmentState {
  const state: AssessmentState = {};
  if (a.teamId !== undefined) state.teamId = a.teamId;
  if (a.workerId !== undefined) state.workerId = a.workerId;
  if (a.flag) {
    const { rule: _r, subject: _s, teamId: _t, workerId: _w, daysOverdue: _d, ...flag } = a.flag;
    if (isWorkingDayClock(flag.measures)) {
      const { workingDays: _days, ...measures } = flag.measures;
      flag.measures = measures;
      state.workingDayClock = true;
    }
    if (flag.measures === undefined) delete flag.measures;
    state.flag = flag;
  }
  return state;
}

/** A working-day clock's measures (flag.ts workingDaysOverdue): the working days so far, and the limit. */
const isWorkingDayClock = (measures: Flag['measures']): measures is Record<string, number | string> & { workingDays: number; limit: number } =>
  typeof measures?.workingDays === 'number' && typeof measures.limit === 'number';

/** The assessments in force on `asOf`, as `evaluate` gives them (for the same knowledge), from the periods. */
export function assessmentsAt(periods: Iterable<AssessmentPeriod>, asOf: IsoDate): Assessment[] {
  const out: Assessment[] = [];
  for (const p of periods) if (p.from <= asOf && (p.to === undefined || asOf < p.to)) out.push(assessmentOf(p, asOf));
  return out.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

/** What a period says of its subject on `asOf`, a day it covers: its counts of days put back (see AssessmentState). */
export function assessmentOf(p: AssessmentPeriod, asOf: IsoDate): Assessment {
  const base = { rule: p.rule, subject: p.subject, ...(p.state.teamId !== undefined ? { teamId: p.state.teamId } : {}), ...(p.state.workerId !== undefined ? { workerId: p.state.workerId } : {}) };
  const flag = p.state.flag;
  if (!flag) return base;
  const measures = p.state.workingDayClock && flag.measures ? withWorkingDays(flag.measures, flag.dueSince, asOf) : flag.measures;
  // The keys in the evaluator's order (flag.ts): answers are compared byte for byte.
  const { dueSince, ...rest } = flag;
  return { ...base, flag: { ...base, dueSince, daysOverdue: daysBetween(dueSince, asOf), ...rest, ...(measures ? { measures } : {}) } };
}

/** A working-day clock's count on `asOf`: its limit, reached on `dueSince`, plus the working days since. */
function withWorkingDays(measures: Record<string, number | string>, dueSince: IsoDate, asOf: IsoDate): Record<string, number | string> {
  return { workingDays: Number(measures.limit) + workingDaysBetween(dueSince, asOf), ...measures };
}
