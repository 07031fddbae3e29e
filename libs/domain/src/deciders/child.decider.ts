import type { Fact } from '../timeline.js';
import { refuse, type Refusal } from './refusal.js';

/** What the business rules need to know about a child at a point of their timeline. */
export interface ChildDecisionState {
  childId: string;
  registered: boolean;
  open: boolean;
  workerId?: string;
  ploStage?: string;
}

export const initialChild = (childId: string): ChildDecisionState => ({ childId, registered: false, open: false });

export function childStep(state: ChildDecisionState, fact: Fact): ChildDecisionState | Refusal {
  const d = fact.data;
  if (fact.type === 'ChildRegistered') {
    return state.registered ? refuse(409, `data.childId: child ${state.childId} is already registered`) : { ...state, registered: true };
  }
  if (!state.registered) return refuse(422, `data.childId: child ${state.childId} has no ChildRegistered on or before ${fact.occurredOn}`);
  switch (fact.type) {
    case 'CaseAllocated':
      if (state.open && state.workerId === d.workerId) return refuse(409, `data.workerId: the case is already allocated to ${state.workerId}`);
      return { ...state, open: true, workerId: String(d.workerId) };
    case 'CaseClosed':
      if (!state.open) return refuse(422, `data.childId: the case of child ${state.childId} is not open on ${fact.occurredOn}`);
      return { ...state, open: false };
    case 'PloStageEntered':
      if (state.ploStage === d.stage) return refuse(409, `data.stage: child ${state.childId} is already in ${state.ploStage}`);
      if (state.ploStage) return refuse(409, `data.stage: child ${state.childId} is in ${state.ploStage}; record its exit first`);
      return { ...state, ploStage: String(d.stage) };
    case 'PloStageExited':
      if (state.ploStage !== d.stage) return refuse(422, `data.stage: child ${state.childId} is not in ${String(d.stage)} on ${fact.occurredOn}`);
      return { ...state, ploStage: undefined };
    default:
      return refuse(422, `type: ${fact.type} does not belong in a child's stream`);
  }
}
