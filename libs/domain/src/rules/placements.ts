import { addDays, daysBetween, type IsoDate } from '../dates.js';
import type { Policy } from '../policy.js';
import { childScope, childSubject } from './child-scope.js';
import { assess, breach, breachStart, type Assessment } from './flag.js';
import { periodOn, type ChildView, type World } from './world.js';

const placedChildren = (world: World) =>
  world.children.flatMap((child) => {
    const placement = periodOn(child.placements, world.asOf);
    return placement ? [{ child, placement }] : [];
  });

/** UNREGISTERED_PLACEMENT: the child's current placement is not registered. Always red: the home is operating unlawfully. */
export function unregisteredPlacement(world: World): Assessment[] {
  return placedChildren(world).map(({ child, placement }) => {
    const detail = placement.data.registered === false
      ? { dueSince: placement.from, daysOverdue: daysBetween(placement.from, world.asOf), severity: 'red' as const, evidence: [placement.eventId], measures: { placementId: String(placement.data.placementId), kind: String(placement.data.kind) } }
      : undefined;
    return assess('UNREGISTERED_PLACEMENT', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/** PLACEMENT_NOT_MEETING_NEEDS: the child's current placement does not meet their assessed needs. */
export function placementNotMeetingNeeds(world: World): Assessment[] {
  return placedChildren(world).map(({ child, placement }) => {
    const detail = placement.data.meetsAssessedNeeds === false
      ? { dueSince: placement.from, daysOverdue: daysBetween(placement.from, world.asOf), severity: 'amber' as const, evidence: [placement.eventId], measures: { placementId: String(placement.data.placementId) } }
      : undefined;
    return assess('PLACEMENT_NOT_MEETING_NEEDS', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/**
 * PLACEMENT_INSTABILITY: a looked-after child with N or more placements started in
 * the trailing window. Red at twice N.
 */
export function placementInstability(world: World, policy: Policy): Assessment[] {
  const { windowDays, placements: n } = policy.placementInstability;
  const startedIn = (child: ChildView, on: IsoDate) => child.placements.filter((p) => p.from <= on && p.from > addDays(on, -windowDays));
  return world.children
    .filter((child) => periodOn(child.lookedAfter, world.asOf))
    .map((child) => {
      const started = startedIn(child, world.asOf);
      if (started.length < n) return assess('PLACEMENT_INSTABILITY', childSubject(child), childScope(child, world.asOf), undefined);
      const holdsOn = (d: IsoDate) => periodOn(child.lookedAfter, d) !== undefined && startedIn(child, d).length >= n;
      const dates = [...child.placements.flatMap((p) => [p.from, addDays(p.from, windowDays)]), ...child.lookedAfter.flatMap((p) => (p.to ? [p.from, p.to] : [p.from]))];
      const start = breachStart(world.asOf, holdsOn, dates);
      const detail = breach(start, world.asOf, started.length >= 2 * n ? 'red' : 'amber', started.map((p) => p.eventId), { placements: started.length });
      return assess('PLACEMENT_INSTABILITY', childSubject(child), childScope(child, world.asOf), detail);
    });
}
