import type { z } from 'zod';
import type { EventType } from '../events/catalogue.js';
import type { Assessment, Flag } from './flag.js';
import type { World } from './world.js';

export type SubjectKind = 'worker' | 'child' | 'team';

/** The policy key a rule reads its thresholds from, their schema and the defaults in force without a POLICY_FILE. */
export interface PolicySlice<Key extends string, Schema extends z.ZodType> {
  key: Key;
  schema: Schema;
  defaults: z.output<Schema>;
  /** A choice DOMAIN.md leaves to the authority, shown beside the defaults in the README. */
  localChoice?: string;
}

/** A sentence or clause of an inspection, as the rules page quotes it under the finding. */
export interface InspectionQuote {
  /** Verbatim, at most a couple of hundred characters; only line breaks and the style of quotation marks may differ from the source. */
  text: string;
  /** The inspection it comes from, as the findings name it. */
  report: `${number} inspection`;
  /** The numbered paragraph holding it, where the report numbers them. */
  paragraph?: number;
  /**
   * Where the words were published when that is not the inspection report itself,
   * worded to follow the report in a citation ("as reported in …"): the 2014 report
   * survives here only as a news account of it.
   */
  via?: string;
}

/** The 2014 report is held only as a news account of it: its words are cited as that account gives them. */
export const AS_REPORTED_2014 = 'as reported in Children & Young People Now, 9 September 2014';
/** The 2018 inspection is held as the lead inspector's letter to the area's children, in the inspectors' own words. */
export const LETTER_2018 = "in the lead inspector's letter to children and young people";

/** What a rule says about itself: the catalogue (GET /api/v1/rules), the dashboard and the README read these. */
interface RuleText<Id extends string> {
  rule: Id;
  subject: SubjectKind;
  /** Its name on pages and in exports, in words a social worker uses ("Supervision overdue"), never the code. */
  title: string;
  /**
   * Whether a flag is a duty not done by its due date (shown as days overdue) or a
   * condition that holds (shown as the date since which it has held).
   */
  kind: 'duty' | 'condition';
  description: string;
  /** The README table's "flags when": the description in a line. */
  flagsWhen: string;
  finding: string;
  /**
   * The inspectors' own words the finding answers, copied exactly from an inspection
   * report of the authority (`quotes.unit.spec.ts` finds each in the report it cites).
   * `null` only for a finding that names no inspection and that no report speaks to:
   * say why beside it. Required, so a new rule cannot leave it out unnoticed.
   */
  quote: InspectionQuote | null;
  source: string;
  severity: string;
  /**
   * The histories of the other kind a worker or child rule reads besides its subjects'
   * own: a caseload reads the children allocated, an adviser rule the advisers. When
   * only such a history changes, the flag read model recomputes just the rules that
   * declare it (a spec checks that no other rule reads them). A team rule reads both.
   */
  alsoReads?: 'workers' | 'children';
  /**
   * The only facts its answers depend on, of whichever subject. Between two dates with
   * none of them, nothing it compares changes but the date, and an event of another type
   * cannot change its answers: the flag read model neither looks at other dates nor
   * recomputes it for such an event, and folds only these facts. Two specs check it on
   * generated histories: the rule touches no other part of a history, and gives the same
   * answers when every other fact is left out.
   */
  reads: readonly EventType[];
}

/**
 * A rule with thresholds. `evaluate` assesses the subjects of `world` of its kind (a
 * team rule: every team in scope, or those of them named) with its own policy slice only,
 * so a rule cannot come to depend on another's thresholds unseen.
 */
export interface ThresholdRule<Id extends string, Key extends string, Schema extends z.ZodType> extends RuleText<Id> {
  policy: PolicySlice<Key, Schema>;
  /** Why a flag of this rule stands, in a sentence from its measures and the thresholds in force ("Last supervised on 3 March 2026; due every 28 days"). */
  reason(flag: FlagFacts, thresholds: z.output<Schema>): string;
  /**
   * What its rate measures, as a council reports it: words completing "% of …", under
   * the thresholds in force ("children on a child protection plan visited within 15
   * working days"). The rate is the share of those in scope with no flag.
   */
  indicator(thresholds: z.output<Schema>): string;
  // Method syntax: a list of rules with different slices is a list of rules (parameters compared bivariantly).
  evaluate(world: World, thresholds: z.output<Schema>, teams?: string[]): Assessment[];
}

/** A rule with nothing an authority can set (e.g. an unregistered placement is always flagged). */
export interface FixedRule<Id extends string> extends RuleText<Id> {
  policy?: undefined;
  reason(flag: FlagFacts): string;
  /** What its rate measures, completing "% of …" ("looked-after children in registered placements"). */
  indicator(): string;
  evaluate(world: World): Assessment[];
}

/** What a flag's reason is told of it. */
export type FlagFacts = Pick<Flag, 'dueSince' | 'daysOverdue' | 'severity' | 'measures'>;

export type RuleDefinition = ThresholdRule<string, string, z.ZodType> | FixedRule<string>;

/** Keeps the literal id and the slice's types of one rule's record (the list derives the RuleId union and the Policy type from them). */
export function defineRule<const Id extends string, const Key extends string, Schema extends z.ZodType>(definition: ThresholdRule<Id, Key, Schema>): ThresholdRule<Id, Key, Schema>;
export function defineRule<const Id extends string>(definition: FixedRule<Id>): FixedRule<Id>;
export function defineRule(definition: RuleDefinition): RuleDefinition {
  return definition;
}
