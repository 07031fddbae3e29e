import { z } from 'zod';
import { childScope, childSubject, SCOPE_FACTS } from './child-scope.js';
import { assess, overdue, type Assessment } from './flag.js';
import { factsOfType, isOpenOn, type World } from './world.js';
import { defineRule } from './rule-definition.js';
import { count, longDate } from './wording.js';

/** Hours, as the guidance gives them; whole days only, since events are dated by the day. */
const returnInterviewsPolicy = z.strictObject({ hours: z.int().min(24).max(720).multipleOf(24, 'must be whole days (a multiple of 24): events are dated by the day') });

/**
 * RETURN_INTERVIEW_OVERDUE: back from a missing episode (not an absence from placement,
 * the SSDA903's "away") and no return interview offered for it within 72 hours. A return
 * on Monday is due its offer by Thursday. The child's latest episode counts: in scope
 * from the return until the offer, the child's next episode, or the case's closure.
 */
export function returnInterviewOverdue(world: World, policy: z.output<typeof returnInterviewsPolicy>): Assessment[] {
  return world.children.flatMap((child) => {
    const episode = child.missingEpisodes.findLast((e) => e.from <= world.asOf);
    if (!episode?.to || episode.to > world.asOf || episode.data.kind !== 'missing' || !isOpenOn(child, world.asOf)) return [];
    const id = episode.data.episodeId;
    if (factsOfType(child, 'ReturnInterviewOffered').some((f) => f.data.episodeId === id && f.occurredOn <= world.asOf)) return [];
    const returned = factsOfType(child, 'ChildReturned').find((f) => f.data.episodeId === id)!;
    const detail = overdue(episode.to, policy.hours / 24, world.asOf, [episode.eventId, returned.eventId]);
    return [assess('RETURN_INTERVIEW_OVERDUE', childSubject(child), childScope(child, world.asOf), detail && { ...detail, measures: { episodeId: id, returnedOn: episode.to } })];
  });
}

export const RETURN_INTERVIEW_OVERDUE = defineRule({
  rule: 'RETURN_INTERVIEW_OVERDUE',
  subject: 'child',
  title: 'Return interview not offered',
  kind: 'duty',
  description: 'Back from a missing episode and no return interview offered within the limit in hours (whole days) of the return; the latest episode counts, absences from placement do not',
  flagsWhen: 'back from a missing episode, no return interview offered within 72 hours (3 days) of the return',
  finding: 'Children who go missing not offered a return interview',
  // No report held finds return interviews missed: the 2022 report finds the response to children who go missing effective (¶13).
  quote: null,
  source: 'Statutory guidance on children who run away or go missing from home or care, 2014 (72 hours)',
  severity: 'red when over by as long again',
  policy: { key: 'returnInterviews', schema: returnInterviewsPolicy, defaults: { hours: 72 } },
  reads: [...SCOPE_FACTS, 'ChildWentMissing', 'ChildReturned', 'ReturnInterviewOffered'],
  reason: (f, p) => `Back since ${longDate(String(f.measures?.returnedOn))}; no return interview offered within ${count(p.hours, 'hour')}`,
  indicator: (p) => `children back from going missing offered a return interview within ${count(p.hours, 'hour')}`,
  evaluate: returnInterviewOverdue,
});
