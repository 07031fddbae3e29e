import type { RecordEventRequest } from '@app/domain';
import type { Draft } from './sim.js';

/**
 * What the day-0 import keeps of the initial population's past. Structural events
 * (registrations, referrals, allocations, assessments, plans, spells in care, the
 * PLO, oversight of every decision) all come across; of the recurring records only
 * those the rules and a reader of the case need: the latest visits and reviews, the
 * initial health assessment and initial conferences (they start the duties), and
 * placements that were still open a year before the start.
 */
const KEEP_LATEST: Partial<Record<RecordEventRequest['type'], number>> = {
  ChildVisited: 1,
  PlanReviewed: 1,
  // Two: the reviews' cadence depends on whether there have been two yet.
  LookedAfterReviewHeld: 2,
  HealthAssessmentCompleted: 1,
  DentalCheckCompleted: 1,
  ChildProtectionConferenceHeld: 1,
};

/** Summarises the past (in occurredAt order) as the import carries it, keeping that order; `cut` is a year before the start. */
export function summariseImport<E extends Draft>(events: E[], cut: string): E[] {
  const keep = new Array<boolean>(events.length).fill(true);
  const seen = new Map<string, number>();
  for (let i = events.length - 1; i >= 0; i--) {
    const latest = KEEP_LATEST[events[i].type];
    if (latest === undefined || isInitial(events[i])) continue;
    const key = keyOf(events[i]);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    keep[i] = n <= latest;
  }
  dropOldPlacements(events, cut, keep);
  return events.filter((_, i) => keep[i]);
}

/**
 * Placements that ended more than a year before the start, with their oversight
 * (dated before the child's first placement kept, and before the cut): they no
 * longer count for anything.
 */
function dropOldPlacements(events: Draft[], cut: string, keep: boolean[]): void {
  const endedBeforeCut = new Set<string>();
  for (const e of events) if (e.type === 'PlacementEnded' && e.occurredAt < cut) endedBeforeCut.add(e.data.placementId);
  const firstKept = new Map<string, string>();
  events.forEach((e, i) => {
    if ((e.type === 'PlacementStarted' || e.type === 'PlacementEnded') && endedBeforeCut.has(e.data.placementId)) keep[i] = false;
    else if (e.type === 'PlacementStarted' && !firstKept.has(e.data.childId)) firstKept.set(e.data.childId, e.occurredAt);
  });
  events.forEach((e, i) => {
    if (e.type !== 'ManagementOversightRecorded' || e.data.decisionPoint !== 'placement') return;
    const first = firstKept.get(e.data.childId);
    if (e.occurredAt < cut && (first === undefined || e.occurredAt < first)) keep[i] = false;
  });
}

/** The series a recurring record belongs to: the child, the type and, for plans, conferences and health, which one. */
function keyOf(e: Draft): string {
  const d = e.data as { childId?: string; plan?: string; kind?: string };
  return `${e.type}|${d.childId}|${d.plan ?? d.kind ?? ''}`;
}

const isInitial = (e: Draft): boolean => (e.data as { kind?: string }).kind === 'initial';
