import type { IsoDate } from '../dates.js';
import type { EventTypeOf } from '../events/catalogue.js';
import { currentEmployment, currentTeam, workerHistory, type WorkerView } from '../history/worker-history.js';
import { liveFacts, type FactOf, type SubjectTimeline } from '../timeline.js';
import { refuse, type Refusal } from './refusal.js';
import { unreachable } from './unreachable.js';

/** A fact of a worker's stream. */
export type WorkerFact = FactOf<EventTypeOf<'worker'>>;

/** Why `fact` cannot happen next in the worker's history (folded from their earlier facts), or undefined when it can. */
export function workerRefusal(w: WorkerView, fact: WorkerFact): Refusal | undefined {
  const employment = currentEmployment(w);
  if (fact.type === 'WorkerJoined') {
    return employment && !employment.leftOn ? refuse(409, `data.workerId: worker ${w.id} has already joined (team ${currentTeam(w)})`) : undefined;
  }
  const inactive = whyInactive(w, fact.occurredOn);
  if (inactive) return inactive;
  switch (fact.type) {
    case 'WorkerChangedTeam':
      return fact.data.teamId === currentTeam(w) ? refuse(409, `data.teamId: worker ${w.id} is already in team ${fact.data.teamId}`) : undefined;
    case 'WorkerLeft':
      return employment?.leftOn ? refuse(409, `data.workerId: worker ${w.id} already left on ${employment.leftOn}`) : undefined;
    case 'SupervisionHeld':
      return fact.data.supervisorId === fact.data.workerId ? refuse(422, 'data.supervisorId: a worker cannot supervise themselves') : undefined;
    default:
      return unreachable(fact);
  }
}

function whyInactive(w: WorkerView, on: IsoDate): Refusal | undefined {
  const employment = currentEmployment(w);
  if (!employment) return refuse(422, `data.workerId: worker ${w.id} has no WorkerJoined on or before ${on}`);
  if (employment.leftOn && on > employment.leftOn) return refuse(422, `data.workerId: worker ${w.id} left on ${employment.leftOn}, before ${on}`);
  return undefined;
}

/** Whether a worker was employed on a date, judged from their live timeline. */
export function workerActiveOn(worker: SubjectTimeline, on: IsoDate): 'active' | 'left' | 'unknown' {
  const employment = currentEmployment(
    workerHistory(
      worker.id,
      liveFacts(worker).filter((f) => f.occurredOn <= on),
    ),
  );
  if (!employment) return 'unknown';
  return employment.leftOn && on > employment.leftOn ? 'left' : 'active';
}
