import { recordDuty, recordPractice } from './logging.js';
import { decisionPoint } from './oversight.js';
import { endCinPlan, planReviewed, startCinReviews } from './plan-reviews.js';
import { enterPreProceedings } from './plo.js';
import { slackOf, type Child, type CpPlan, type Sim } from './sim.js';
import { visitSoon } from './visits.js';

type Category = 'neglect' | 'physical_abuse' | 'emotional_abuse' | 'sexual_abuse' | 'multiple';

/** Category of plan: neglect the most common, then emotional abuse (DfE children in need 2023). */
const CATEGORIES: readonly (readonly [Category, number])[] = [
  ['neglect', 0.45],
  ['emotional_abuse', 0.35],
  ['physical_abuse', 0.08],
  ['sexual_abuse', 0.04],
  ['multiple', 0.08],
];
/**
 * The review conference at which the plan ends: most plans end within a year (DfE:
 * about 9 months on average); the few that run to a third review are the long
 * neglect plans of NEGLECT_ESCALATION_DELAY (inspection 2022 ¶8, ¶35).
 */
const ENDS_AT_REVIEW: readonly (readonly [number, number])[] = [
  [1, 0.25],
  [2, 0.5],
  [3, 0.17],
  [4, 0.05],
  [5, 0.03],
];
/** Working days from the strategy discussion to the initial conference: within 15 (Working Together 2023), a few later. */
const CONFERENCE_WORKDAYS = { onTime: [8, 15] as [number, number], late: [17, 25] as [number, number], lateShare: 0.1 };
/** Review conferences held late (beyond 3 months for the first, 6 for later ones), before the team's slack. */
const LATE_REVIEW = 0.07;
/** Days a child-in-need case goes on after its plan ends (step-down), before closure. */
const STEP_DOWN: [number, number] = [60, 200];
/** Children on a plan who enter PLO pre-proceedings during it (about 100 entries a year at scale 1). */
const PLO_DURING_PLAN = 0.2;
/** Core group meetings review the plan about every 4–8 weeks. */
const CORE_GROUP_DAYS: [number, number] = [28, 56];
/** Section 47 enquiries that end in an initial conference deciding on no plan (child in need instead). */
export const CONFERENCE_WITHOUT_PLAN = 0.25;

/** A child protection case's shape, drawn when it opens so that its length is known. */
export interface CpSchedule {
  conferenceWorkdays: number;
  reviews: number;
  category: Category;
  stepDown: number;
}

export function drawCpSchedule(sim: Sim): CpSchedule {
  const r = sim.random;
  const late = r.chance(CONFERENCE_WORKDAYS.lateShare);
  return {
    conferenceWorkdays: r.int(...(late ? CONFERENCE_WORKDAYS.late : CONFERENCE_WORKDAYS.onTime)),
    reviews: r.weighted(ENDS_AT_REVIEW),
    category: r.weighted(CATEGORIES),
    stepDown: r.int(...STEP_DOWN),
  };
}

/** Planned days from the referral to closure: the conference, about 80 days to the first review, about 165 to each later one, the step-down. */
export const cpCaseLength = (s: CpSchedule): number => Math.round(s.conferenceWorkdays * 1.4) + 80 + (s.reviews - 1) * 165 + s.stepDown;

/** The initial conference, `conferenceWorkdays` after the strategy discussion on `day`, starts the plan. */
export function startCpPathway(sim: Sim, child: Child, day: number, s: CpSchedule): void {
  const opening = child.opening;
  bookConference(child);
  sim.schedule(sim.calendar.addWorkdays(day, s.conferenceWorkdays), (d) => {
    if (child.opening === opening && child.worker && !child.cp && !child.care) startPlan(sim, child, d, s);
  });
}

/** An initial conference that decides the child needs no plan: the case goes on as child in need. */
export function conferenceWithoutPlan(sim: Sim, child: Child, day: number): void {
  const opening = child.opening;
  bookConference(child);
  sim.schedule(sim.calendar.addWorkdays(day, sim.random.int(...CONFERENCE_WORKDAYS.onTime)), (d) => {
    if (child.opening === opening && child.worker) recordPractice(sim, d, conference(sim, child, d, 'initial'));
  });
}

/** The section 47 enquiry just started will conclude that an initial conference is needed. */
function bookConference(child: Child): void {
  if (child.assessment?.kind === 'section_47') child.assessment.conferenceBooked = true;
}

