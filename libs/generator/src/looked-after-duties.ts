import { recordDuty } from './logging.js';
import { planReviewed } from './plan-reviews.js';
import { slackOf, type CareEpisode, type Child, type Sim } from './sim.js';

/**
 * Chances that a looked-after child's review, health assessment or dental check is
 * late, before the team's slack. Initial health assessments are late most often
 * (inspection 2014: too many without an up-to-date health assessment; 2022 ¶21:
 * too many without recent dental checks).
 */
const LATE = { review: 0.05, initialHealth: 0.15, health: 0.08, dental: 0.08 };

/**
 * Looked-after reviews (Care Planning Regulations 2010 reg 33): the first within 20
 * working days, the second within 3 months of it, then every 6 months. Each reviews
 * the care plan too.
 */
export function startReviews(sim: Sim, child: Child, episode: CareEpisode): void {
  const r = sim.random;
  const late = () => r.chance(Math.min(0.5, LATE.review * slackOf(child)));
  const review = (n: number) => (d: number) => {
    if (child.care !== episode) return;
    recordDuty(sim, child, d, { type: 'LookedAfterReviewHeld', occurredAt: sim.calendar.date(d), data: { childId: child.id } });
    recordDuty(sim, child, d, planReviewed(sim, child, d, 'care'));
    sdqAtReview(sim, child, episode, d);
    const gap = n === 1 ? (late() ? r.int(95, 125) : r.int(60, 88)) : late() ? r.int(190, 240) : r.int(150, 178);
    sim.scheduleBy(d + gap, review(n + 1));
  };
  sim.schedule(sim.calendar.addWorkdays(episode.since, late() ? r.int(22, 35) : r.int(8, 19)), review(1));
}

/** Health assessments: the initial one within 20 working days, then every 6 months under 5, every 12 months from 5. */
export function startHealthAssessments(sim: Sim, child: Child, episode: CareEpisode): void {
  const r = sim.random;
  const late = (p: number) => r.chance(Math.min(0.6, p * slackOf(child)));
  const assess = (kind: 'initial' | 'review') => (d: number) => {
    if (child.care !== episode) return;
    recordDuty(sim, child, d, { type: 'HealthAssessmentCompleted', occurredAt: sim.calendar.date(d), data: { childId: child.id, kind } });
    const underFive = sim.ageInYears(child, d) < 5;
    const gap = underFive ? (late(LATE.health) ? r.int(190, 230) : r.int(140, 178)) : late(LATE.health) ? r.int(375, 430) : r.int(300, 355);
    sim.scheduleBy(d + gap, assess('review'));
  };
  sim.schedule(sim.calendar.addWorkdays(episode.since, late(LATE.initialHealth) ? r.int(22, 45) : r.int(5, 19)), assess('initial'));
}

/** Dental checks: within the first year in care, then every 6 to 12 months. */
export function startDentalChecks(sim: Sim, child: Child, episode: CareEpisode): void {
  const r = sim.random;
  const late = () => r.chance(Math.min(0.5, LATE.dental * slackOf(child)));
  const check = (d: number) => {
    if (child.care !== episode) return;
    recordDuty(sim, child, d, { type: 'DentalCheckCompleted', occurredAt: sim.calendar.date(d), data: { childId: child.id } });
    sim.scheduleBy(d + (late() ? r.int(380, 480) : r.int(150, 340)), check);
  };
  sim.scheduleBy(episode.since + (late() ? r.int(380, 460) : r.int(40, 330)), check);
}

/** Reviews at which a due questionnaire is not done (it waits for the next review), and questionnaires the child refuses. */
const SDQ_MISSED = 0.12;
const SDQ_REFUSED = 0.05;

/**
 * A strengths and difficulties questionnaire for a child aged 4 to 16 in care for about a
 * year, at a review (whose day keeps the spell open) once a year has passed since the last.
 * Drawn from a stream of its own (Sim.stream), as added to the catalogue later.
 */
function sdqAtReview(sim: Sim, child: Child, episode: CareEpisode, day: number): void {
  const age = sim.ageInYears(child, day);
  const since = episode.lastSdq ?? episode.since;
  if (sim.building || age < 4 || age >= 17 || day - since < 300) return;
  const r = sim.stream('sdq');
  if (r.chance(Math.min(0.5, SDQ_MISSED * slackOf(child)))) return;
  const about = r.chance(SDQ_REFUSED) ? { notScored: 'refused' as const } : { score: r.int(2, 30) };
  episode.lastSdq = day;
  sim.recordFrom(r, day, { type: 'StrengthsAndDifficultiesRecorded', occurredAt: sim.calendar.date(day), data: { childId: child.id, ...about } });
}

/** Shares of annual health returns saying a duty was not up to date in the year (about one in ten; DfE: 89% had their health assessment). */
const NOT_UP_TO_DATE = { health: 0.1, teeth: 0.15, immunisations: 0.12 };

/**
 * The annual health returns (the SSDA903's OC2) of the children looked after for the
 * 12 months to 31 March, dated that day, after its agenda (a child leaving care that
 * day is not looked after at 31 March). Drawn from a stream of their own (Sim.stream).
 */
export function annualHealthReturns(sim: Sim, day: number): void {
  const r = sim.stream('annual health returns');
  for (const child of sim.open) {
    if (!child.care || day - child.care.since < 365) continue;
    const data = {
      childId: child.id,
      healthAssessmentUpToDate: !r.chance(NOT_UP_TO_DATE.health),
      teethChecked: !r.chance(NOT_UP_TO_DATE.teeth),
      immunisationsUpToDate: !r.chance(NOT_UP_TO_DATE.immunisations),
    };
    sim.recordFrom(r, day, { type: 'AnnualHealthReturnRecorded', occurredAt: sim.calendar.date(day), data });
  }
}
