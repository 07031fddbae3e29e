import { z } from 'zod';
import { addDays, type IsoDate } from '../dates.js';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, breach, breachStart, type Assessment, type FlagDetail, type Severity } from './flag.js';
import { periodOn, type ChildView, type Period, type World } from './world.js';
import { defineRule } from './rule-definition.js';
import { days } from './threshold-fields.js';
import { count, longDate } from './wording.js';

const placementInstabilityPolicy = z.strictObject({ windowDays: days(), placements: z.int().min(2).max(100) });

type PlacementPeriod = Period<'PlacementStarted'>;

const placedChildren = (world: World) =>
  world.children.flatMap((child) => {
    const placement = periodOn(child.placements, world.asOf);
    return placement ? [{ child, placement }] : [];
  });

/**
 * A breach by the placement in force, dated from the first day of the unbroken run of
 * placements that fail the same way (a placement ending on the day the next one
 * starts keeps the run going), with those placements as evidence.
 */
function placementBreach(child: ChildView, asOf: IsoDate, fails: (p: PlacementPeriod) => boolean, severity: Severity, measures: FlagDetail['measures']): FlagDetail {
  const failsOn = (d: IsoDate) => {
    const p = periodOn(child.placements, d);
    return p !== undefined && fails(p);
  };
  const start = breachStart(
    asOf,
    failsOn,
    child.placements.flatMap((p) => (p.to ? [p.from, p.to] : [p.from])),
  );
  const run = child.placements.filter((p) => fails(p) && p.from <= asOf && (!p.to || p.to > start));
  return breach(
    start,
    asOf,
    severity,
    run.map((p) => p.eventId),
    measures,
  );
}

