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
  private readonly trays = new Map<number, RecordEventRequest[]>();

  constructor(
    private readonly calendar: Calendar,
    private readonly random: Random,
  ) {}

  record(day: number, request: RecordEventRequest): void {
    if (day >= this.calendar.days) return;
    const tray = this.trays.get(day);
    if (tray) tray.push(request);
    else this.trays.set(day, [request]);
  }

  /** The day's events in queue order, stamped with increasing office-hours times. */
  *flush(day: number): Generator<GeneratedEvent> {
    const tray = this.trays.get(day) ?? [];
    this.trays.delete(day);
    const times = this.officeTimes(day, tray.length);
    const date = this.calendar.date(day);
    const midnight = this.calendar.utcMidnight(day);
    for (let i = 0; i < tray.length; i++) yield { request: tray[i], recordedAt: isoTime(date, times[i] - midnight) };
  }

  /** `count` random times in the day's office hours, sorted and distinct to the millisecond. */
  private officeTimes(day: number, count: number): number[] {
    const opens = this.calendar.utcMidnight(day) + OFFICE_OPENS_MS;
    const times = Array.from({ length: count }, () => opens + Math.floor(this.random.float() * OFFICE_HOURS_MS));
    times.sort((a, b) => a - b);
    for (let i = 1; i < count; i++) times[i] = Math.max(times[i], times[i - 1] + 1);
    return times;
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
