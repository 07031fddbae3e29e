import { leftCare, planAdviser, startPathwayPlans } from './care-leavers.js';
import { endCpPlan } from './child-protection.js';
import { startDentalChecks, startHealthAssessments, startReviews } from './looked-after-duties.js';
import { startMissingEpisodes } from './missing.js';
import { planPermanence, planPlacementMoves, startPlacement, endPlacement } from './placements.js';
import { endCinPlan, startCinReviews } from './plan-reviews.js';
import { issueCareProceedings } from './plo.js';
import type { CareEpisode, CareRoute, Child, Sim } from './sim.js';

type AgeBand = readonly [[number, number], number];

/** Age at coming into care, in years: babies and teenagers most (DfE children looked after 2023). */
export const ENTRY_AGE: readonly AgeBand[] = [
  [[0, 0], 0.18],
  [[1, 4], 0.14],
  [[5, 9], 0.16],
  [[10, 15], 0.38],
  [[16, 17], 0.14],
];
/**
 * Legal status on coming into care (SSDA903 codes): mostly accommodation under
 * section 20 (V2), then an interim care order (C1, care proceedings issued), police
 * protection (L1), an emergency protection order (L2), remand (J2), a care order (C2).
 */
const ENTRY_STATUS: readonly (readonly [string, number])[] = [
  ['V2', 0.55],
  ['C1', 0.25],
  ['L1', 0.09],
  ['L2', 0.05],
  ['J2', 0.02],
  ['C2', 0.04],
];
/**
 * How a spell in care ends, by age at entry: most young children go home, are
 * adopted or live with relatives under an SGO; a third of older children stay until
 * 18 (tuned so that about 26% of open cases are looked after: 520–560 at scale 1).
 */
function routeFor(sim: Sim, ageYears: number): CareRoute {
  const r = sim.random;
  if (ageYears < 5)
    return r.weighted<CareRoute>([
      ['return_home', 0.45],
      ['adoption', 0.3],
      ['sgo', 0.15],
      ['long_term', 0.1],
    ]);
  if (ageYears < 14)
    return r.weighted<CareRoute>([
      ['return_home', 0.5],
      ['sgo', 0.15],
      ['long_term', 0.35],
    ]);
  if (ageYears < 16)
    return r.weighted<CareRoute>([
      ['return_home', 0.45],
      ['sgo', 0.05],
      ['long_term', 0.35],
      ['independence', 0.15],
    ]);
  return r.weighted<CareRoute>([
    ['return_home', 0.3],
    ['long_term', 0.55],
    ['independence', 0.15],
  ]);
}
/** Days in care by route (long_term and independence: until an age, see `planCeasing`). */
function episodeDays(sim: Sim, route: CareRoute): number {
  const r = sim.random;
  if (route === 'return_home') return r.chance(0.4) ? r.int(20, 90) : r.int(90, 450);
  if (route === 'sgo') return r.int(300, 900);
  if (route === 'adoption') return r.int(450, 900);
  return 0;
}
/**
 * Children on a plan taken into care when care proceedings are issued (the others
 * stay home under supervision). Kept modest: these spells are not in the initial
 * draw (cases.ts), so more of them would make the number looked after creep up year on year.
 */
const REMOVED_AT_ISSUE = 0.35;
/** Reasons a spell ends (CeasedLookedAfter.reason). */
const CEASING_REASONS: Record<CareRoute, string> = {
  return_home: 'returned home to parents',
  sgo: 'special guardianship order',
  adoption: 'adopted',
  long_term: 'reached 18',
  independence: 'moved to independent living',
};

/** A care case's shape, drawn when it opens so that its length is known. */
export interface CareDraw {
  /** Days from the referral to coming into care: emergencies the same day or the next. */
  entryDays: number;
  status: string;
  route: CareRoute;
  /** Days in care (return home, SGO, adoption), or the age in months at which the child leaves (long term, independence). */
  days: number;
  leaveAgeMonths: number;
  /** Days the case stays open after the child leaves care. */
  after: number;
}

