import type { IsoDate } from '../dates.js';
import { DEFAULT_POLICY, resolvePolicy, type Policy } from '../policy.js';
import { evaluate } from '../rules/evaluate.js';
import type { Assessment, Flag, RuleId } from '../rules/flag.js';
import { timelinesOf, type Entry } from './facts.js';

/** The assessments of one evaluation, looked up by rule and subject id. */
export class Evaluation {
  constructor(readonly assessments: Assessment[]) {}

  /** The subject's assessment by the rule, undefined when the subject is not in scope. */
  assessment(rule: RuleId, subjectId: string): Assessment | undefined {
    return this.assessments.find((a) => a.rule === rule && a.subject.id === subjectId);
  }

  flag(rule: RuleId, subjectId: string): Flag | undefined {
    return this.assessment(rule, subjectId)?.flag;
  }

  /** Ids of the subjects the rule assessed. */
  inScope(rule: RuleId): string[] {
    return this.assessments.filter((a) => a.rule === rule).map((a) => a.subject.id);
  }

  /** Ids of the subjects the rule flagged. */
  flagged(rule: RuleId): string[] {
    return this.assessments.filter((a) => a.rule === rule && a.flag).map((a) => a.subject.id);
  }
}

/** A rule story: `evaluating(facts).asOf('2026-03-31').flag('SUPERVISION_OVERDUE', 'W-1')`. */
export function evaluating(...entries: Entry[]) {
  let policy: Policy = DEFAULT_POLICY;
  const story = {
    /** Applies an LA's policy overrides on top of the defaults. */
    withPolicy(overrides: unknown) {
      policy = resolvePolicy(overrides);
      return story;
    },
    asOf(asOf: IsoDate, knownAt?: IsoDate): Evaluation {
      return new Evaluation(evaluate(timelinesOf(entries), policy, knownAt === undefined ? { asOf } : { asOf, knownAt }));
    },
  };
  return story;
}
