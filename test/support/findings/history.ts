import { randomUUID } from 'node:crypto';
import { definitionOf } from '@app/domain';
import { get, post, type TestApp } from '../test-app.js';

/**
 * A hand-written history of one local authority, as auditors record it: each event
 * with the day it reaches the system (`recordedOn`, often later than it happened) and
 * a readable label, so expectations can name their evidence.
 */
export interface EventRequest {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface HistoryEvent {
  recordedOn: string;
  label: string;
  request: EventRequest;
}

export interface RecordOptions {
  /** The day an auditor logs it (default: the day it happened). */
  recordedOn?: string;
  /** Default: `${type} ${childId or workerId} ${date}`. */
  label?: string;
  /** The event's own id (default: a fresh UUID). */
  eventId?: string;
  /** false: no management oversight for this decision point (when the history has an overseer). */
  oversee?: boolean;
}

export class History {
  readonly events: HistoryEvent[] = [];
  private readonly ids = new Map<string, string>();
  private readonly labels = new Map<string, string>();

  /**
   * @param overseer when set, this manager records their oversight of every decision
   * point on the day it happens, logged with it (a well-run service): the stories
   * about other families then carry no OVERSIGHT_MISSING flag.
   */
  constructor(private readonly overseer?: string) {}

  record(type: string, occurredAt: string, data: Record<string, unknown>, options: RecordOptions = {}): string {
    const date = occurredAt.slice(0, 10);
    const subject = String(data.childId ?? data.workerId ?? '');
    const label = options.label ?? `${type} ${subject} ${date}`;
    if (this.ids.has(label)) throw new Error(`two events labelled "${label}": give one its own label`);
    const eventId = options.eventId ?? randomUUID();
    const recordedOn = options.recordedOn ?? date;
    this.ids.set(label, eventId);
    this.labels.set(eventId, label);
    this.events.push({ recordedOn, label, request: { eventId, type, occurredAt, data } });
    const decisionPoint = definitionOf(type)?.decisionPoint;
    if (this.overseer && decisionPoint && options.oversee !== false) {
      this.record(
        'ManagementOversightRecorded',
        occurredAt,
        { childId: data.childId, managerId: this.overseer, decisionPoint },
        {
          recordedOn,
          label: `oversight ${decisionPoint} ${subject} ${date}`,
        },
      );
    }
    return eventId;
  }

  id(label: string): string {
    const id = this.ids.get(label);
    if (!id) throw new Error(`no event labelled "${label}"`);
    return id;
  }

  labelOf(eventId: string): string {
    return this.labels.get(eventId) ?? eventId;
  }

  // The catalogue's events, spelled out once.

  join(workerId: string, teamId: string, on: string, role = 'social_worker', o: { fte?: number; caseHolding?: boolean; agency?: boolean } & RecordOptions = {}): string {
    const { fte = 1, caseHolding = role !== 'team_manager' && role !== 'personal_adviser', agency = false, ...options } = o;
    return this.record('WorkerJoined', on, { workerId, teamId, role, caseHolding, agency, fte }, options);
  }

  supervise(workerId: string, on: string, supervisorId: string, durationMinutes: number, reflective: boolean, options: RecordOptions = {}): string {
    return this.record('SupervisionHeld', on, { workerId, supervisorId, durationMinutes, reflective }, options);
  }

  leave(workerId: string, on: string, options: RecordOptions = {}): string {
    return this.record('WorkerLeft', on, { workerId }, options);
  }

  register(childId: string, on: string, birthMonth: string, options: RecordOptions & { disabled?: boolean } = {}): string {
    const { disabled = false, ...rest } = options;
    return this.record('ChildRegistered', on, { childId, birthMonth, disabled }, rest);
  }

  allocate(childId: string, workerId: string, teamId: string, on: string, options: RecordOptions = {}): string {
    return this.record('CaseAllocated', on, { childId, workerId, teamId }, options);
  }

  close(childId: string, on: string, reason = 'no_further_action', options: RecordOptions = {}): string {
    return this.record('CaseClosed', on, { childId, reason }, options);
  }

  visit(childId: string, workerId: string, on: string, options: RecordOptions = {}): string {
    return this.record('ChildVisited', on, { childId, workerId, seenAlone: true }, options);
  }

  lookedAfter(childId: string, on: string, legalStatus = 'C2', options: RecordOptions = {}): string {
    return this.record('BecameLookedAfter', on, { childId, legalStatus }, options);
  }

  place(childId: string, placementId: string, on: string, o: { kind?: string; registered?: boolean; meetsAssessedNeeds?: boolean; intendedUntil18?: boolean } & RecordOptions = {}): string {
    const { kind = 'foster', registered = true, meetsAssessedNeeds = true, intendedUntil18 = false, ...options } = o;
    return this.record('PlacementStarted', on, { childId, placementId, kind, registered, meetsAssessedNeeds, intendedUntil18 }, { label: `placement ${placementId}`, ...options });
  }

  endPlacement(childId: string, placementId: string, on: string, options: RecordOptions = {}): string {
    return this.record('PlacementEnded', on, { childId, placementId }, { label: `end ${placementId}`, ...options });
  }
}

/** Records a history over HTTP, a recording day at a time (the clock at noon that day), and leaves the clock on `today`. */
export async function recordHistory(t: TestApp, history: Pick<History, 'events'>, today: string): Promise<void> {
  const days = [...new Set(history.events.map((e) => e.recordedOn))].sort();
  if (days.at(-1)! > today) throw new Error(`an event is recorded after today (${days.at(-1)} > ${today})`);
  for (const day of days) {
    t.clock.set(`${day}T12:00:00Z`);
    const events = history.events.filter((e) => e.recordedOn === day);
    for (let i = 0; i < events.length; i += 1000) {
      const chunk = events.slice(i, i + 1000);
      const res = await post<{ results: { index: number; status: number; errors?: string[] }[] }>(`${t.url}/events/batch`, { events: chunk.map((e) => e.request) });
      if (res.status !== 200) throw new Error(`batch of ${day}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      const refused = res.body.results.filter((r) => r.status !== 201).map((r) => `${chunk[r.index].label}: ${r.status} ${r.errors?.join('; ')}`);
      if (refused.length) throw new Error(`recorded on ${day}, refused:\n${refused.join('\n')}`);
    }
  }
  t.clock.set(`${today}T12:00:00Z`);
}

export interface FlagBody {
  rule: string;
  subject: { type: string; id: string };
  teamId?: string;
  workerId?: string;
  dueSince: string;
  daysOverdue: number;
  severity: string;
  evidence: string[];
  finding: string;
  measures?: Record<string, unknown>;
}

/** A flag as the expectations write it: rule, subject, due since, days overdue, severity, evidence (labels, sorted). */
export type Row = [rule: string, subject: string, dueSince: string, daysOverdue: number, severity: 'amber' | 'red', evidence: string[]];

export async function getFlags(t: TestApp, query: string): Promise<FlagBody[]> {
  const res = await get<{ flags: FlagBody[]; total: number }>(`${t.url}/flags?${query}&limit=10000`);
  if (res.status !== 200) throw new Error(`GET /flags?${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.flags;
}

export function toRow(history: History, f: FlagBody): Row {
  return [f.rule, `${f.subject.type}:${f.subject.id}`, f.dueSince, f.daysOverdue, f.severity as Row[4], f.evidence.map((id) => history.labelOf(id)).sort()];
}

/** Expected rows with their evidence sorted, the same way toRow sorts the app's. */
export const sorted = (rows: Row[]): Row[] => rows.map(([r, s, d, n, sev, ev]) => [r, s, d, n, sev, [...ev].sort()]);