export function drawCare(sim: Sim, ageMonths: number): CareDraw {
  const r = sim.random;
  const entryDays = r.chance(0.4) ? r.int(0, 1) : r.int(5, 60);
  const route = routeFor(sim, (ageMonths + entryDays / 30) / 12);
  const leaveAgeMonths = route === 'independence' ? r.int(204, 215) : 216;
  const after = route === 'return_home' ? r.int(30, 120) : r.int(14, 60);
  return { entryDays, status: r.weighted(ENTRY_STATUS), route, days: episodeDays(sim, route), leaveAgeMonths, after };
}

/** Planned days from the referral to closure (the case closes at 18 at the latest). */
export function careCaseLength(care: CareDraw, ageMonths: number): number {
  const untilLeaving = Math.max(care.entryDays + 30, Math.round((care.leaveAgeMonths - ageMonths) * 30.44));
  const inCare = care.route === 'long_term' || care.route === 'independence' ? untilLeaving - care.entryDays : care.days;
  return care.entryDays + inCare + care.after;
}

/** A care case: the child comes into care `entryDays` after the referral; an interim care order means proceedings are issued. */
export function startCarePathway(sim: Sim, child: Child, day: number, care: CareDraw): void {
  const opening = child.opening;
  sim.schedule(day + care.entryDays, (d) => {
    if (child.opening !== opening || !child.worker || child.care) return;
    const episode = becomeLookedAfter(sim, child, d, care.status, care.route);
    planCeasing(sim, child, episode, d, care);
    if (care.status === 'C1') issueCareProceedings(sim, child, d);
  });
}

/** Care proceedings were issued for a child on a plan: an interim care order brings some into care now; the court will decide how it ends. */
export function careProceedingsIssued(sim: Sim, child: Child, day: number): void {
  if (!child.care && sim.random.chance(REMOVED_AT_ISSUE)) becomeLookedAfter(sim, child, day, 'C1', undefined);
}

/**
 * The court's decision for a child in care whose future it was deciding: a care or
 * placement order (staying in care, adoption, or an SGO) or proceedings withdrawn (home).
 */
export function courtDecided(sim: Sim, child: Child, day: number, orderMade: boolean): void {
  const episode = child.care;
  if (!episode || episode.route) return;
  const r = sim.random;
  const young = sim.ageInYears(child, day) < 5;
  const route: CareRoute = !orderMade
    ? 'return_home'
    : young
      ? r.weighted<CareRoute>([
          ['adoption', 0.45],
          ['sgo', 0.3],
          ['long_term', 0.25],
        ])
      : r.weighted<CareRoute>([
          ['long_term', 0.4],
          ['sgo', 0.3],
          ['return_home', 0.3],
        ]);
  episode.route = route;
  if (orderMade) changeLegalStatus(sim, child, episode, day, 'C2');
  const days = route === 'return_home' ? r.int(10, 90) : episodeDays(sim, route);
  planCeasing(sim, child, episode, day, { route, days, leaveAgeMonths: 216 });
  if (route === 'long_term') planPermanence(sim, child, episode, day);
}

/** The child comes into care (a child protection plan ends): a placement the same day, and the statutory duties start. */
export function becomeLookedAfter(sim: Sim, child: Child, day: number, legalStatus: string, route: CareRoute | undefined): CareEpisode {
  const r = sim.random;
  endCpPlan(sim, child, day);
  endCinPlan(sim, child, day);
  sim.record(day, { type: 'BecameLookedAfter', occurredAt: sim.calendar.date(day), data: { childId: child.id, legalStatus } });
  // Teenagers' placements break down more often (DfE placement stability indicator).
  const episode: CareEpisode = { since: day, legalStatus, route, unstable: r.chance(sim.ageInYears(child, day) >= 12 ? 0.15 : 0.05), matched: false };
  child.care = episode;
  startPlacement(sim, child, episode, day);
  planPlacementMoves(sim, child, episode);
  if (route === 'long_term') planPermanence(sim, child, episode, day);
  startReviews(sim, child, episode);
  startHealthAssessments(sim, child, episode);
  startDentalChecks(sim, child, episode);
  startMissingEpisodes(sim, child, episode);
  planEmergencyStatusEnd(sim, child, episode);
  planAdviser(sim, child, episode, day);
  startPathwayPlans(sim, child, day);
  return episode;
}