function startPlan(sim: Sim, child: Child, day: number, s: CpSchedule): void {
  const r = sim.random;
  const plan: CpPlan = { since: day, category: s.category };
  endCinPlan(sim, child, day);
  sim.record(day, conference(sim, child, day, 'initial'));
  sim.record(day, { type: 'ChildProtectionPlanStarted', occurredAt: sim.calendar.date(day), data: { childId: child.id, category: s.category } });
  child.cp = plan;
  decisionPoint(sim, child, day, 'plan');
  visitSoon(sim, child, day, 'plan');
  coreGroups(sim, child, plan, sim.calendar.addWorkdays(day, r.int(5, 10)));
  sim.scheduleBy(day + reviewGap(sim, child, 1), (d) => review(sim, child, plan, s, 1, d));
  if (r.chance(PLO_DURING_PLAN)) {
    sim.schedule(day + r.int(40, 300), (d) => {
      if (child.cp === plan && !child.plo && !child.ploDone && sim.ageInYears(child, d) < 17) enterPreProceedings(sim, child, d);
    });
  }
}

const conference = (sim: Sim, child: Child, day: number, kind: 'initial' | 'review') =>
  ({ type: 'ChildProtectionConferenceHeld', occurredAt: sim.calendar.date(day), data: { childId: child.id, kind } }) as const;

/** Review conferences that change the plan's category (most keep it). */
const CATEGORY_CHANGE = 0.08;

/**
 * A review conference that changes the plan's category, on its day (the conference
 * keeps the plan open that day: recordDuty). Drawn from a stream of its own (Sim.stream),
 * as added to the catalogue later.
 */
function reviewCategory(sim: Sim, child: Child, plan: CpPlan, day: number): void {
  const r = sim.stream('cp category');
  if (sim.building || !r.chance(CATEGORY_CHANGE)) return;
  const category = r.weighted(CATEGORIES.filter(([c]) => c !== plan.category));
  plan.category = category;
  sim.recordFrom(r, day, { type: 'ChildProtectionCategoryChanged', occurredAt: sim.calendar.date(day), data: { childId: child.id, category } });
}

/** Days to review conference `n`: 3 months after the initial one, then every 6 months; a few late. */
function reviewGap(sim: Sim, child: Child, n: number): number {
  const r = sim.random;
  const late = r.chance(Math.min(0.5, LATE_REVIEW * slackOf(child)));
  if (n === 1) return late ? r.int(100, 150) : r.int(70, 88);
  return late ? r.int(195, 270) : r.int(150, 178);
}

/** Review conference `n`; the plan ends at the last one and the case steps down to child in need. */
function review(sim: Sim, child: Child, plan: CpPlan, s: CpSchedule, n: number, day: number): void {
  if (child.cp !== plan) return;
  if (n < s.reviews) {
    recordDuty(sim, child, day, conference(sim, child, day, 'review'));
    reviewCategory(sim, child, plan, day);
    return sim.scheduleBy(day + reviewGap(sim, child, n + 1), (d) => review(sim, child, plan, s, n + 1, d));
  }
  // Logged on the day, before the plan's end: the review must not land after it.
  sim.record(day, conference(sim, child, day, 'review'));
  endCpPlan(sim, child, day);
  startCinReviews(sim, child, day + sim.random.int(60, 90));
}

function coreGroups(sim: Sim, child: Child, plan: CpPlan, day: number): void {
  sim.schedule(day, (d) => {
    if (child.cp !== plan) return;
    recordDuty(sim, child, d, planReviewed(sim, child, d, 'child_protection'));
    coreGroups(sim, child, plan, d + sim.random.int(...CORE_GROUP_DAYS));
  });
}

/**
 * Ends the child's plan on `day`, or on the next workday if a record that needs the
 * plan is dated `day` (it may be logged later, and must not land after the end).
 */
export function endCpPlan(sim: Sim, child: Child, day: number): void {
  const plan = child.cp;
  if (!plan) return;
  if (child.busyDay >= day) return sim.schedule(day + 1, (d) => child.cp === plan && endCpPlan(sim, child, d));
  sim.record(day, { type: 'ChildProtectionPlanEnded', occurredAt: sim.calendar.date(day), data: { childId: child.id } });
  child.cp = undefined;
}
