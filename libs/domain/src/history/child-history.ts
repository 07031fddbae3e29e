import type { IsoDate } from '../dates.js';
import { definitionOf, type EventData, type OpenerOf, type PeriodKind } from '../events/catalogue.js';
import type { Fact, FactOf, FactType } from '../timeline.js';

/**
 * A child's history folded from their facts in practice order: the one reading of a
 * child's timeline that the deciders check a new event against and the drift rules
 * evaluate. `evolveChild` never refuses (the deciders do, before a fact is stored), so
 * a stored timeline folds whatever its view (as of a date, as known on a date).
 */

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

/** Something that runs from one date until (the day before) another, with the data of the fact that opened it. */
export interface Period<T extends FactType = FactType> {
  from: IsoDate;
  to?: IsoDate;
  eventId: string;
  data: EventData<T>;
}

/** Each kind of period a child's facts open, typed by the fact that opens it (from the catalogue's definitions). */
export type ChildPeriods = { [K in PeriodKind]: Period<OpenerOf<K>>[] };

export interface ChildView extends ChildPeriods {
  id: string;
  /** From ChildRegistered: YYYY-MM (ages count the 1st of the month as the birthday). */
  birthMonth?: string;
  disabled?: boolean;
  allocations: Allocation[];
  ploEpisodes: PloEpisode[];
  /** The latest personal adviser allocated. */
  personalAdviserId?: string;
  /** Every fact by type, in practice order (visits, conferences, reviews, referrals…). */
  byType: Map<FactType, Fact[]>;
}

export const emptyChild = (id: string): ChildView => ({
  id,
  allocations: [],
  ploEpisodes: [],
  cinPlans: [],
  cpPlans: [],
  lookedAfter: [],
  placements: [],
  assessments: [],
  privateFostering: [],
  missingEpisodes: [],
  byType: new Map(),
});

export function childHistory(id: string, facts: Iterable<Fact>): ChildView {
  const child = emptyChild(id);
  for (const f of facts) evolveChild(child, f);
  return child;
}

/** Adds one fact to a child's history (in place: the fold runs for every child on every evaluation). */
export function evolveChild(c: ChildView, f: Fact): void {
  changePeriod(c, f);
  const list = c.byType.get(f.type);
  if (list) list.push(f);
  else c.byType.set(f.type, [f]);
  switch (f.type) {
    case 'ChildRegistered':
      c.birthMonth = f.data.birthMonth;
      c.disabled = f.data.disabled;
      return;
    case 'CaseAllocated': {
      const last = c.allocations.at(-1);
      endAllocation(c, f.occurredOn);
      const isChange = last !== undefined && last.workerId !== f.data.workerId;
      c.allocations.push({ childId: c.id, workerId: f.data.workerId, teamId: f.data.teamId, from: f.occurredOn, eventId: f.eventId, isChange });
      return;
    }
    case 'CaseClosed':
      return endAllocation(c, f.occurredOn);
    case 'PloStageEntered':
      return void c.ploEpisodes.push({ stage: f.data.stage, enteredOn: f.occurredOn, eventId: f.eventId });
    case 'PloStageExited': {
      const episode = c.ploEpisodes.findLast((e) => e.stage === f.data.stage && !e.exitedOn);
      if (episode) episode.exitedOn = f.occurredOn;
      return;
    }
    case 'PersonalAdviserAllocated':
      c.personalAdviserId = f.data.workerId;
      return;
    default:
  }
}

function endAllocation(c: ChildView, on: IsoDate): void {
  const open = c.allocations.at(-1);
  if (open && !open.to) open.to = on;
}

/** Opens or closes the period the fact's definition names (the deciders keep them consistent). */
function changePeriod(c: ChildView, f: Fact): void {
  const change: PeriodChangeOf | undefined = definitionOf(f.type)?.period;
  if (!change) return;
  // Loosely typed here only: the definition pairs each period with the fact types that open and close it.
  const periods = c['opens' in change ? change.opens : change.closes] as Period[];
  if ('opens' in change) return void periods.push({ from: f.occurredOn, eventId: f.eventId, data: f.data });
  const field = change.matching;
  const data = f.data as Record<string, unknown>;
  const period = periods.findLast((p) => !p.to && (!field || (p.data as Record<string, unknown>)[field] === data[field]));
  if (period) period.to = f.occurredOn;
}

type PeriodChangeOf = { opens: PeriodKind } | { closes: PeriodKind; matching?: string };

/** A child's facts of one type, typed by it. */
export function factsOfType<T extends FactType>(c: ChildView, type: T): FactOf<T>[] {
  return (c.byType.get(type) ?? []) as FactOf<T>[];
}

/** A child's facts of one type dated within [from, to]. */
export function factsOf<T extends FactType>(c: ChildView, type: T, from: IsoDate, to: IsoDate): FactOf<T>[] {
  return factsOfType(c, type).filter((f) => f.occurredOn >= from && f.occurredOn <= to);
}

/** The period of a list still open at the end of the history folded so far (what the deciders check against). */
export const openPeriod = <P extends { to?: IsoDate }>(periods: P[]): P | undefined => periods.findLast((p) => !p.to);

/**
 * A value a period began with and each fact that changed it since, to a date: a spell in
 * care's legal status (LegalStatusChanged), a child protection plan's category
 * (ChildProtectionCategoryChanged). `valueOn` and `runOn` read them.
 */
export interface ChangingValue {
  from: IsoDate;
  eventId: string;
  value: string;
  changes: { occurredOn: IsoDate; eventId: string; value: string }[];
}

export function legalStatuses(c: ChildView, care: Period<'BecameLookedAfter'>, on: IsoDate): ChangingValue {
  const changes = factsOf(c, 'LegalStatusChanged', care.from, on).map((f) => ({ occurredOn: f.occurredOn, eventId: f.eventId, value: f.data.legalStatus }));
  return { from: care.from, eventId: care.eventId, value: care.data.legalStatus, changes };
}

export function cpCategories(c: ChildView, plan: Period<'ChildProtectionPlanStarted'>, on: IsoDate): ChangingValue {
  const changes = factsOf(c, 'ChildProtectionCategoryChanged', plan.from, on).map((f) => ({ occurredOn: f.occurredOn, eventId: f.eventId, value: f.data.category }));
  return { from: plan.from, eventId: plan.eventId, value: plan.data.category, changes };
}

/** The value in force at the end: the latest change's, or the value it began with. */
export const valueOn = (v: ChangingValue): string => v.changes.at(-1)?.value ?? v.value;

/**
 * The run, at the end, through which `test` of the value has held, or failed, without a
 * break: since the period's start or the change that last turned it, and by which fact.
 */
export function runOn(v: ChangingValue, test: (value: string) => boolean): { from: IsoDate; eventId: string; holds: boolean } {
  let run = { from: v.from, eventId: v.eventId, holds: test(v.value) };
  for (const change of v.changes) {
    const holds = test(change.value);
    if (holds !== run.holds) run = { from: change.occurredOn, eventId: change.eventId, holds };
  }
  return run;
}
