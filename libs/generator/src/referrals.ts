import { recordPractice } from './logging.js';
import { slackOf, WORKDAYS_PER_YEAR, type Child, type Sim } from './sim.js';

type Concern = 'domestic_abuse' | 'neglect' | 'physical_abuse' | 'emotional_abuse' | 'sexual_abuse' | 'exploitation' | 'other';

/** Who refers: police and schools most (DfE children in need 2023: police 29%, schools 21%, health 15%). */
const SOURCES: readonly (readonly [string, number])[] = [
  ['police', 0.29],
  ['school', 0.2],
  ['health', 0.15],
  ['la_services', 0.12],
  ['individual', 0.08],
  ['anonymous', 0.04],
  ['other', 0.12],
];
/** Concerns at referral: domestic abuse and neglect lead (DfE factors at assessment 2023). */
const CONCERNS: readonly (readonly [Concern, number])[] = [
  ['domestic_abuse', 0.3],
  ['neglect', 0.24],
  ['emotional_abuse', 0.15],
  ['physical_abuse', 0.12],
  ['sexual_abuse', 0.05],
  ['exploitation', 0.06],
  ['other', 0.08],
];
/** Chance of a second and of a third concern on the same referral. */
const MORE_CONCERNS = [0.35, 0.12];
/**
 * Further referrals a year about a child whose case is already open (another
 * incident, often domestic abuse: inspection 2022 ¶3). With the children referred
 * again after closure (cases.ts), about a fifth of referrals are repeats within
 * 12 months, as nationally (DfE re-referral rate 22%).
 */
const FURTHER_REFERRAL_RATE = 0.3;
/** Further referrals about a child on a plan or in care that lead to a strategy discussion. */
const FURTHER_STRATEGY = 0.3;
/** Strategy discussions that agree no initial safety plan (inspection 2022 ¶4); times the team's slack. */
const NO_SAFETY_PLAN = 0.03;

export function referral(sim: Sim, child: Child, day: number): void {
  const r = sim.random;
  const concerns = new Set<Concern>([r.weighted(CONCERNS)]);
  for (const p of MORE_CONCERNS) if (r.chance(p)) concerns.add(r.weighted(CONCERNS));
  recordPractice(sim, day, { type: 'ReferralReceived', occurredAt: sim.calendar.date(day), data: { childId: child.id, source: r.weighted(SOURCES), concerns: [...concerns] } });
}

/** A strategy discussion (police, health, social care) about a referral: it starts a section 47 enquiry. */
export function strategyDiscussion(sim: Sim, child: Child, day: number): void {
  const agreed = !sim.random.chance(NO_SAFETY_PLAN * slackOf(child));
  recordPractice(sim, day, { type: 'StrategyDiscussionHeld', occurredAt: sim.calendar.date(day), data: { childId: child.id, initialSafetyPlanAgreed: agreed } });
}

/** The day's referrals about children whose cases are open. */
export function furtherReferrals(sim: Sim, day: number): void {
  for (let n = sim.random.poisson((sim.open.length * FURTHER_REFERRAL_RATE) / WORKDAYS_PER_YEAR); n > 0; n--) {
    const child = sim.random.pick(sim.open);
    referral(sim, child, day);
    if ((child.cp || child.care) && sim.random.chance(FURTHER_STRATEGY)) strategyDiscussion(sim, child, day);
  }
}
