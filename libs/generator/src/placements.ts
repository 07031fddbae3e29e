import { decisionPoint } from './oversight.js';
import type { CareEpisode, Child, Sim } from './sim.js';
import { visitSoon } from './visits.js';

type PlacementKind = 'foster' | 'kinship' | 'residential' | 'supported_accommodation' | 'placed_with_parents' | 'adoptive' | 'other';

/** Placement kinds by age: mostly foster care; children's homes for some teenagers; supported accommodation only at 16–17 (DfE 2023). */
function placementKind(sim: Sim, age: number): PlacementKind {
  const r = sim.random;
  if (age < 12)
    return r.weighted<PlacementKind>([
      ['foster', 0.76],
      ['kinship', 0.15],
      ['placed_with_parents', 0.05],
      ['residential', 0.04],
    ]);
  if (age < 16)
    return r.weighted<PlacementKind>([
      ['foster', 0.64],
      ['kinship', 0.1],
      ['residential', 0.2],
      ['placed_with_parents', 0.03],
      ['other', 0.03],
    ]);
  return r.weighted<PlacementKind>([
    ['foster', 0.4],
    ['kinship', 0.07],
    ['residential', 0.15],
    ['supported_accommodation', 0.35],
    ['other', 0.03],
  ]);
}
/**
 * Chance the home is not registered: mostly supported accommodation and children's
 * homes for 16–17 year olds (inspection 2022 ¶29, ¶42); a few % of placements overall.
 */
function unregisteredShare(kind: PlacementKind, age: number): number {
  if (kind === 'supported_accommodation') return 0.35;
  if (kind === 'residential') return age >= 16 ? 0.2 : 0.04;
  return kind === 'other' ? 0.05 : 0;
}
/** Chance the placement does not meet the child's assessed needs, often a placement of necessity (inspection 2022 ¶26, ¶43). */
const NOT_MEETING_NEEDS = { family: 0.05, other: 0.15 };
/** Placement moves a year: most children move rarely; the unstable ones several times (DfE: about 10% have 3 or more placements in a year). */
const MOVES_A_YEAR = { stable: 0.2, unstable: 3 };
/** Children staying in care long term who move to a matched long-term placement within the first year (the others stay where they are). */
const MATCHED_MOVE = 0.65;
/** Kinds a long-term plan can intend until 18. */
const LONG_TERM_KINDS = new Set<PlacementKind>(['foster', 'kinship', 'residential']);

/** Starts a placement (ending the open one first: a move), a decision point followed by a visit within a week. */
export function startPlacement(sim: Sim, child: Child, episode: CareEpisode, day: number, kind?: PlacementKind): void {
  const r = sim.random;
  const age = sim.ageInYears(child, day);
  const placed = kind ?? placementKind(sim, age);
  const intendedUntil18 = episode.matched && LONG_TERM_KINDS.has(placed) && age < 17;
  const registered = !r.chance(unregisteredShare(placed, age));
  const meetsAssessedNeeds = !r.chance(placed === 'foster' || placed === 'kinship' || placed === 'adoptive' ? NOT_MEETING_NEEDS.family : NOT_MEETING_NEEDS.other);
  endPlacement(sim, child, episode, day);
  const id = sim.nextRef('P');
  sim.record(day, { type: 'PlacementStarted', occurredAt: sim.calendar.date(day), data: { childId: child.id, placementId: id, kind: placed, registered, meetsAssessedNeeds, intendedUntil18 } });
  episode.placement = { id, since: day, intendedUntil18 };
  decisionPoint(sim, child, day, 'placement');
  visitSoon(sim, child, day, 'placement');
}

export function endPlacement(sim: Sim, child: Child, episode: CareEpisode, day: number): void {
  if (!episode.placement) return;
  sim.record(day, { type: 'PlacementEnded', occurredAt: sim.calendar.date(day), data: { childId: child.id, placementId: episode.placement.id } });
  episode.placement = undefined;
}

/** Moves are memoryless: the next one is drawn after each, until the spell ends. */
export function planPlacementMoves(sim: Sim, child: Child, episode: CareEpisode): void {
  const rate = episode.unstable ? MOVES_A_YEAR.unstable : MOVES_A_YEAR.stable;
  const from = episode.placement?.since ?? episode.since;
  sim.schedule(from + 1 + Math.floor(sim.random.exponential(365 / rate)), (d) => {
    if (child.care !== episode) return;
    startPlacement(sim, child, episode, d);
    planPlacementMoves(sim, child, episode);
  });
}

/**
 * A child who will stay in care is matched with a long-term placement within the
 * first year: most move to it, the rest stay where they are; later placements are
 * intended until 18 too.
 */
export function planPermanence(sim: Sim, child: Child, episode: CareEpisode, day: number): void {
  const r = sim.random;
  sim.schedule(day + r.int(120, 365), (d) => {
    if (child.care !== episode || episode.matched || sim.ageInYears(child, d) >= 16) return;
    episode.matched = true;
    if (r.chance(MATCHED_MOVE)) startPlacement(sim, child, episode, d);
  });
}
