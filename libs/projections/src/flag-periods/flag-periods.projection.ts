import { assessmentPeriods, linkedSubjects, londonDate, sortKey, subjectKey, subjectOfStream, type AssessmentPeriod, type IsoDate, type Policy, type Subject, type SubjectTimeline } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { IsNull, type EntityManager } from 'typeorm';
import type { Projection } from '../projection.js';
import { SubjectTimelineProjection } from '../subject-timeline.projection.js';
import { FlagPeriodEntity, SubjectLinkEntity, type FlagPeriodRow } from './flag-period.entities.js';

/**
 * The flag read model, kept with the subject timelines in one transaction (one
 * checkpoint): for every subject, the periods in which it is in each rule's scope and
 * flagged or not, over as-of dates and over recording dates. Each recording day's
 * events recompute the periods of the subjects whose rules read the changed timelines
 * (their own, their workers', their teams'), from the earliest date the events changed;
 * superseded periods keep their rows with the recording date they stopped being believed.
 */
export class FlagPeriodProjection implements Projection {
  readonly name = 'subject-timelines';

  constructor(
    private readonly policy: Policy,
    private readonly timelines = new SubjectTimelineProjection(),
  ) {}

  async apply(events: StoredEvent[], tx: EntityManager, batch: number): Promise<void> {
    await this.timelines.apply(events, tx, batch);
    for (const [knownOn, changed] of await this.changesByRecordingDay(events, tx)) await this.recompute(changed, knownOn, tx);
  }

  async reset(tx: EntityManager): Promise<void> {
    await this.timelines.reset(tx);
    await tx.createQueryBuilder().delete().from(FlagPeriodEntity).execute();
    await tx.createQueryBuilder().delete().from(SubjectLinkEntity).execute();
  }

  invalidate(): void {
    this.timelines.invalidate();
  }

