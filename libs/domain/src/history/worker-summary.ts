import { addMonths, type IsoDate } from '../dates.js';
import type { WORKER_ROLES } from '../events/catalogue.js';
import { employmentOn, teamOn } from '../rules/world.js';
import { visibleFacts, type SubjectTimeline, type View } from '../timeline.js';
import { supervisionRecord, type SupervisionRecord } from './supervision-record.js';
import { workerHistory } from './worker-history.js';

/** How far back a worker's page lists their supervision sessions. */
export const SESSIONS_LISTED_MONTHS = 12;

/**
 * A worker's page opens with who they are on the as-of date and how they are being
 * supervised: read from the facts visible in the view, folded as the rules fold them,
 * so the summary and the supervision flags below it agree.
 */
export interface WorkerSummary {
  /** The employment on the date; or, for a worker who has left, the last one (with `leftOn`). Undefined before they joined. */
  employment?: { role: string; caseHolding: boolean; fte: number; joinedOn: IsoDate; leftOn?: IsoDate };
  /** The team on the date (a worker who left still belongs to their last team, as their flags do). */
  teamId?: string;
  supervision: SupervisionRecord;
  /** The sessions of the current employment in the SESSIONS_LISTED_MONTHS up to the date, newest first. */
  sessions: { eventId: string; on: IsoDate; minutes: number; reflective: boolean; supervisorId: string }[];
}

/** Worker roles as a manager says them. */
const ROLE_WORDS: Record<(typeof WORKER_ROLES)[number], string> = {
  social_worker: 'Social worker',
  newly_qualified: 'Newly qualified social worker',
  senior_practitioner: 'Senior practitioner',
  team_manager: 'Team manager',
  personal_adviser: 'Personal adviser',
};

/** A worker's summary on the view's as-of date, from the facts of `timeline` visible in `view` (a team-bound reader's timeline holds only what they may see). */
export function workerSummary(timeline: SubjectTimeline, view: View): WorkerSummary {
  const worker = workerHistory(timeline.id, visibleFacts(timeline, view));
  const on = view.asOf;
  const employment = employmentOn(worker, on) ?? worker.employments.findLast((e) => e.joinedOn <= on);
  const supervision = supervisionRecord(worker, on);
  // The sessions the record counts (this employment's), over a longer window.
  const since = addMonths(on, -SESSIONS_LISTED_MONTHS);
  const sessions = worker.supervisions
    .filter((s) => employment && s.occurredOn >= employment.joinedOn && s.occurredOn > since && s.occurredOn <= on)
    .reverse()
    .map((s) => ({ eventId: s.eventId, on: s.occurredOn, minutes: s.data.durationMinutes, reflective: s.data.reflective, supervisorId: s.data.supervisorId }));
  const teamId = teamOn(worker, on);
  return {
    ...(employment
      ? {
          employment: {
            role: ROLE_WORDS[employment.role as keyof typeof ROLE_WORDS] ?? employment.role,
            caseHolding: employment.caseHolding,
            fte: employment.fte,
            joinedOn: employment.joinedOn,
            ...(employment.leftOn && employment.leftOn < on ? { leftOn: employment.leftOn } : {}),
          },
        }
      : {}),
    ...(teamId ? { teamId } : {}),
    supervision,
    sessions,
  };
}
