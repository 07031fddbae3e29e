import type { Policy } from '../policy.js';
import type { SubjectTimeline, View } from '../timeline.js';
import { teamsOn } from './caseload.js';
import { RULE_DEFINITIONS } from './definitions.js';
import type { Assessment, Flag } from './flag.js';
import type { RuleDefinition, SubjectKind } from './rule-definition.js';
import { buildWorld, type World } from './world.js';

/**
 * Every rule, with the subjects it assesses. Each subject is assessed on its own
 * (reading the rest of the world as it needs: every child's allocations for a
 * worker's caseload, every worker for a child's adviser), so a rule can be run on a
 * slice of its subjects: workers or children of a world cut down to that slice, or
 * the teams named.
 */
export interface RuleFunction {
  rule: RuleDefinition['rule'];
  assess: (world: World, policy: Policy, teams?: string[]) => Assessment[];
  over: 'workers' | 'children' | 'teams';
  /** The other kind of history it reads (RuleDefinition.alsoReads); a team rule reads both. */
  alsoReads?: 'workers' | 'children';
}

const SUBJECTS: Record<SubjectKind, RuleFunction['over']> = { worker: 'workers', child: 'children', team: 'teams' };

/** A rule given its own thresholds (its policy slice) out of the whole policy. */
const ruleFunction = (rule: RuleDefinition): RuleFunction => ({
  rule: rule.rule,
  assess: (world, policy, teams) => {
    const slice = rule.policy && (policy as Record<string, unknown>)[rule.policy.key];
    return rule.evaluate(world, slice, teams);
  },
  over: SUBJECTS[rule.subject],
  ...(rule.alsoReads ? { alsoReads: rule.alsoReads } : {}),
});

/** Every rule as a function of a world and the whole policy, in the order of the definitions: what `evaluate` runs. */
export const RULE_FUNCTIONS: readonly RuleFunction[] = RULE_DEFINITIONS.map(ruleFunction);

/**
 * The one evaluator: every rule over every subject for one view (as of a date,
 * as known on a date). The live read side, rebuilds and past-date queries all
 * call this (or evaluateInSlices, which gives the same answer), so they cannot disagree.
 */
export function evaluate(timelines: Iterable<SubjectTimeline>, policy: Policy, view: View): Assessment[] {
  const world = buildWorld(timelines, view);
  return RULE_FUNCTIONS.flatMap((rule) => rule.assess(world, policy)).sort(compareAssessments);
}

/**
 * Offered the event loop between two slices of an evaluation. The caller decides
 * whether to give it up and for how long (e.g. a macrotask once some milliseconds of
 * work have run), so the domain stays free of any scheduler.
 */
export type Pause = () => Promise<void> | void;

/**
 * Subjects per slice: at authority scale a slice of children takes under a millisecond,
 * of workers a few (a caseload reads every child's allocations), a team a few more
 * (its caseload on every date it changed).
 */
const SLICE = 50;
const TEAM_SLICE = 1;

/**
 * The same assessments as `evaluate`, in the same order, computed in slices (the
 * world fifty timelines at a time, then each rule fifty subjects or one team at a time)
 * with `pause` offered between slices: an evaluation of a whole authority takes
 * long enough that a server must go on answering other requests meanwhile.
 * `timelines` is read once, at the start: later changes to its source do not count.
 */
export async function evaluateInSlices(timelines: Iterable<SubjectTimeline>, policy: Policy, view: View, pause: Pause): Promise<Assessment[]> {
  const world: World = { asOf: view.asOf, workers: [], children: [] };
  for (const part of slices([...timelines], SLICE)) {
    const built = buildWorld(part, view);
    world.workers.push(...built.workers);
    world.children.push(...built.children);
    await pause();
  }
  const assessments: Assessment[] = [];
  for (const rule of RULE_FUNCTIONS) {
    for (const step of stepsOf(rule, world, policy)) {
      assessments.push(...step());
      await pause();
    }
  }
  return sortedByKey(assessments);
}

/** A rule's work cut into slices of its subjects, in the order `evaluate` assesses them. */
function stepsOf(rule: RuleFunction, world: World, policy: Policy): (() => Assessment[])[] {
  switch (rule.over) {
    case 'workers':
      return slices(world.workers, SLICE).map((workers) => () => rule.assess({ ...world, workers }, policy));
    case 'children':
      return slices(world.children, SLICE).map((children) => () => rule.assess({ ...world, children }, policy));
    case 'teams':
      return slices(teamsOn(world), TEAM_SLICE).map((teams) => () => rule.assess(world, policy, teams));
  }
}

function slices<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * The order compareAssessments gives, with each key built once rather than at every
 * comparison (the sort is stable, and equal keys keep their order, as in `evaluate`).
 */
function sortedByKey(assessments: Assessment[]): Assessment[] {
  const keyed = assessments.map((a) => ({ a, key: sortKey(a) }));
  keyed.sort((x, y) => compareKeys(x.key, y.key));
  return keyed.map((k) => k.a);
}

export function flagsOf(assessments: Assessment[]): Flag[] {
  return assessments.flatMap((a) => (a.flag ? [a.flag] : []));
}

/** The stable order flags are listed and paged in: rule, then subject type and id. */
export function compareAssessments(a: Assessment, b: Assessment): number {
  return compareKeys(sortKey(a), sortKey(b));
}

export const sortKey = (a: Pick<Assessment, 'rule' | 'subject'>): string => `${a.rule}|${a.subject.type}|${a.subject.id}`;

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
