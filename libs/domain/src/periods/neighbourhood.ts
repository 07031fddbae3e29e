import { namedWorkerIds } from '../decide.js';
import { RULE_FUNCTIONS, type RuleFunction } from '../rules/evaluate.js';
import type { RuleId, Subject } from '../rules/flag.js';
import type { SubjectTimeline } from '../timeline.js';

/** `worker:W-1`, `child:C-1`, `team:T-1`: a subject as one string. */
export const subjectKey = (s: Subject): string => `${s.type}:${s.id}`;

/**
 * The subjects a timeline's facts name besides its own: the workers a child's facts name
 * (allocated worker, visitor, adviser, manager) and the teams it was allocated to; the
 * teams a worker joined or moved to. A subject's rules read its own timeline and those
 * of the subjects linked to it either way (a worker's caseload reads the children
 * allocated to them; a child's adviser rule reads the adviser).
 */
export function linkedSubjects(t: SubjectTimeline): Subject[] {
  const linked = new Map<string, Subject>();
  const add = (s: Subject) => linked.set(subjectKey(s), s);
  for (const f of t.facts) {
    for (const id of namedWorkerIds(f)) add({ type: 'worker', id });
    if ('teamId' in f.data) add({ type: 'team', id: f.data.teamId });
  }
  return [...linked.values()];
}

/** Every timeline indexed by the subjects linked to it, to find a subject's neighbourhood. */
export class Neighbourhoods {
  private readonly own = new Map<string, SubjectTimeline>();
  private readonly linked = new Map<string, Set<SubjectTimeline>>();

  constructor(timelines: Iterable<SubjectTimeline>) {
    for (const t of timelines) {
      this.own.set(subjectKey(t), t);
      for (const s of linkedSubjects(t)) {
        const key = subjectKey(s);
        if (!this.linked.has(key)) this.linked.set(key, new Set());
        this.linked.get(key)!.add(t);
      }
    }
  }

  /** Every subject: each timeline's, and every team named. */
  subjects(): Subject[] {
    const teams = [...this.linked.keys()].filter((k) => k.startsWith('team:')).map((k) => ({ type: 'team' as const, id: k.slice(5) }));
    return [...[...this.own.values()].map((t) => ({ type: t.type, id: t.id })), ...teams];
  }

  /** The timelines a subject's rules read: its own, those naming it, and those it names. */
  of(subject: Subject): SubjectTimeline[] {
    const out = new Set<SubjectTimeline>(this.linked.get(subjectKey(subject)) ?? []);
    const own = this.own.get(subjectKey(subject));
    if (own) {
      out.add(own);
      for (const s of linkedSubjects(own)) {
        const t = this.own.get(subjectKey(s));
        if (t) out.add(t);
      }
    }
    return [...out];
  }
}

const OVER = { worker: 'workers', child: 'children', team: 'teams' } as const;

/** A change to a subject's history: its facts of `types` (any, without: an erasure). */
export interface HistoryChange {
  subject: Subject;
  types?: readonly string[];
}

/**
 * The rules of `subject` whose answers one of `changes` can alter: a change to its own
 * history (a team has none: it reads every history linked to it) or to a history of a
 * kind the rule reads (`alsoReads`: a worker's caseload when an allocated child's
 * changed), of a type the rule reads (`reads`: a caseload is not changed by a visit).
 */
export function rulesReading(subject: Subject, changes: readonly HistoryChange[]): RuleId[] {
  const ownRules = RULE_FUNCTIONS.filter((r) => r.over === OVER[subject.type]);
  return ownRules.filter((rule) => changes.some((change) => canAlter(rule, subject, change))).map((r) => r.rule as RuleId);
}

function canAlter(rule: RuleFunction, subject: Subject, change: HistoryChange): boolean {
  const readsHistory = subject.type === 'team' || subjectKey(change.subject) === subjectKey(subject) || rule.alsoReads === OVER[change.subject.type];
  const readsType = !change.types || change.types.some((t) => rule.reads.includes(t));
  return readsHistory && readsType;
}

/** Whether any of these rules reads histories besides its subject's own (`alsoReads`; a team's rules read only others'). */
export const readLinkedHistories = (rules: readonly RuleId[]): boolean => RULE_FUNCTIONS.some((r) => rules.includes(r.rule as RuleId) && (r.alsoReads !== undefined || r.over === 'teams'));
