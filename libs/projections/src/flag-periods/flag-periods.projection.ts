import { createHash } from 'node:crypto';
import {
  assessmentPeriods,
  DATE_RANGE,
  linkedSubjects,
  londonDate,
  readLinkedHistories,
  rulesReading,
  subjectKey,
  subjectOfStream,
  type HistoryChange,
  type IsoDate,
  type Policy,
  type RuleId,
  type Subject,
  type SubjectTimeline,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection.js';
import { erasureCount } from '../read-model/erasure-count.js';
import { SubjectTimelineProjection } from '../subject-timeline.projection.js';
import { FlagPeriodEntity, SubjectLinkEntity } from './flag-period.entities.js';
import { EVERYTHING_CHANGED, logFlagPeriodChanges, type FlagPeriodChange } from './compliance-cache.js';
import { believedRows, PeriodWrites } from './period-rows.js';
import { SubjectLinks } from './subject-links.js';

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
  /** How the periods are derived (the number: bumped when a rule or the derivation changes) and under which thresholds: another POLICY_FILE projects them again. */
  readonly version: string;
  private turnStarted = performance.now();
  private readonly links = new SubjectLinks();
  /** read_model_erasures.count when this process last looked. */
  private erasuresSeen?: string;

  constructor(
    private readonly policy: Policy,
    private readonly timelines = new SubjectTimelineProjection(),
  ) {
    // The thresholds decide every period; the targets only grade the rates shown, so changing one rebuilds nothing.
    const { targets: _targets, ...thresholds } = policy;
    this.version = `flag-periods-1:${createHash('sha256').update(JSON.stringify(thresholds)).digest('hex').slice(0, 16)}`;
  }

  async apply(events: StoredEvent[], tx: EntityManager, batch: number): Promise<void> {
    await this.forgetErasedElsewhere(tx);
    await this.timelines.apply(events, tx, batch);
    const logged: FlagPeriodChange[] = [];
    for (const [knownOn, changed] of await this.changesByRecordingDay(events, tx)) {
      const changedFrom = await this.recompute(changed, knownOn, tx);
      if (changedFrom) logged.push({ changedFrom, knownOn });
    }
    await logFlagPeriodChanges(tx, logged);
  }

  /**
   * Drops the timelines and links held in memory when an erasure was counted since the
   * last batch (forgetSubject, perhaps by an API process): they may hold the erased
   * child, whom a derivation must no longer read.
   */
  private async forgetErasedElsewhere(tx: EntityManager): Promise<void> {
    const erasures = await erasureCount(tx);
    if (erasures !== this.erasuresSeen) this.invalidate();
    this.erasuresSeen = erasures;
  }

  /**
   * Gives the event loop back once a turn's budget of derivation has run: a batch takes
   * seconds of CPU, and in the API process requests must go on being answered meanwhile.
   * (Nothing else writes through the projection's connection while it runs.)
   */
  private async turn(): Promise<void> {
    if (performance.now() - this.turnStarted < TURN_BUDGET_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.turnStarted = performance.now();
  }

  async reset(tx: EntityManager): Promise<void> {
    await this.timelines.reset(tx);
    await tx.createQueryBuilder().delete().from(FlagPeriodEntity).execute();
    await tx.createQueryBuilder().delete().from(SubjectLinkEntity).execute();
    await logFlagPeriodChanges(tx, [EVERYTHING_CHANGED]);
    this.links.clear();
  }

  invalidate(): void {
    this.timelines.invalidate();
    this.links.clear();
  }

  /**
   * Removes an erased subject from the flag read model, run after its timeline row is
   * deleted (forgetSubject): its periods (every belief about them) and its links go, and
   * the subjects linked to it (its workers' caseloads, its teams) are derived again
   * without it, as known on `knownOn`. What was believed of them before stays as it was.
   */
  async forget(subject: Subject, knownOn: IsoDate, tx: EntityManager): Promise<void> {
    const key = subjectKey(subject);
    const linked = new Set([...(await this.links.linkedFrom(key, tx)), ...(await this.links.linkingTo(key, tx))]);
    await tx.createQueryBuilder().delete().from(FlagPeriodEntity).where('subject_type = :type AND subject_id = :id', subject).execute();
    await this.links.remove(key, tx);
    this.timelines.invalidate();
    await this.derive(
      [...linked].map((other) => ({ subject: subjectOfKey(other), from: DATE_RANGE.from, by: [{ subject }] })),
      knownOn,
      tx,
    );
  }

  /** For each recording day in the batch, the subjects whose timelines changed: the earliest date each change is dated, and the types of the facts changed. */
  private async changesByRecordingDay(events: StoredEvent[], tx: EntityManager): Promise<Map<IsoDate, Map<string, Changed>>> {
    const days = new Map<IsoDate, Map<string, Changed>>();
    for (const event of events.filter((e) => !e.erased)) {
      const key = subjectKey(subjectOfStream(event.streamId));
      const fact = await this.factChanged(event, key, tx);
      const day = londonDate(event.metadata.recordedAt);
      const changed = days.get(day) ?? new Map<string, Changed>();
      days.set(day, changed);
      if (!fact) continue;
      const seen = changed.get(key);
      if (!seen) changed.set(key, { from: fact.on, types: new Set([fact.type]) });
      else {
        if (fact.on < seen.from) seen.from = fact.on;
        seen.types.add(fact.type);
      }
    }
    return new Map([...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** The fact an event changes in its subject's history: its own, or for a void its target. */
  private async factChanged(event: StoredEvent, key: string, tx: EntityManager): Promise<{ on: IsoDate; type: string } | undefined> {
    if (event.type !== 'EventVoided') return { on: londonDate(event.occurredAt), type: event.type };
    const [timeline] = await this.timelines.timelinesOf([key], tx);
    const target = timeline?.facts.find((f) => f.eventId === String(event.data.eventId));
    return target && { on: target.occurredOn, type: target.type };
  }

  /**
   * Derives again, from the earliest date changed, the periods of the changed subjects
   * and of those linked to them either way, each for the rules the changes can alter.
   * Returns the earliest date derived, if any.
   */
  private async recompute(changed: Map<string, Changed>, knownOn: IsoDate, tx: EntityManager): Promise<IsoDate | undefined> {
    const affected = new Map<string, { subject: Subject; from: IsoDate; by: HistoryChange[] }>();
    const touch = (subject: Subject, from: IsoDate, by: HistoryChange) => {
      const key = subjectKey(subject);
      const seen = affected.get(key);
      if (!seen) affected.set(key, { subject, from, by: [by] });
      else {
        if (from < seen.from) seen.from = from;
        seen.by.push(by);
      }
    };
    for (const timeline of await this.timelines.timelinesOf([...changed.keys()], tx)) {
      const { from, types } = changed.get(subjectKey(timeline))!;
      const own = { type: timeline.type, id: timeline.id };
      const change = { subject: own, types: [...types] };
      await this.links.save(timeline, tx);
      touch(own, from, change);
      for (const s of linkedSubjects(timeline)) touch(s, from, change);
      for (const key of await this.links.linkingTo(subjectKey(timeline), tx)) touch(subjectOfKey(key), from, change);
    }
    return this.derive([...affected.values()], knownOn, tx);
  }

  /**
   * Derives each subject's periods from its date on, as known on `knownOn`, for the rules
   * a change `by` those subjects can alter, and writes them; returns the earliest date derived.
   */
  private async derive(work: { subject: Subject; from: IsoDate; by: HistoryChange[] }[], knownOn: IsoDate, tx: EntityManager): Promise<IsoDate | undefined> {
    const chosen = work.map((w) => ({ ...w, rules: rulesReading(w.subject, w.by) })).filter((w) => w.rules.length > 0);
    const believed = await believedRows(tx, chosen, knownOn);
    const writes = new PeriodWrites(knownOn);
    for (const { subject, from, rules } of chosen) {
      await this.turn();
      const periods = assessmentPeriods(subject, await this.neighbourhood(subject, rules, tx), this.policy, { from, knownAt: knownOn, rules });
      const rows = believed.get(subjectKey(subject))!.filter((r) => rules.includes(r.rule as RuleId));
      writes.replace(subject, from, periods, rows);
    }
    await writes.write(tx);
    return chosen.map((w) => w.from).sort()[0];
  }

  /** The timelines a subject's rules read: its own, and when they read other histories (alsoReads, a team's) those it names and those naming it. */
  private async neighbourhood(subject: Subject, rules: readonly RuleId[], tx: EntityManager): Promise<SubjectTimeline[]> {
    const key = subjectKey(subject);
    // A worker's supervision or a child's visits read the subject's own history alone.
    if (subject.type !== 'team' && !readLinkedHistories(rules)) return this.timelines.timelinesOf([key], tx);
    const keys = new Set([key, ...(await this.links.linkingTo(key, tx))]);
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

/** A subject's history changed on a recording day: from which date, and in facts of which types. */
interface Changed {
  from: IsoDate;
  types: Set<string>;
}

/** Milliseconds of derivation between two turns of the event loop. */
const TURN_BUDGET_MS = 10;

const subjectOfKey = (key: string): Subject => {
  const at = key.indexOf(':');
  return { type: key.slice(0, at) as Subject['type'], id: key.slice(at + 1) };
};
