import type { Policy } from '../policy.js';
import type { SubjectTimeline, View } from '../timeline.js';
import { RULE_DEFINITIONS } from './definitions.js';
import type { Assessment, Flag } from './flag.js';
import type { RuleDefinition, SubjectKind } from './rule-definition.js';
import { buildWorld, type World } from './world.js';

/**
 * Every rule, with the subjects it assesses. Each subject is assessed on its own
 * (reading the rest of the world as it needs: every child's allocations for a
 * worker's caseload, every worker for a child's adviser), so a rule can be run on a
 * slice of its subjects: workers or children of a world cut down to that slice, or
 * the teams named (the flag read model derives one subject's periods so).
 */
export interface RuleFunction {
  rule: RuleDefinition['rule'];
  assess: (world: World, policy: Policy, teams?: string[]) => Assessment[];
  over: 'workers' | 'children' | 'teams';
  /** The other kind of history it reads (RuleDefinition.alsoReads); a team rule reads both. */
  alsoReads?: 'workers' | 'children';
  /** The only facts its answers depend on (RuleDefinition.reads). */
  reads: readonly string[];
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
  reads: rule.reads,
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

export function flagsOf(assessments: Assessment[]): Flag[] {
  return assessments.flatMap((a) => (a.flag ? [a.flag] : []));
}

/** The stable order flags are listed and paged in: rule, then subject type and id. */
export function compareAssessments(a: Assessment, b: Assessment): number {
  return compareKeys(sortKey(a), sortKey(b));
}

export const sortKey = (a: Pick<Assessment, 'rule' | 'subject'>): string => `${a.rule}|${a.subject.type}|${a.subject.id}`;

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
