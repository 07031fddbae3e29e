import { ForbiddenException } from '@nestjs/common';
import type { Principal } from './principal.js';

/**
 * The team a query is limited to. A manager bound to a team is held to it: asking
 * for another team is refused, asking for none means theirs.
 */
export function scopedTeam(principal: Principal, requested: string | undefined): string | undefined {
  if (!principal.teamId) return requested;
  if (requested !== undefined && requested !== principal.teamId) throw notYourTeam(principal, `team ${requested}`);
  return principal.teamId;
}

/** Refuses a team-bound manager a subject that is not in their team (as of the date asked about). */
export function assertInTeam(principal: Principal, subject: string, subjectTeam: string | undefined): void {
  if (principal.teamId && subjectTeam !== principal.teamId) throw notYourTeam(principal, subject);
}

const notYourTeam = (principal: Principal, what: string) =>
  new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: [`${what} is outside team ${principal.teamId}, the only team this token may see`] });