/** Police protection (L1) and emergency protection orders (L2) last days: then accommodation (V2) or an interim care order (C1). */
const AFTER_EMERGENCY: readonly (readonly [string, number])[] = [
  ['V2', 0.6],
  ['C1', 0.4],
];

/**
 * An emergency status ends within a few days. Spells last at least 20 days unless the
 * child turns 18 first, so the change never falls on the day the spell ends; drawn
 * from a stream of its own (Sim.stream), as added to the catalogue later.
 */
function planEmergencyStatusEnd(sim: Sim, child: Child, episode: CareEpisode): void {
  if (sim.building || !['L1', 'L2'].includes(episode.legalStatus) || sim.birthday(child, 18) < episode.since + 30) return;
  const r = sim.stream('legal status');
  const status = r.weighted(AFTER_EMERGENCY);
  sim.schedule(episode.since + r.int(1, 6), (d) => child.care === episode && changeLegalStatus(sim, child, episode, d, status));
}

/** Records a new legal status for the spell (from the legal-status stream); the past before the history starts is left as it was. */
function changeLegalStatus(sim: Sim, child: Child, episode: CareEpisode, day: number, legalStatus: string): void {
  if (sim.building || episode.legalStatus === legalStatus) return;
  episode.legalStatus = legalStatus;
  sim.recordFrom(sim.stream('legal status'), day, { type: 'LegalStatusChanged', occurredAt: sim.calendar.date(day), data: { childId: child.id, legalStatus } });
}

/** Books the end of the spell: after `days`, or at the leaving age, and at 18 at the latest. */
function planCeasing(sim: Sim, child: Child, episode: CareEpisode, day: number, plan: Pick<CareDraw, 'route' | 'days' | 'leaveAgeMonths'>): void {
  const eighteen = sim.birthday(child, 18);
  const atAge = plan.route === 'long_term' || plan.route === 'independence' ? sim.calendar.firstOfMonth(child.bornMonth + plan.leaveAgeMonths) : day + plan.days;
  const on = Math.max(day + 1, Math.min(atAge, eighteen));
  const reason = on >= eighteen ? CEASING_REASONS.long_term : CEASING_REASONS[plan.route];
  if (plan.route === 'adoption') planAdoptivePlacement(sim, child, episode, on);
  sim.schedule(on, (d) => cease(sim, child, episode, d, reason));
}

/** An adopted child moves to their adoptive family some months before the adoption order. */
function planAdoptivePlacement(sim: Sim, child: Child, episode: CareEpisode, ceasing: number): void {
  const move = ceasing - sim.random.int(120, 240);
  if (move > episode.since + 60) sim.schedule(move, (d) => child.care === episode && startPlacement(sim, child, episode, d, 'adoptive'));
}

/** Leaves care (not while the court is still deciding, nor on a day a duty of the spell is dated). */
function cease(sim: Sim, child: Child, episode: CareEpisode, day: number, reason: string): void {
  if (child.care !== episode) return;
  if (child.plo) return sim.schedule(day + sim.random.int(20, 60), (d) => cease(sim, child, episode, d, reason));
  if (child.busyDay >= day) return sim.schedule(day + 1, (d) => cease(sim, child, episode, d, reason));
  endPlacement(sim, child, episode, day);
  sim.record(day, { type: 'CeasedLookedAfter', occurredAt: sim.calendar.date(day), data: { childId: child.id, reason } });
  child.care = undefined;
  leftCare(sim, child, day);
  if (reason === CEASING_REASONS.return_home && child.worker) startCinReviews(sim, child, day + sim.random.int(30, 60));
}
