import type { RecordEventRequest } from '@app/domain';
import type { Calendar } from './calendar.js';
import type { Random } from './random.js';

export interface GeneratedEvent {
  request: RecordEventRequest;
  /** When an auditor logged it (ISO date-time, UTC): never before occurredAt, never after the end of the history. */
  recordedAt: string;
}

const OFFICE_OPENS_MS = 8 * 3_600_000; // 08:00 UTC: the same London date all year round
const OFFICE_HOURS_MS = 10 * 3_600_000;

/**
 * The auditors' in-trays: the events to be logged on each day, in the order they
 * must arrive. An event queued for a day after the end is dropped: it has not been
 * logged yet when the history ends.
 */
export class Recorder {
  /** Each day's events, queued by the random stream they were drawn from (Sim.stream), the main one first. */
  private readonly trays = new Map<number, Map<Random, RecordEventRequest[]>>();

  constructor(
    private readonly calendar: Calendar,
    private readonly random: Random,
  ) {}

  /** Queues an event for `day`; `stream` is the random stream it was drawn from, which draws its time too. */
  record(day: number, request: RecordEventRequest, stream = this.random): void {
    if (day >= this.calendar.days) return;
    let tray = this.trays.get(day);
    if (!tray) this.trays.set(day, (tray = new Map([[this.random, []]])));
    const queue = tray.get(stream);
    if (queue) queue.push(request);
    else tray.set(stream, [request]);
  }

  /**
   * The day's events stamped with increasing office-hours times: each stream's queue in
   * its order, the queues merged by time, so a part added later leaves the others' times as they were.
   */
  *flush(day: number): Generator<GeneratedEvent> {
    const tray = this.trays.get(day) ?? new Map<Random, RecordEventRequest[]>();
    this.trays.delete(day);
    const stamped = [...tray].flatMap(([random, requests]) => this.stamp(day, requests, random)).sort((a, b) => a.time - b.time);
    const date = this.calendar.date(day);
    const midnight = this.calendar.utcMidnight(day);
    let last = -1;
    for (const { request, time } of stamped) {
      last = Math.max(time, last + 1);
      yield { request, recordedAt: isoTime(date, last - midnight) };
    }
  }

  /** The requests with random times in the day's office hours, sorted and distinct to the millisecond, in queue order. */
  private stamp(day: number, requests: RecordEventRequest[], random: Random): { request: RecordEventRequest; time: number }[] {
    const opens = this.calendar.utcMidnight(day) + OFFICE_OPENS_MS;
    const times = Array.from({ length: requests.length }, () => opens + Math.floor(random.float() * OFFICE_HOURS_MS));
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) times[i] = Math.max(times[i], times[i - 1] + 1);
    return requests.map((request, i) => ({ request, time: times[i] }));
  }
}

/** Zero-padded numbers for building times: a table beats padStart on this hot path. */
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `date` at `ms` past its midnight UTC, as toISOString writes it (built directly: it runs for every event). */
function isoTime(date: string, ms: number): string {
  if (ms >= 86_400_000) return new Date(Date.parse(`${date}T00:00:00.000Z`) + ms).toISOString();
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${date}T${PAD2[Math.floor(minutes / 60)]}:${PAD2[minutes % 60]}:${PAD2[seconds % 60]}.${PAD3[ms % 1000]}Z`;
}
