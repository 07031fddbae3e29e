import { ForbiddenException } from '@nestjs/common';
import { eventIdsWithin, periodsVisibleToTeam, type SubjectTimeline, type View } from '@app/domain';
import type { Principal } from './principal.js';

/**
 * The team a query is limited to. A manager bound to a team is held to it: asking
 * for another team is refused, asking for none means theirs.
 */
export function scopedTeam(principal: Principal, requested: string | undefined): string | undefined {
  if (!principal.teamId) return requested;
  if (requested !== undefined && requested !== principal.teamId) throw notYourTeam(principal, undefined);
  return principal.teamId;
}

/**
 * What a reader may see of one subject's events for a view: everything for a reader
 * not bound to a team (undefined); for a team-bound manager, only the events of the
 * times the subject belonged to their team (periodsVisibleToTeam), whatever date is
 * asked about. Refuses (403) a subject with no such time for the view.
 */
export function eventsInScope(principal: Principal, subject: string, timeline: SubjectTimeline, view: View): Set<string> | undefined {
  if (!principal.teamId) return undefined;
  const periods = periodsVisibleToTeam(timeline, principal.teamId, view);
  if (periods.length === 0) throw notYourTeam(principal, subject);
  return eventIdsWithin(timeline, periods);
}

/**
 * For a team-bound manager a subject that is not recorded, or was erased, is refused
 * exactly like another team's: a 404 or 410 would tell them which other teams'
 * references exist. Others get the 404 or 410 (`otherwise`).
 */
export function refuseUnseenSubject(principal: Principal, subject: string, otherwise: () => Error): never {
  throw principal.teamId ? notYourTeam(principal, subject) : otherwise();
}

/** A team-bound manager's flags are their team's only: a subject's flags from its time in another team are not theirs. */
export function flagsInScope<F extends { teamId?: string }>(principal: Principal, flags: F[]): F[] {
  return principal.teamId ? flags.filter((f) => f.teamId === principal.teamId) : flags;
}

/** The refusal names the reader's own team, never what was asked for: an error answer quotes nothing it was sent. */
function notYourTeam(principal: Principal, subject: string | undefined): ForbiddenException {
  const only = `you can see only team ${principal.teamId}'s records`;
  return new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: [subject ? `${subject} is not in team ${principal.teamId}, and ${only}` : `teamId: ${only}`] });
}
