import type { IsoDate } from '../dates.js';
import type { Fact, FactOf } from '../timeline.js';

/**
 * A worker's history folded from their facts in practice order: the one reading of a
 * worker's timeline that the deciders check against and the drift rules evaluate.
 */
export interface Employment {
  joinedOn: IsoDate;
  /** A worker still works on their leaving day. */
  leftOn?: IsoDate;
  role: string;
  caseHolding: boolean;
  fte: number;
  eventId: string;
}

export interface WorkerView {
  id: string;
  employments: Employment[];
  teamChanges: { on: IsoDate; teamId: string }[];
  supervisions: FactOf<'SupervisionHeld'>[];
}

export const emptyWorker = (id: string): WorkerView => ({ id, employments: [], teamChanges: [], supervisions: [] });

export function workerHistory(id: string, facts: Iterable<Fact>): WorkerView {
  const worker = emptyWorker(id);
  for (const f of facts) evolveWorker(worker, f);
  return worker;
}

/** Adds one fact to a worker's history, in place. */
export function evolveWorker(w: WorkerView, f: Fact): void {
  switch (f.type) {
    case 'WorkerJoined': {
      const { role, caseHolding, fte, teamId } = f.data;
      w.employments.push({ joinedOn: f.occurredOn, role, caseHolding, fte, eventId: f.eventId });
      return void w.teamChanges.push({ on: f.occurredOn, teamId });
    }
    case 'WorkerChangedTeam':
      return void w.teamChanges.push({ on: f.occurredOn, teamId: f.data.teamId });
    case 'WorkerLeft': {
      const current = w.employments.at(-1);
      if (current && !current.leftOn) current.leftOn = f.occurredOn;
      return;
    }
    case 'SupervisionHeld':
      return void w.supervisions.push(f);
    default:
  }
}

/** The employment the history ends in (open, or the last one left). */
export const currentEmployment = (w: WorkerView): Employment | undefined => w.employments.at(-1);

/** The worker's team at the end of the history. */
export const currentTeam = (w: WorkerView): string | undefined => w.teamChanges.at(-1)?.teamId;
