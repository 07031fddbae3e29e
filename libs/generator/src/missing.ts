import { slackOf, type CareEpisode, type Child, type Sim } from './sim.js';

/**
 * Looked-after children aged 11 or more when they come into care who go missing
 * during it: about one in ten children in care goes missing in a year, mostly
 * teenagers, with about six episodes each (DfE children looked after in England 2023).
 */
const GOES_MISSING = 0.3;
const TEENAGE = 11;
/** Days between one episode's return and the next episode. */
const GAP_DAYS: [number, number] = [10, 110];
/** The SSDA903's two kinds of episode: most are missing; some are away from placement without authorisation. */
const KINDS: readonly (readonly ['missing' | 'away', number])[] = [
  ['missing', 0.75],
  ['away', 0.25],
];
/** Days missing: most children are back the same day or the next. */
const DAYS_AWAY: readonly (readonly [[number, number], number])[] = [
  [[0, 0], 0.5],
  [[1, 1], 0.3],
  [[2, 7], 0.2],
];
/** Return interviews not offered within 72 hours, before the team's slack; of those, the share never offered. */
const LATE_INTERVIEW = 0.08;
const NEVER_OFFERED = 0.35;
/** Children who accept the interview offered (statutory guidance: an independent person; many decline). */
const ACCEPTED = 0.55;

/**
 * Missing episodes of a child who comes into care aged 11 or over, while the spell
 * lasts: each returned from, and a return interview offered after a missing episode,
 * mostly within 72 hours. Drawn from a stream of their own (Sim.stream) from the start
 * of the history on: the initial population's past has none.
 */
export function startMissingEpisodes(sim: Sim, child: Child, episode: CareEpisode): void {
  const r = sim.stream('missing episodes');
  if (sim.ageInYears(child, episode.since) < TEENAGE || !r.chance(GOES_MISSING)) return;
  const next = (from: number) => sim.schedule(Math.max(from, 0) + r.int(...GAP_DAYS), (d) => goMissing(sim, child, episode, d, next));
  next(episode.since);
}

function goMissing(sim: Sim, child: Child, episode: CareEpisode, day: number, next: (from: number) => void): void {
  if (child.care !== episode) return;
  const r = sim.stream('missing episodes');
  const episodeId = sim.nextRef('M');
  const kind = r.weighted(KINDS);
  sim.recordFrom(r, day, { type: 'ChildWentMissing', occurredAt: sim.calendar.date(day), data: { childId: child.id, episodeId, kind } });
  const [min, max] = r.weighted(DAYS_AWAY);
  sim.schedule(day + r.int(min, max), (back) => {
    sim.recordFrom(r, back, { type: 'ChildReturned', occurredAt: sim.calendar.date(back), data: { childId: child.id, episodeId } });
    if (kind === 'missing') offerInterview(sim, child, episodeId, back);
    next(back);
  });
}

function offerInterview(sim: Sim, child: Child, episodeId: string, back: number): void {
  const r = sim.stream('missing episodes');
  const late = r.chance(Math.min(0.5, LATE_INTERVIEW * slackOf(child)));
  if (late && r.chance(NEVER_OFFERED)) return;
  const on = back + (late ? r.int(4, 14) : r.int(0, 3));
  sim.schedule(on, (d) => {
    // The schedule moves a weekend to Monday: an interview booked for Saturday then falls late.
    sim.recordFrom(r, d, { type: 'ReturnInterviewOffered', occurredAt: sim.calendar.date(d), data: { childId: child.id, episodeId, accepted: r.chance(ACCEPTED) } });
  });
}
