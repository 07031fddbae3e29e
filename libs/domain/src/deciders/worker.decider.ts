import type { IsoDate } from '../dates.js';
import { liveFacts, type Fact, type SubjectTimeline } from '../timeline.js';
import { isRefusal, refuse, type Refusal } from './refusal.js';

/** What the business rules need to know about a worker at a point of their timeline. */
export interface WorkerDecisionState {
  workerId: string;
  joined: boolean;
  /** Set while the worker has left; a worker still works on their leaving day. */
  leftOn?: IsoDate;
  teamId?: string;
}

export const initialWorker = (workerId: string): WorkerDecisionState => ({ workerId, joined: false });

export function workerStep(state: WorkerDecisionState, fact: Fact): WorkerDecisionState | Refusal {
  const d = fact.data;
  if (fact.type === 'WorkerJoined') {
    if (state.joined && !state.leftOn) return refuse(409, `data.workerId: worker ${state.workerId} has already joined (team ${state.teamId})`);
    return { ...state, joined: true, leftOn: undefined, teamId: String(d.teamId) };
  }
  const inactive = whyInactive(state, fact.occurredOn);
  if (inactive) return inactive;
  switch (fact.type) {
    case 'WorkerChangedTeam':
      if (d.teamId === state.teamId) return refuse(409, `data.teamId: worker ${state.workerId} is already in team ${state.teamId}`);
      return { ...state, teamId: String(d.teamId) };
    case 'WorkerLeft':
      if (state.leftOn) return refuse(409, `data.workerId: worker ${state.workerId} already left on ${state.leftOn}`);
      return { ...state, leftOn: fact.occurredOn };
    case 'SupervisionHeld':
      if (d.supervisorId === d.workerId) return refuse(422, 'data.supervisorId: a worker cannot supervise themselves');
      return state;
    default:
      return refuse(422, `type: ${fact.type} does not belong in a worker's stream`);
  }
}

function whyInactive(state: WorkerDecisionState, on: IsoDate): Refusal | undefined {
  if (!state.joined) return refuse(422, `data.workerId: worker ${state.workerId} has no WorkerJoined on or before ${on}`);
  if (state.leftOn && on > state.leftOn) return refuse(422, `data.workerId: worker ${state.workerId} left on ${state.leftOn}, before ${on}`);
  return undefined;
}

/** Whether a worker was employed on a date, judged from their live timeline. */
export function workerActiveOn(worker: SubjectTimeline, on: IsoDate): 'active' | 'left' | 'unknown' {
  let state = initialWorker(worker.id);
  for (const fact of liveFacts(worker)) {
    if (fact.occurredOn > on) break;
    const next = workerStep(state, fact);
    if (!isRefusal(next)) state = next;
  }
  if (!state.joined) return 'unknown';
  return state.leftOn && on > state.leftOn ? 'left' : 'active';
}
