import { decide, isRefusal, londonDate, namedWorkerIds, recordOnTimeline, RecordEventRequest, streamOf, subjectOfStream, type SubjectTimeline } from '@app/domain';
import type { GeneratedEvent } from '../recorder.js';

/** A subject's stream: its timeline and how many events it holds (the next event's version is one more). */
interface Stream {
  timeline: SubjectTimeline;
  version: number;
}

export interface Replay {
  /** Every subject's timeline after the whole history, for `evaluate`. */
  timelines: SubjectTimeline[];
  /** Events the schema or the deciders refused, with why. */
  refusals: { event: GeneratedEvent; why: string }[];
  count: number;
}

/**
 * Records a generated history one event at a time, as the server would: each
 * request is parsed, then decided against its stream and the timelines of the
 * workers it names (the allocated or visiting worker, the personal adviser, the
 * overseeing manager: `namedWorkerIds`, as apps/api loads them) with today = the
 * London date it was recorded.
 */
export function replay(events: Iterable<GeneratedEvent>): Replay {
  const streams = new Map<string, Stream>();
  const streamOfEvent = new Map<string, string>();
  const workers = new Map<string, SubjectTimeline>();
  const refusals: Replay['refusals'] = [];
  let count = 0;
  for (const event of events) {
    count++;
    const why = refusalOf(event, streams, streamOfEvent, workers);
    if (why) refusals.push({ event, why });
  }
  return { timelines: [...streams.values()].map((s) => s.timeline), refusals, count };
}

function refusalOf(event: GeneratedEvent, streams: Map<string, Stream>, streamOfEvent: Map<string, string>, workers: Map<string, SubjectTimeline>): string | undefined {
  const parsed = RecordEventRequest.safeParse(event.request);
  if (!parsed.success) return `schema: ${parsed.error.message}`;
  const request = parsed.data;
  const eventId = request.eventId as string;
  const streamId = request.type === 'EventVoided' ? streamOfEvent.get(request.data.eventId) : streamOf(request);
  if (!streamId) return `no stream for ${request.type}`;
  const stream = streams.get(streamId) ?? newStream(streamId);
  const streamVersion = stream.version + 1;
  const named = new Map(namedWorkerIds(request).flatMap((id) => (workers.has(id) ? [[id, workers.get(id) as SubjectTimeline] as const] : [])));
  const recording = { eventId, recordedAt: event.recordedAt, recordedBy: 'replay', correlationId: 'replay', source: 'demo', streamVersion };
  const decision = decide(request, recording, stream.timeline, { today: londonDate(event.recordedAt), workers: named });
  if (isRefusal(decision)) return `${decision.status} ${decision.message}`;
  streams.set(streamId, stream);
  if (stream.timeline.type === 'worker') workers.set(stream.timeline.id, stream.timeline);
  streamOfEvent.set(eventId, streamId);
  stream.version = streamVersion;
  recordOnTimeline(stream.timeline, { ...request, eventId, streamVersion, recordedAt: event.recordedAt });
  return undefined;
}

function newStream(streamId: string): Stream {
  const { type, id } = subjectOfStream(streamId);
  return { timeline: { type, id, facts: [] }, version: 0 };
}
