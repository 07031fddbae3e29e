import { assessmentKind, startAssessment } from './assessments.js';
import { CONFERENCE_WITHOUT_PLAN, conferenceWithoutPlan, cpCaseLength, drawCpSchedule, startCpPathway, type CpSchedule } from './child-protection.js';
import { careCaseLength, drawCare, ENTRY_AGE, startCarePathway, type CareDraw } from './looked-after.js';
import { startCinReviews } from './plan-reviews.js';
import { startPrivateFostering } from './private-fostering.js';
import { strategyDiscussion } from './referrals.js';
import type { CaseKind, Child, Sim } from './sim.js';
import { startVisits } from './visits.js';

/**
 * New cases by kind: two in five end after assessment, a third become child-in-need
 * work, one in five a child protection plan, one in sixteen a child coming into
 * care; a handful (about 8 a year at scale 1) are private fostering notifications.
 * Tuned so that at scale 1 about 450 children are on plans and 520–560 looked after
 * among about 2,000 open cases, with about 4,000 referrals and 200 entries to care a year.
 */
const NEW_MIX: readonly (readonly [CaseKind, number])[] = [
  ['short', 0.423],
  ['medium', 0.32],
  ['long', 0.19],
  ['care', 0.063],
  ['fostering', 0.0025],
];
/** The longest planned case of each kind in days (a care case: birth to 18), within which the initial population's opening days are drawn. */
export const LONGEST_CASE: Record<CaseKind, number> = { short: 70, medium: 270, long: 1000, care: 18 * 366, fostering: 1000 };
/** Kinds weighted by share × longest case: drawing the opening day within the longest case then keeps open cases length-biased. */
const PAST_MIX = NEW_MIX.map(([kind, share]) => [kind, share * LONGEST_CASE[kind]] as const);
/** The total weight of PAST_MIX: the mean case length is this times the share of past draws still open on day 0. */
export const PAST_MIX_WEIGHT = PAST_MIX.reduce((sum, [, w]) => sum + w, 0);
/** Referrals that lead to a strategy discussion and a section 47 enquiry, by kind: about 1 in 3 overall (DfE 2023). */
const STRATEGY: Record<CaseKind, number> = { short: 0.2, medium: 0.25, long: 0.95, care: 0.6, fostering: 0 };
/** Planned days open for the kinds whose length is not set by a plan or a spell in care. */
const LENGTH: Record<'short' | 'medium' | 'fostering', [number, number]> = { short: [21, 70], medium: [90, 270], fostering: [180, 1000] };
/** Children known to social care by age at referral: more babies, fewer 16–17 year olds. */
const AGE_MIX = Array.from({ length: 18 }, (_, age) => [[age, age], age === 0 ? 10 : age <= 4 ? 6 : age <= 9 ? 5.5 : age <= 15 ? 6 : 4] as const);
/** Privately fostered children are mostly teenagers (DfE private fostering 2023). */
const FOSTERING_AGE = [
  [[8, 11], 0.3],
  [[12, 16], 0.7],
] as const;
const DISABLED = 0.08;

/** A case as drawn when it opens: who the child is and how the case will go, so its length is known in advance. */
export interface CasePlan {
  kind: CaseKind;
  /** Age in months on the day the case opens. */
  ageMonths: number;
  disabled: boolean;
  /** Planned days from opening to closure (closure also waits for open business, and comes at 18 at the latest). */
  length: number;
  strategy: boolean;
  cp?: CpSchedule;
  care?: CareDraw;
}

export const pickKind = (sim: Sim): CaseKind => sim.random.weighted(NEW_MIX);
export const pickPastKind = (sim: Sim): CaseKind => sim.random.weighted(PAST_MIX);

/** Draws a case of `kind`, for a new child or (`child`) one referred again. */
export function drawPlan(sim: Sim, kind: CaseKind, child?: { ageMonths: number; disabled: boolean }): CasePlan {
  const r = sim.random;
  const [from, to] = r.weighted<readonly [number, number]>(kind === 'care' ? ENTRY_AGE : kind === 'fostering' ? FOSTERING_AGE : AGE_MIX);
  const ageMonths = child?.ageMonths ?? r.int(from, to) * 12 + r.int(0, 11);
  const plan: CasePlan = { kind, ageMonths, disabled: child?.disabled ?? r.chance(DISABLED), length: 0, strategy: r.chance(STRATEGY[kind]) };
  if (kind === 'long') plan.cp = drawCpSchedule(sim);
  if (kind === 'care') plan.care = drawCare(sim, ageMonths);
  plan.length = plan.cp ? cpCaseLength(plan.cp) : plan.care ? careCaseLength(plan.care, ageMonths) : r.int(...LENGTH[kind as keyof typeof LENGTH]);
  return plan;
}

/**
 * The casework of a case just opened and allocated: a strategy discussion and
 * section 47 enquiry or an assessment, visits, then by kind a child-in-need plan, a
 * child protection plan, care, or a private fostering arrangement.
 */
export function startCasework(sim: Sim, child: Child, plan: CasePlan, day: number): void {
  if (plan.kind === 'fostering') return startPrivateFostering(sim, child, day);
  const r = sim.random;
  if (plan.strategy) strategyDiscussion(sim, child, day);
  startAssessment(sim, child, day, assessmentKind(sim, child, plan.strategy));
  startVisits(sim, child, day + r.int(1, 10));
  if (plan.kind === 'medium') {
    startCinReviews(sim, child, child.assessmentDue + r.int(20, 60));
    if (plan.strategy && r.chance(CONFERENCE_WITHOUT_PLAN)) conferenceWithoutPlan(sim, child, day);
  }
  if (plan.cp) startCpPathway(sim, child, day, plan.cp);
  if (plan.care) startCarePathway(sim, child, day, plan.care);
}
