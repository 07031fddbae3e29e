import { londonDate } from '../dates.js';
import { eventKind, type EventKind } from './event-kinds.js';

/** What grouping a timeline needs of an event. */
interface TimelineEvent {
  eventId: string;
  type: string;
  occurredAt: string;
}

/**
 * A timeline by the year each event occurred, the latest year and event first (a
 * manager reads a case from where it stands now; the summary above says where that
 * is), same-day events latest recorded first (`events` come in the order recorded).
 * Narrowed to one kind, the events in `kept` (the evidence behind the flags) stay, so
 * every evidence link lands on its row.
 */
export function timelineByYear<E extends TimelineEvent>(events: E[], kind: EventKind | undefined, kept: ReadonlySet<string> = new Set()): { year: string; events: E[] }[] {
  // A date-time counts on its London date, as everywhere else.
  const shown = events.map((e, i) => ({ e, i, on: londonDate(e.occurredAt) })).filter(({ e }) => !kind || eventKind(e.type) === kind || kept.has(e.eventId));
  shown.sort((a, b) => b.on.localeCompare(a.on) || b.i - a.i);
  const years = new Map<string, E[]>();
  for (const { e, on } of shown) {
    const year = on.slice(0, 4);
    if (years.has(year)) years.get(year)!.push(e);
    else years.set(year, [e]);
  }
  return [...years].map(([year, inYear]) => ({ year, events: inYear }));
}
