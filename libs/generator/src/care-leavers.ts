import type { CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY } from '@app/domain';
import { recordPractice } from './logging.js';
import { planReviewed } from './plan-reviews.js';
import { slackOf, type CareEpisode, type Child, type Sim, type Worker } from './sim.js';

/**
 * When a looked-after child gets a personal adviser: mostly before 16, some after,
 * a few not before they leave care (inspection 2022 ¶30: advisers allocated before 16).
 */
const ADVISER_TIMING: readonly (readonly ['on_time' | 'late' | 'never', number])[] = [
  ['on_time', 0.85],
  ['late', 0.1],
  ['never', 0.05],
];
/** Care leavers whose adviser leaves are mostly given a new one the same day; the rest wait weeks. */
const SAME_DAY_HANDOVER = 0.85;
/** Pathway plan reviews held late (more than 6 months apart), before the team's slack (inspection 2018: plans not always brought up to date). */
const LATE_PATHWAY = 0.15;
/** Leaving-care support (pathway plan, adviser) lasts until 21 (Children (Leaving Care) Act 2000). */
const SUPPORT_UNTIL = 21;

/** Books the child's personal adviser: before their 16th birthday, later, or (a few) not at all while in care. */
export function planAdviser(sim: Sim, child: Child, episode: CareEpisode, day: number): void {
  const r = sim.random;
  const timing = r.weighted(ADVISER_TIMING);
  if (timing === 'never') return;
  const sixteen = sim.birthday(child, 16);
  const when = timing === 'on_time' ? Math.max(day, sixteen - r.int(10, 170)) : Math.max(day, sixteen) + r.int(25, 150);
  sim.schedule(when, (d) => {
    if (child.care === episode && !child.adviser) allocateAdviser(sim, child, d);
  });
}

/** The adviser in post with the fewest young people takes the child; with none in post yet, it waits for one. */
export function allocateAdviser(sim: Sim, child: Child, day: number, except?: Worker): void {
  let adviser: Worker | undefined;
  for (const a of sim.advisers) {
    if (a === except || !a.active || a.joinedDay > day) continue;
    if (!adviser || a.cases.length < adviser.cases.length) adviser = a;
  }
  if (!adviser) return sim.schedule(day + 30, (d) => !child.adviser && inScope(sim, child, d) && allocateAdviser(sim, child, d, except));
  sim.record(day, { type: 'PersonalAdviserAllocated', occurredAt: sim.calendar.date(day), data: { childId: child.id, workerId: adviser.id } });
  release(child);
  child.adviser = adviser;
  adviser.cases.push(child);
}

/** Still owed an adviser: in care and nearly 16 or older, or a care leaver under 21. */
const inScope = (sim: Sim, child: Child, day: number): boolean => (child.care !== undefined && sim.ageInYears(child, day) >= 15) || (child.careLeaver && day < sim.birthday(child, SUPPORT_UNTIL));

function release(child: Child): void {
  const adviser = child.adviser;
  if (!adviser) return;
  adviser.cases.splice(adviser.cases.indexOf(child), 1);
  child.adviser = undefined;
}

/**
 * Pathway plans: the first soon after 16 (or after coming into care later), then
 * about every 6 months, while in care and after leaving care at 16 or over, until 21.
 */
export function startPathwayPlans(sim: Sim, child: Child, day: number): void {
  if (child.pathwayPlanned) return;
  const r = sim.random;
  const until = sim.birthday(child, SUPPORT_UNTIL);
  const review = (d: number): void => {
    if (d >= until || !(child.care || child.careLeaver)) return void (child.pathwayPlanned = false);
    recordPractice(sim, d, planReviewed(sim, child, d, 'pathway'));
    const late = r.chance(Math.min(0.5, LATE_PATHWAY * slackOf(child)));
    sim.scheduleBy(d + (late ? r.int(200, 300) : r.int(150, 178)), review);
  };
  child.pathwayPlanned = true;
  sim.schedule(Math.max(day + r.int(20, 60), sim.birthday(child, 16) + r.int(0, 60)), review);
}