/** UNREGISTERED_PLACEMENT: the child's current placement is not registered. Always red: the home is operating unlawfully. */
export function unregisteredPlacement(world: World): Assessment[] {
  const unregistered = (p: PlacementPeriod) => !p.data.registered;
  return placedChildren(world).map(({ child, placement }) => {
    const detail = unregistered(placement) ? placementBreach(child, world.asOf, unregistered, 'red', { placementId: placement.data.placementId, kind: placement.data.kind }) : undefined;
    return assess('UNREGISTERED_PLACEMENT', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/** PLACEMENT_NOT_MEETING_NEEDS: the child's current placement does not meet their assessed needs. */
export function placementNotMeetingNeeds(world: World): Assessment[] {
  const notMeeting = (p: PlacementPeriod) => !p.data.meetsAssessedNeeds;
  return placedChildren(world).map(({ child, placement }) => {
    const detail = notMeeting(placement) ? placementBreach(child, world.asOf, notMeeting, 'amber', { placementId: placement.data.placementId }) : undefined;
    return assess('PLACEMENT_NOT_MEETING_NEEDS', childSubject(child), childScope(child, world.asOf), detail);
  });
}

/**
 * PLACEMENT_INSTABILITY: a looked-after child who has held N or more placements in
 * the trailing window (the day `on` and the days before it), counting the one held
 * when the window opens, as the Department's placement stability indicator counts
 * placements during the year. Red at twice N.
 */
export function placementInstability(world: World, policy: z.output<typeof placementInstabilityPolicy>): Assessment[] {
  const { windowDays, placements: n } = policy;
  // A placement covers the days from `from` to the day before `to`: it is held in the window when those meet it.
  const heldIn = (child: ChildView, on: IsoDate) => {
    const opens = addDays(on, 1 - windowDays);
    return child.placements.filter((p) => p.from <= on && (p.to === undefined || p.to > opens));
  };
  return world.children
    .filter((child) => periodOn(child.lookedAfter, world.asOf))
    .map((child) => {
      const held = heldIn(child, world.asOf);
      if (held.length < n) return assess('PLACEMENT_INSTABILITY', childSubject(child), childScope(child, world.asOf), undefined);
      const holdsOn = (d: IsoDate) => periodOn(child.lookedAfter, d) !== undefined && heldIn(child, d).length >= n;
      // The count rises when a placement starts and falls when an ended one leaves the window.
      const dates = [...child.placements.flatMap((p) => (p.to ? [p.from, addDays(p.to, windowDays - 1)] : [p.from])), ...child.lookedAfter.flatMap((p) => (p.to ? [p.from, p.to] : [p.from]))];
      const start = breachStart(world.asOf, holdsOn, dates);
      const detail = breach(
        start,
        world.asOf,
        held.length >= 2 * n ? 'red' : 'amber',
        held.map((p) => p.eventId),
        { placements: held.length },
      );
      return assess('PLACEMENT_INSTABILITY', childSubject(child), childScope(child, world.asOf), detail);
    });
}

export const UNREGISTERED_PLACEMENT = defineRule({
  rule: 'UNREGISTERED_PLACEMENT',
  subject: 'child',
  title: 'Unregistered placement',
  kind: 'condition',
  description: "The child's current placement is not registered",
  flagsWhen: 'current placement `registered: false` (always red)',
  finding: 'Oversight of children in unregistered placements not robust (2022 inspection ¶29, ¶42)',
  quote: { text: "there has been insufficient oversight of children who live in unregistered children's homes", report: '2022 inspection', paragraph: 42 },
  source: 'Care Standards Act 2000; Ofsted registration',
  severity: 'always red',
  reads: [...SCOPE_FACTS, 'PlacementStarted', 'PlacementEnded'],
  reason: (f) => `Placed in a home that is not registered since ${longDate(f.dueSince)}`,
  indicator: () => 'looked-after children in registered placements',
  evaluate: unregisteredPlacement,
});

export const PLACEMENT_NOT_MEETING_NEEDS = defineRule({
  rule: 'PLACEMENT_NOT_MEETING_NEEDS',
  subject: 'child',
  title: 'Placement not meeting needs',
  kind: 'condition',
  description: "The child's current placement does not meet their assessed needs",
  flagsWhen: 'current placement `meetsAssessedNeeds: false` (amber)',
  finding: 'Children in placements that do not meet their needs (2022 inspection ¶26, ¶35, ¶43)',
  quote: { text: 'A lack of suitable placements means that some children are not living in homes that suit their assessed needs.', report: '2022 inspection', paragraph: 35 },
  source: 'Care Planning Regulations 2010',
  severity: 'amber',
  reads: [...SCOPE_FACTS, 'PlacementStarted', 'PlacementEnded'],
  reason: (f) => `In a placement that does not meet their assessed needs since ${longDate(f.dueSince)}`,
  indicator: () => 'looked-after children in a placement that meets their assessed needs',
  evaluate: placementNotMeetingNeeds,
});

export const PLACEMENT_INSTABILITY = defineRule({
  rule: 'PLACEMENT_INSTABILITY',
  subject: 'child',
  title: 'Placement instability',
  kind: 'condition',
  description: 'A looked-after child who has held this many or more placements in the trailing window, the one held when it opens included',
  flagsWhen: 'looked after, 3+ placements held in the last 365 days, the one held at its start included (red at 6)',
  finding: 'Placement stability a priority, only starting to improve (2022 inspection ¶27)',
  // ¶27 finds stability improving, not poor: the finding says what it does find, a priority not yet secured.
  quote: { text: 'Placement stability has started to improve as leaders have specifically prioritised this area.', report: '2022 inspection', paragraph: 27 },
  source: 'DfE placement stability indicator (3 or more placements during the year, counted as held)',
  severity: 'red at twice the number of placements',
  policy: { key: 'placementInstability', schema: placementInstabilityPolicy, defaults: { windowDays: 365, placements: 3 } },
  reads: [...SCOPE_FACTS, 'BecameLookedAfter', 'CeasedLookedAfter', 'PlacementStarted', 'PlacementEnded'],
  reason: (f, p) => `${count(f.measures?.placements, 'placement')} in the last ${p.windowDays} days (${p.placements} or more are flagged)`,
  indicator: (p) => `looked-after children with fewer than ${count(p.placements, 'placement')} in the last ${p.windowDays} days`,
  evaluate: placementInstability,
});
