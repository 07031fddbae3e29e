import { addDays, type IsoDate } from '../dates.js';
import type { WorkerView } from './worker-history.js';

/** The window a team manager looks back over for how a worker is being supervised (as SUPERVISION_NOT_REFLECTIVE's default). */
export const RECENT_SUPERVISION_DAYS = 90;

/** What a team manager reads of one worker's supervision on a date. */
export interface SupervisionRecord {
  /** The last session on or before the date, in the worker's current employment. */
  last?: IsoDate;
  /** Sessions in the RECENT_SUPERVISION_DAYS up to the date, and how many of them were recorded as reflective. */
  recent: number;
  recentReflective: number;
}

/**
 * A worker's supervision as of `asOf` (`worker` folded from the facts visible in the
 * view): the sessions of the employment they are in, so a worker who left and came back
 * starts afresh, as the supervision rule's clock does.
 */
export function supervisionRecord(worker: WorkerView, asOf: IsoDate): SupervisionRecord {
  const joinedOn = worker.employments.findLast((e) => e.joinedOn <= asOf)?.joinedOn;
  const sessions = joinedOn === undefined ? [] : worker.supervisions.filter((s) => s.occurredOn >= joinedOn && s.occurredOn <= asOf);
  const recent = sessions.filter((s) => s.occurredOn > addDays(asOf, -RECENT_SUPERVISION_DAYS));
  return { last: sessions.at(-1)?.occurredOn, recent: recent.length, recentReflective: recent.filter((s) => s.data.reflective).length };
}
