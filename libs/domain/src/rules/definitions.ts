/**
 * Every drift rule, one record each, in the catalogue's order (GET /api/v1/rules,
 * the dashboard and the README list them in this order). Everything else about
 * the rules is derived from this list: the `RuleId` type, the evaluator's rules,
 * the policy schema and its defaults (POLICY_FILE), the catalogue and the README's
 * rules table.
 *
 * Adding a rule (done once for real on a throwaway branch: the rule's file, its spec,
 * two lines here, then the generated README row and golden answers):
 * 1. In its family's file (e.g. `looked-after.ts`), or a new file for a new family,
 *    write the evaluate function, `(world, thresholds) => Assessment[]` (a team rule
 *    also takes the teams to assess), reading only its own thresholds, and beside it
 *    `export const MY_RULE = defineRule({ rule: 'MY_RULE', subject, title, kind, description,
 *    flagsWhen, finding, quote, source, severity, policy: { key, schema, defaults }, reads, reason, evaluate })`:
 *    `quote` is the inspectors' words the finding answers, copied from a report in
 *    ../shared/seeds (`quotes.unit.spec.ts` finds it there);
 *    `title` and `reason` (a flag's measures and the thresholds in force, in a sentence)
 *    are what pages show for it, in words a social worker uses (`flag-words.unit.spec.ts`
 *    fails on a code, field name or missing value); `kind` says whether it is a duty
 *    overdue or a condition that holds.
 *    Leave out `policy` when an authority has nothing to set. The policy key must be
 *    new: it becomes a key of the POLICY_FILE (the definitions spec checks). `reads`
 *    lists the fact types it reads (a child rule's start with SCOPE_FACTS, a worker
 *    rule's with EMPLOYMENT_FACTS); `alsoReads` names the other kind of history when it
 *    reads one. The flag read model recomputes it only for those; `rule-reads.unit.spec.ts`
 *    checks both on generated histories.
 * 2. Test it in the family's spec (`*.unit.spec.ts`) with `evaluating(...)` from
 *    `../testing/rules.js`, and give it a knownAt story case in
 *    `test/support/findings/` (the findings e2e test wants one for every rule).
 * 3. Import it here and add it to the list where it belongs in the catalogue's order.
 * 4. Regenerate what is derived from the answers: the README's rules table
 *    (`UPDATE_RULES_TABLE=1` and run `rules-table.unit.spec.ts`) and, since a new rule
 *    changes GET /flags, /dashboard and /rules, the golden answers (`UPDATE_GOLDEN=1`
 *    and run `test/golden-outputs.e2e.spec.ts`, saying why in the commit).
 * Nothing else changes: the RuleId type, the policy schema and its defaults,
 * GET /api/v1/rules, the flag filters and the dashboard all follow this list.
 */
import { CARE_PROCEEDINGS_OVERDUE, PRE_PROCEEDINGS_OVERDUE, SOCIAL_WORKER_CHANGES } from './children.js';
import { ASSESSMENT_OVERDUE } from './assessments.js';
import { CASELOAD_HIGH, TEAM_CASELOAD_HIGH } from './caseload.js';
import { CARE_LEAVER_NOT_IN_TOUCH, CARE_LEAVER_UNSUITABLE_ACCOMMODATION, NO_PERSONAL_ADVISER, PATHWAY_PLAN_REVIEW_OVERDUE } from './care-leavers.js';
import { CP_REVIEW_OVERDUE, CP_VISIT_OVERDUE, INITIAL_CONFERENCE_OVERDUE, NEGLECT_ESCALATION_DELAY } from './child-protection.js';
import { RETURN_INTERVIEW_OVERDUE } from './missing.js';
import { DENTAL_CHECK_OVERDUE, HEALTH_ASSESSMENT_OVERDUE, LOOKED_AFTER_REVIEW_OVERDUE, LOOKED_AFTER_VISIT_OVERDUE, SDQ_OVERDUE } from './looked-after.js';
import { OVERSIGHT_MISSING } from './oversight.js';
import { PLACEMENT_INSTABILITY, PLACEMENT_NOT_MEETING_NEEDS, UNREGISTERED_PLACEMENT } from './placements.js';
import { PLAN_WITHOUT_CONTINGENCY, REPEAT_REFERRAL, STRATEGY_WITHOUT_SAFETY_PLAN } from './plans.js';
import { PRIVATE_FOSTERING_OVERDUE } from './private-fostering.js';
import { SUPERVISION_NOT_REFLECTIVE, SUPERVISION_OVERDUE } from './supervision.js';

export const RULE_DEFINITIONS = [
  SUPERVISION_OVERDUE,
  SUPERVISION_NOT_REFLECTIVE,
  CASELOAD_HIGH,
  TEAM_CASELOAD_HIGH,
  SOCIAL_WORKER_CHANGES,
  PRE_PROCEEDINGS_OVERDUE,
  CARE_PROCEEDINGS_OVERDUE,
  NEGLECT_ESCALATION_DELAY,
  INITIAL_CONFERENCE_OVERDUE,
  CP_VISIT_OVERDUE,
  CP_REVIEW_OVERDUE,
  ASSESSMENT_OVERDUE,
  UNREGISTERED_PLACEMENT,
  PLACEMENT_NOT_MEETING_NEEDS,
  PLACEMENT_INSTABILITY,
  PLAN_WITHOUT_CONTINGENCY,
  STRATEGY_WITHOUT_SAFETY_PLAN,
  REPEAT_REFERRAL,
  LOOKED_AFTER_VISIT_OVERDUE,
  LOOKED_AFTER_REVIEW_OVERDUE,
  HEALTH_ASSESSMENT_OVERDUE,
  DENTAL_CHECK_OVERDUE,
  SDQ_OVERDUE,
  RETURN_INTERVIEW_OVERDUE,
  PRIVATE_FOSTERING_OVERDUE,
  PATHWAY_PLAN_REVIEW_OVERDUE,
  NO_PERSONAL_ADVISER,
  CARE_LEAVER_NOT_IN_TOUCH,
  CARE_LEAVER_UNSUITABLE_ACCOMMODATION,
  OVERSIGHT_MISSING,
] as const;
