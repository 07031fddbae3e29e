import { ageOn, type IsoDate } from '../dates.js';
import { eventLine } from '../events/event-words.js';
import { careLeftOn } from '../rules/care-leavers.js';
import { inWords, longDate } from '../rules/wording.js';
import { allocationOn, factsOfType, isOpenOn, periodOn } from '../rules/world.js';
import { visibleFacts, type SubjectTimeline, type View } from '../timeline.js';
import { childHistory, type ChildView } from './child-history.js';

/**
 * A child's page opens with where the child stands on the as-of date: read from the
 * facts visible in the view and folded as the rules fold them, so the summary and the
 * flags below it agree. It says an age band, never the birth month: the page needs no more.
 */
export interface ChildSummary {
  /** The child's age band on the date (the DfE's statistical bands); undefined when no birth month is recorded. */
  ageBand?: string;
  /** The child's legal status on the date, in words ("Looked after (interim care order)"). */
  status: string;
  /** The plans in force on the date, each in words with its start where one is recorded. */
  plans: string[];
  /** The placement of a looked-after child on the date: its kind, whether registered, and so on, in the catalogue's words. */
  placement?: { words: string; since: IsoDate };
  /** The allocation in force on the date, or the last one before it (then `to` is the day the case closed). */
  allocation?: { workerId: string; teamId: string; from: IsoDate; to?: IsoDate };
  /** The Public Law Outline stage the child is in on the date. */
  plo?: { words: string; since: IsoDate };
  /** The personal adviser last allocated by the date. */
  personalAdviserId?: string;
}

/**
 * The age bands of the DfE's children-in-need and children-looked-after statistics,
 * with 16 and 17 apart from the care leavers of 18 and over. A child registered before
 * birth (a pre-birth assessment) is "Unborn" until the month of birth.
 */
export function ageBand(birthMonth: string, on: IsoDate): string {
  const age = ageOn(birthMonth, on);
  if (age < 0) return 'Unborn';
  if (age < 1) return 'Under 1';
  if (age >= 18) return '18 and over';
  const [from, to] = AGE_BANDS.find(([, upTo]) => age <= upTo)!;
  return `${from} to ${to}`;
}

const AGE_BANDS: readonly (readonly [number, number])[] = [
  [1, 4],
  [5, 9],
  [10, 15],
  [16, 17],
];

/**
 * The SSDA903 legal statuses in words. A code not here is left out of the summary (the
 * timeline still shows it as recorded): a page says no code it cannot word.
 */
const LEGAL_STATUS_WORDS: ReadonlyMap<string, string> = new Map([
  ['C1', 'interim care order'],
  ['C2', 'care order'],
  ['D1', 'freeing order'],
  ['E1', 'placement order'],
  ['J1', 'remanded to local authority accommodation'],
  ['J2', 'accommodated under the Police and Criminal Evidence Act'],
  ['J3', 'youth rehabilitation order with a residence requirement'],
  ['L1', 'police protection'],
  ['L2', 'emergency protection order'],
  ['L3', 'child assessment order'],
  ['V2', 'accommodated under section 20'],
  ['V3', 'series of short breaks'],
  ['V4', 'series of short breaks'],
]);

/** A child's summary on the view's as-of date, from the facts of `timeline` visible in `view` (a team-bound reader's timeline holds only what they may see). */
export function childSummary(timeline: SubjectTimeline, view: View): ChildSummary {
  const child = childHistory(timeline.id, visibleFacts(timeline, view));
  const on = view.asOf;
  const allocation = allocationOn(child, on);
  const placement = periodOn(child.lookedAfter, on) && periodOn(child.placements, on);
  const plo = child.ploEpisodes.findLast((e) => e.enteredOn <= on && (!e.exitedOn || e.exitedOn > on));
  const ploFact = plo && factsOfType(child, 'PloStageEntered').find((f) => f.eventId === plo.eventId);
  return {
    ...(child.birthMonth ? { ageBand: ageBand(child.birthMonth, on) } : {}),
    status: statusOn(child, on),
    plans: plansOn(child, on),
    ...(placement ? { placement: { words: eventLine('PlacementStarted', placement.data), since: placement.from } } : {}),
    ...(allocation ? { allocation: { workerId: allocation.workerId, teamId: allocation.teamId, from: allocation.from, ...(allocation.to ? { to: allocation.to } : {}) } } : {}),
    ...(ploFact ? { plo: { words: eventLine('PloStageEntered', ploFact.data), since: ploFact.occurredOn } } : {}),
    ...(child.personalAdviserId ? { personalAdviserId: child.personalAdviserId } : {}),
  };
}

/** The one status that says most about the child on the date: looked after, then on a plan, a care leaver, an open case, a closed one. */
function statusOn(child: ChildView, on: IsoDate): string {
  const lookedAfter = periodOn(child.lookedAfter, on);
  if (lookedAfter) {
    const words = LEGAL_STATUS_WORDS.get(lookedAfter.data.legalStatus);
    return `Looked after${words ? ` (${words})` : ''}`;
  }
  const cpPlan = periodOn(child.cpPlans, on);
  if (cpPlan) return `On a child protection plan (${inWords(cpPlan.data.category)})`;
  const left = careLeftOn(child, on);
  if (left) return `Care leaver (left care on ${longDate(left.on)})`;
  if (isOpenOn(child, on)) return 'Child in need (open case)';
  const last = allocationOn(child, on);
  return last?.to ? `Case closed on ${longDate(last.to)}` : 'Not yet allocated';
}

/**
 * The plans in force on the date: a child protection plan while the child is on one, a
 * care plan while looked after (as the plan rules read them), a pathway plan for a care
 * leaver (as the pathway plan rule's scope), and otherwise a child-in-need plan while
 * the case is open.
 */
function plansOn(child: ChildView, on: IsoDate): string[] {
  const plans: string[] = [];
  const cpPlan = periodOn(child.cpPlans, on);
  const lookedAfter = periodOn(child.lookedAfter, on);
  if (cpPlan) plans.push(`Child protection plan since ${longDate(cpPlan.from)} (${inWords(cpPlan.data.category)})`);
  if (lookedAfter) plans.push(`Care plan since ${longDate(lookedAfter.from)}`);
  if (careLeftOn(child, on)) plans.push('Pathway plan');
  else if (plans.length === 0 && isOpenOn(child, on)) plans.push('Child in need plan');
  return plans;
}
