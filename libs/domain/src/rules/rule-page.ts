import type { Policy } from '../policy.js';
import { RULE_DEFINITIONS } from './definitions.js';
import type { RuleId } from './flag.js';
import type { InspectionQuote, RuleDefinition, SubjectKind } from './rule-definition.js';
import { figure, sentenceCase } from './wording.js';

/** One threshold as the rules page shows it: "Interval (days)", "28", and the default when the policy sets another. */
export interface ThresholdLine {
  label: string;
  value: string;
  defaultValue?: string;
}

/** Everything the rules page says of one rule, in words; the code is only for the link to its flags. */
export interface RulePage {
  rule: RuleId;
  /** The id of its heading, from its title ("rule-supervision-overdue"). */
  anchor: string;
  title: string;
  description: string;
  flagsWhen: string;
  kind: string;
  /** The thresholds in force; empty when the authority has nothing to set. */
  thresholds: ThresholdLine[];
  /** Whether any threshold in force differs from its default (the "when it flags" line quotes the defaults). */
  notDefault: boolean;
  policyKey?: string;
  severity: string;
  source: string;
  finding: string;
  quote: { text: string; citation: string } | null;
}

export interface RulePageGroup {
  id: string;
  heading: string;
  rules: RulePage[];
}

/** Unit words a threshold's key ends with: shown in brackets after what they measure. */
const UNITS = ['working days', 'days', 'weeks', 'months', 'minutes'];
/** Abbreviations in the policy's keys, as a social worker writes them. */
const KEY_WORDS: Record<string, string> = { max: 'maximum', min: 'minimum', fte: 'FTE' };

/** A threshold's key path in words: ["newlyQualified", "firstIntervalDays"] is "Newly qualified, first interval (days)". */
export function thresholdLabel(path: readonly string[]): string {
  const parts = path.map((key) => {
    const phrase = key
      .split(/(?=[A-Z])/)
      .map((word) => KEY_WORDS[word.toLowerCase()] ?? word.toLowerCase())
      .join(' ');
    if (UNITS.includes(phrase)) return phrase;
    const unit = UNITS.find((u) => phrase.endsWith(` ${u}`));
    return unit ? `${phrase.slice(0, -unit.length - 1)} (${unit})` : phrase;
  });
  return sentenceCase(parts.join(', '));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const shown = (value: unknown): string => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : figure(value as number));

/**
 * A policy slice's thresholds as labelled lines, nested objects flattened in order
 * ("Newly qualified, first interval (days)"), each with its default when it differs.
 */
export function thresholdLines(inForce: Record<string, unknown>, defaults: Record<string, unknown> = inForce): ThresholdLine[] {
  const lines = (values: Record<string, unknown>, byDefault: Record<string, unknown>, path: string[]): ThresholdLine[] =>
    Object.entries(values).flatMap(([key, value]) => {
      const at = [...path, key];
      if (isRecord(value)) return lines(value, isRecord(byDefault[key]) ? byDefault[key] : {}, at);
      const line = { label: thresholdLabel(at), value: shown(value) };
      const otherwise = byDefault[key] === undefined ? line.value : shown(byDefault[key]);
      return [otherwise === line.value ? line : { ...line, defaultValue: otherwise }];
    });
  return lines(inForce, defaults, []);
}

/**
 * The few field names and catalogue codes the rules' one-line texts carry (they are
 * also the README's table, written for developers), in words. The rule-page spec fails
 * on any code left, so a new one is worded here.
 */
const PLAIN: [RegExp, string][] = [
  [/`measures\.kind`/g, 'its kind'],
  [/`?disabled_children`?/g, 'assessments of disabled children'],
  [/`registered: false`/g, 'not registered'],
  [/`meetsAssessedNeeds: false`/g, 'not meeting assessed needs'],
];

/** A rule's description or "flags when" in plain words, without the field names written for developers. */
export const plainRuleWords = (text: string): string => PLAIN.reduce((words, [code, plain]) => words.replace(code, plain), text);

/** "2022 inspection, paragraph 46"; "2014 inspection, as reported in …". */
export const quoteCitation = (quote: InspectionQuote): string => [quote.report, quote.paragraph === undefined ? undefined : `paragraph ${quote.paragraph}`, quote.via].filter(Boolean).join(', ');

/** A heading's id from a rule's title: "Looked-after visit overdue" is "rule-looked-after-visit-overdue". */
export const ruleAnchor = (title: string): string =>
  `rule-${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

const KINDS: Record<RuleDefinition['kind'], string> = {
  duty: 'A duty: flagged when it is not done by its due date, and shown as days overdue',
  condition: 'A condition: flagged while it holds, and shown from the date it began',
};

function rulePage(definition: RuleDefinition, policy: Policy): RulePage {
  const { rule, title, kind, description, flagsWhen, severity, source, finding, quote } = definition;
  const slice = definition.policy;
  const thresholds = slice ? thresholdLines((policy as Record<string, Record<string, unknown>>)[slice.key], slice.defaults as Record<string, unknown>) : [];
  return {
    rule: rule as RuleId,
    anchor: ruleAnchor(title),
    title,
    description: plainRuleWords(description),
    flagsWhen: sentenceCase(plainRuleWords(flagsWhen)),
    kind: KINDS[kind],
    thresholds,
    notDefault: thresholds.some((t) => t.defaultValue !== undefined),
    policyKey: slice?.key,
    severity: sentenceCase(severity),
    source,
    finding,
    quote: quote && { text: quote.text, citation: quoteCitation(quote) },
  };
}

const GROUPS: { subject: SubjectKind; id: string; heading: string }[] = [
  { subject: 'worker', id: 'workers', heading: 'Social workers' },
  { subject: 'team', id: 'teams', heading: 'Teams' },
  { subject: 'child', id: 'children', heading: 'Children' },
];

/** Every rule as the rules page shows it under `policy`, grouped by what it assesses, in the catalogue's order within each group. */
export function rulePages(policy: Policy): RulePageGroup[] {
  return GROUPS.map(({ subject, id, heading }) => ({
    id,
    heading,
    rules: RULE_DEFINITIONS.filter((d) => d.subject === subject).map((d) => rulePage(d, policy)),
  }));
}
