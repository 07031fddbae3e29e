import { RULE_DEFINITIONS } from './definitions.js';
import type { RuleDefinition } from './rule-definition.js';

/**
 * The README's "The rules" table, rendered from the definitions so that it cannot
 * drift from the rules as they run (a unit test compares it with the README).
 */
export function renderRulesTable(definitions: readonly RuleDefinition[] = RULE_DEFINITIONS): string {
  const header = ['| rule | subject | flags when | policy key (defaults) |', '|---|---|---|---|'];
  const rows = definitions.map((d) => `| \`${d.rule}\` | ${d.subject} | ${d.flagsWhen} | ${policyCell(d)} |`);
  return [...header, ...rows].join('\n');
}

function policyCell({ policy }: RuleDefinition): string {
  if (!policy) return '—';
  const choice = policy.localChoice ? ` (local choice: ${policy.localChoice})` : '';
  return `\`${policy.key}\` \`${literal(policy.defaults)}\`${choice}`;
}

/** Defaults as a reader writes them in a POLICY_FILE, without JSON's quotes: `{ months: 12 }`. */
function literal(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ')} }`;
}