  /** For each recording day in the batch, the subjects whose timelines changed and the earliest date each change is dated. */
  private async changesByRecordingDay(events: StoredEvent[], tx: EntityManager): Promise<Map<IsoDate, Map<string, IsoDate>>> {
    const days = new Map<IsoDate, Map<string, IsoDate>>();
    for (const event of events.filter((e) => !e.erased)) {
      const subject = subjectOfStream(event.streamId);
      const key = subjectKey(subject);
      const on = await this.dateChanged(event, key, tx);
      const day = londonDate(event.metadata.recordedAt);
      const changed = days.get(day) ?? new Map<string, IsoDate>();
      days.set(day, changed);
      if (on !== undefined && (!changed.has(key) || on < changed.get(key)!)) changed.set(key, on);
    }
    return new Map([...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** The date an event changes its subject's history from: its own, or for a void its target's. */
  private async dateChanged(event: StoredEvent, key: string, tx: EntityManager): Promise<IsoDate | undefined> {
    if (event.type !== 'EventVoided') return londonDate(event.occurredAt);
    const [timeline] = await this.timelines.timelinesOf([key], tx);
    return timeline?.facts.find((f) => f.eventId === String(event.data.eventId))?.occurredOn;
  }

  private async recompute(changed: Map<string, IsoDate>, knownOn: IsoDate, tx: EntityManager): Promise<void> {
    const affected = new Map<string, { subject: Subject; from: IsoDate }>();
    const touch = (subject: Subject, from: IsoDate) => {
      const key = subjectKey(subject);
      const seen = affected.get(key);
      if (!seen || from < seen.from) affected.set(key, { subject, from });
    };
    for (const timeline of await this.timelines.timelinesOf([...changed.keys()], tx)) {
      const from = changed.get(subjectKey(timeline))!;
      await saveLinks(timeline, tx);
      touch(timeline, from);
      for (const s of linkedSubjects(timeline)) touch(s, from);
      for (const key of await linkingTo(subjectKey(timeline), tx)) touch(subjectOfKey(key), from);
    }
    for (const { subject, from } of affected.values()) {
      const periods = assessmentPeriods(subject, await this.neighbourhood(subject, tx), this.policy, { from, knownAt: knownOn });
      await replacePeriods(subject, from, periods, knownOn, tx);
    }
  }

  /** The timelines a subject's rules read: its own, those it names, and those naming it. */
  private async neighbourhood(subject: Subject, tx: EntityManager): Promise<SubjectTimeline[]> {
    const key = subjectKey(subject);
    const keys = new Set([key, ...(await linkingTo(key, tx))]);
    if (subject.type !== 'team') {
      const [own] = await this.timelines.timelinesOf([key], tx);
      for (const s of own ? linkedSubjects(own) : []) keys.add(subjectKey(s));
    }
    return this.timelines.timelinesOf(
      [...keys].filter((k) => !k.startsWith('team:')),
      tx,
    );
  }
}

const subjectOfKey = (key: string): Subject => {
  const at = key.indexOf(':');
  return { type: key.slice(0, at) as Subject['type'], id: key.slice(at + 1) };
};

async function saveLinks(timeline: SubjectTimeline, tx: EntityManager): Promise<void> {
  const key = subjectKey(timeline);
  const rows = linkedSubjects(timeline).map((s) => ({ subjectKey: key, linkedKey: subjectKey(s) }));
  if (rows.length > 0) await tx.createQueryBuilder().insert().into(SubjectLinkEntity).values(rows).orIgnore().execute();
}

async function linkingTo(key: string, tx: EntityManager): Promise<string[]> {
  const rows = await tx.find(SubjectLinkEntity, { where: { linkedKey: key } });
  return rows.map((r) => r.subjectKey);
}

/**
 * Makes the subject's believed periods from `from` on those derived, as known on
 * `knownOn`: a period that began before `from` is cut there (or carried on, when the
 * first new period continues it in the same state); rows no longer believed end their
 * belief on `knownOn` (or go, when believed only since `knownOn`); an identical row whose
 * belief ended on `knownOn` is believed again rather than written twice.
 */
async function replacePeriods(subject: Subject, from: IsoDate, periods: AssessmentPeriod[], knownOn: IsoDate, tx: EntityManager): Promise<void> {
  const rows = await tx.find(FlagPeriodEntity, {
    where: [
      { subjectType: subject.type, subjectId: subject.id, knownTo: IsNull() },
      { subjectType: subject.type, subjectId: subject.id, knownTo: knownOn },
    ],
  });
  // A period ending on `from` is included: the first new period may continue it (a batch boundary can fall between them).
  const current = rows.filter((r) => r.knownTo === null && (r.validTo === null || r.validTo >= from));
  const endedToday = new Map(rows.filter((r) => r.knownTo === knownOn).map((r) => [identity(r), r]));
  const wanted = new Map(desiredRows(subject, from, periods, current).map((r) => [identity(r), r]));
  const stale = current.filter((r) => !wanted.delete(identity(r)));
  const added = [...wanted.values()];
  const reopened = added.flatMap((r) => endedToday.get(identity(r)) ?? []);
  await byIds(
    stale.filter((r) => r.knownFrom === knownOn),
    (ids) => tx.createQueryBuilder().delete().from(FlagPeriodEntity).where('id IN (:...ids)', { ids }).execute(),
  );
  await byIds(
    stale.filter((r) => r.knownFrom !== knownOn),
    (ids) => tx.createQueryBuilder().update(FlagPeriodEntity).set({ knownTo: knownOn }).where('id IN (:...ids)', { ids }).execute(),
  );
  await byIds(reopened, (ids) => tx.createQueryBuilder().update(FlagPeriodEntity).set({ knownTo: null }).where('id IN (:...ids)', { ids }).execute());
  const inserts = added.filter((r) => !endedToday.has(identity(r))).map((r) => ({ ...r, knownFrom: knownOn, knownTo: null }));
  for (let i = 0; i < inserts.length; i += CHUNK)
    await tx
      .createQueryBuilder()
      .insert()
      .into(FlagPeriodEntity)
      .values(inserts.slice(i, i + CHUNK))
      .execute();
}

/** Rows per statement: 12 parameters each stays far below SQLite's and PostgreSQL's limits. */
const CHUNK = 200;

/** A period's identity: the same rule, days and state are the same belief, whichever row holds it. */
const identity = (r: FlagPeriodRow) => `${r.rule}|${r.validFrom}|${r.validTo ?? ''}|${r.state}`;

async function byIds(rows: FlagPeriodRow[], run: (ids: string[]) => Promise<unknown>): Promise<void> {
  const ids = rows.map((r) => r.id!);
  for (let i = 0; i < ids.length; i += CHUNK * 4) await run(ids.slice(i, i + CHUNK * 4));
}

/** The rows the subject should have from `from` on: the periods derived, joined to the ones running into `from` when they continue them. */
function desiredRows(subject: Subject, from: IsoDate, periods: AssessmentPeriod[], current: FlagPeriodRow[]): FlagPeriodRow[] {
  const rows = periods.map((p) => rowOf(subject, p));
  for (const before of current.filter((r) => r.validFrom < from)) {
    const next = rows.find((r) => r.rule === before.rule && r.validFrom === from);
    if (next && next.state === before.state) next.validFrom = before.validFrom;
    else rows.push({ ...before, id: undefined, validTo: from });
  }
  return rows;
}

function rowOf(subject: Subject, p: AssessmentPeriod): FlagPeriodRow {
  return {
    rule: p.rule,
    subjectType: subject.type,
    subjectId: subject.id,
    sortKey: sortKey({ rule: p.rule, subject }),
    validFrom: p.from,
    validTo: p.to ?? null,
    knownFrom: '',
    knownTo: null,
    teamId: p.state.teamId ?? null,
    workerId: p.state.workerId ?? null,
    severity: p.state.flag?.severity ?? null,
    dueSince: p.state.flag?.dueSince ?? null,
    state: JSON.stringify(p.state),
  };
}

/** The periods believed on `knownAt` (today's belief without one) that cover `asOf`. */
export async function periodsAt(tx: EntityManager, view: { asOf: IsoDate; knownAt?: IsoDate }): Promise<AssessmentPeriod[]> {
  const query = tx.createQueryBuilder(FlagPeriodEntity, 'p').where('p.valid_from <= :asOf', { asOf: view.asOf }).andWhere('(p.valid_to IS NULL OR p.valid_to > :asOf)', { asOf: view.asOf });
  if (view.knownAt) query.andWhere('p.known_from <= :knownAt AND (p.known_to IS NULL OR p.known_to > :knownAt)', { knownAt: view.knownAt });
  else query.andWhere('p.known_to IS NULL');
  const rows = await query.getMany();
  return rows.map((r) => ({
    rule: r.rule as AssessmentPeriod['rule'],
    subject: { type: r.subjectType as Subject['type'], id: r.subjectId },
    from: r.validFrom,
    ...(r.validTo ? { to: r.validTo } : {}),
    state: JSON.parse(r.state),
  }));
}
