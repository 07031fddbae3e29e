import type { IsoDate } from '../dates.js';
import { allocationOn, type ChildView } from './world.js';

/** The team and worker a child flag is reported under: its allocation on the date, or its last one. */
export function childScope(child: ChildView, on: IsoDate): { teamId?: string; workerId?: string } {
  const a = allocationOn(child, on);
  return { teamId: a?.teamId, workerId: a?.workerId };
}

export const childSubject = (child: ChildView) => ({ type: 'child' as const, id: child.id });

/** The facts a child's scope is read from (its allocations): every child rule reads them (RuleDefinition.reads). */
export const SCOPE_FACTS = ['CaseAllocated', 'CaseClosed'] as const;
