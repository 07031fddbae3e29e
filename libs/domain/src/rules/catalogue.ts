import type { Policy } from '../policy.js';
import { RULE_DEFINITIONS } from './definitions.js';
import type { RuleId } from './flag.js';
import type { InspectionQuote, RuleDefinition, SubjectKind } from './rule-definition.js';

/** What each rule answers, where its default comes from, and the thresholds in force under a policy (GET /api/v1/rules). */
export interface RuleCatalogueEntry {
  rule: RuleId;
  /** Its name in words. */
  title: string;
  /** A duty overdue, or a condition that holds. */
  kind: RuleDefinition['kind'];
  subject: SubjectKind;
  description: string;
  finding: string;
  /** The inspectors' words the finding answers, and the report they come from (null where no report speaks to it). */
  quote: InspectionQuote | null;
  source: string;
  severity: string;
  thresholds: (policy: Policy) => Record<string, unknown>;
}

// The keys in this order: GET /api/v1/rules answers with them as they are.
const entryOf = ({ rule, title, kind, subject, description, finding, quote, source, severity, policy }: RuleDefinition): RuleCatalogueEntry => ({
  rule: rule as RuleId,
  title,
  kind,
  subject,
  description,
  finding,
  quote,
  source,
  severity,
  thresholds: (p) => (policy ? (p as Record<string, Record<string, unknown>>)[policy.key] : {}),
});

export const RULES: readonly RuleCatalogueEntry[] = RULE_DEFINITIONS.map(entryOf);

export const RULE_IDS: RuleId[] = RULE_DEFINITIONS.map((r) => r.rule);