/** Leaving care at 16 or over makes a care leaver: an adviser now if there is none, support until 21. */
export function leftCare(sim: Sim, child: Child, day: number): void {
  if (sim.ageInYears(child, day) < 16) return;
  child.careLeaver = true;
  if (!child.adviser) allocateAdviser(sim, child, day);
  startPathwayPlans(sim, child, day);
  startContact(sim, child, day);
  sim.schedule(sim.birthday(child, SUPPORT_UNTIL), () => release(child));
}

/** Whether a care leaver is in touch when their adviser records contact (DfE: about 9 in 10 care leavers aged 19–21 are in touch). */
const IN_TOUCH: readonly (readonly ['yes' | 'no' | 'refused', number])[] = [
  ['yes', 0.9],
  ['no', 0.06],
  ['refused', 0.04],
];
/** Where care leavers in touch live: most suitably, a few in bed and breakfast or with no fixed abode. */
const ACCOMMODATION: readonly (readonly [(typeof CARE_LEAVER_ACCOMMODATION)[number], number])[] = [
  ['independent_living', 0.25],
  ['semi_independent', 0.2],
  ['with_former_foster_carers', 0.15],
  ['with_parents_or_relatives', 0.13],
  ['supported_lodgings', 0.12],
  ['ordinary_lodgings', 0.05],
  ['foyer', 0.03],
  ['emergency_accommodation', 0.02],
  ['bed_and_breakfast', 0.02],
  ['no_fixed_abode', 0.02],
  ['custody', 0.01],
];
/** What they do: about 4 in 10 care leavers aged 19–21 are not in education, employment or training (DfE). */
const ACTIVITY: readonly (readonly [(typeof CARE_LEAVER_ACTIVITY)[number], number])[] = [
  ['training_or_employment', 0.35],
  ['other_education', 0.18],
  ['higher_education', 0.07],
  ['not_in_education_other', 0.26],
  ['not_in_education_parenting', 0.06],
  ['not_in_education_illness_or_disability', 0.08],
];
/** Accommodation a care leaver in touch is in that does not suit them, though it might suit another. */
const UNSUITABLE = 0.06;
const NEVER_SUITABLE = new Set(['bed_and_breakfast', 'no_fixed_abode']);

/**
 * The adviser's contact records, every one to three months until 21, from the start
 * of the history on: in touch or not, and where the young person lives and what they
 * do. Drawn from a stream of their own (Sim.stream), as added to the catalogue later.
 */
function startContact(sim: Sim, child: Child, day: number): void {
  const r = sim.stream("care leavers' contact");
  const until = sim.birthday(child, SUPPORT_UNTIL);
  const contact = (d: number): void => {
    if (d >= until || !child.careLeaver || child.care) return;
    const inTouch = r.weighted(IN_TOUCH);
    const accommodation = r.weighted(ACCOMMODATION);
    const suitable = !NEVER_SUITABLE.has(accommodation) && !r.chance(UNSUITABLE);
    const about = inTouch === 'yes' ? { accommodation, accommodationSuitable: suitable, activity: r.weighted(ACTIVITY) } : {};
    sim.recordFrom(r, d, { type: 'CareLeaverContactRecorded', occurredAt: sim.calendar.date(d), data: { childId: child.id, inTouch, ...about } });
    sim.schedule(d + r.int(30, 90), contact);
  };
  sim.schedule(Math.max(day + 1, 0) + r.int(10, 60), contact);
}

/** An adviser left: their young people get a new one, most the same day. */
export function adviserLeft(sim: Sim, adviser: Worker, day: number): void {
  for (const child of [...adviser.cases]) {
    release(child);
    if (!inScope(sim, child, day)) continue;
    if (sim.random.chance(SAME_DAY_HANDOVER)) allocateAdviser(sim, child, day, adviser);
    else sim.schedule(day + sim.random.int(10, 60), (d) => !child.adviser && inScope(sim, child, d) && allocateAdviser(sim, child, d, adviser));
  }
}
