import { z } from 'zod';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, workingDaysOverdue, type Assessment, type FlagDetail } from './flag.js';
import { covers, type World } from './world.js';
import { defineRule } from './rule-definition.js';
import { count, inWords, sentenceCase } from './wording.js';

const assessmentsPolicy = z.strictObject({ workingDays: z.int().min(1).max(520) });

/**
 * ASSESSMENT_OVERDUE: an assessment open for more than N working days. One flag per
 * child, for its most overdue assessment, carrying that assessment's kind (so
 * dashboards report `disabled_children` separately) and every overdue kind in
 * `kinds`; every overdue one is evidence.
 */
export function assessmentOverdue(world: World, policy: z.output<typeof assessmentsPolicy>): Assessment[] {
  return world.children.flatMap((child) => {
    const open = child.assessments.filter((a) => covers(a, world.asOf));
    if (open.length === 0) return [];
    const overdue = open
      .map((a) => ({ a, detail: workingDaysOverdue(a.from, policy.workingDays, world.asOf, [a.eventId]) }))
      .filter((o): o is { a: (typeof open)[number]; detail: FlagDetail } => o.detail !== undefined);
    const worst = overdue[0]; // open assessments are in start order: the first overdue is the oldest
    const detail = worst && {
      ...worst.detail,
      evidence: overdue.map((o) => o.a.eventId),
      measures: {
        ...worst.detail.measures,
        kind: worst.a.data.kind,
        assessmentId: worst.a.data.assessmentId,
        // Every overdue kind, so a disabled children's assessment behind an older one still shows.
        kinds: [...new Set(overdue.map((o) => o.a.data.kind))].join(', '),
      },
    };
    return [assess('ASSESSMENT_OVERDUE', childSubject(child), childScope(child, world.asOf), detail)];
  });
}

export const ASSESSMENT_OVERDUE = defineRule({
  rule: 'ASSESSMENT_OVERDUE',
  subject: 'child',
  title: 'Assessment overdue',
  kind: 'duty',
  description: 'An assessment open for longer than the limit in working days; the flag carries its kind (disabled_children reported separately)',
  flagsWhen: 'an assessment open over 45 working days; the flag carries `measures.kind` (`disabled_children` reported separately)',
  finding: 'Delays in assessments, particularly for disabled children (2022 inspection ¶10)',
  quote: { text: 'Capacity issues in the children with complex needs team leads to delays in the completion of assessments for disabled children.', report: '2022 inspection', paragraph: 10 },
  source: 'Working Together to Safeguard Children 2023 (45 working days)',
  severity: 'red after twice the limit',
  policy: { key: 'assessments', schema: assessmentsPolicy, defaults: { workingDays: 45 } },
  reads: [...SCOPE_FACTS, 'AssessmentStarted', 'AssessmentCompleted'],
  reason: (f) =>
    `${sentenceCase(inWords(String(f.measures?.kinds ?? f.measures?.kind)))} assessment open for ${count(f.measures?.workingDays, 'working day')}; limit ${count(f.measures?.limit, 'working day')}`,
  indicator: (p) => `children whose open assessments are within ${count(p.workingDays, 'working day')}`,
  evaluate: assessmentOverdue,
});
