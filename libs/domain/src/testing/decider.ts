import { expect } from '@jest/globals';
import type { IsoDate } from '../dates.js';
import { decide, isRefusal, type Decision, type Refusal } from '../decide.js';
import type { RecordEventRequest } from '../events/catalogue.js';
import type { Fact } from '../timeline.js';
import { subjectOf, timelineFor, timelinesOf, type Entry } from './facts.js';

/** The date the decider treats as today unless a story says otherwise. */
export const TODAY = '2026-12-31';

export interface Outcome {
  readonly refusal: Refusal | undefined;
  thenAccepted(): void;
  /** Refused with this status, and a message containing every fragment (e.g. the field path). */
  thenRefused(status: 409 | 422, ...fragments: string[]): void;
}

/** A story's event as the request that records it, recorded when the fact says, at the next stream version. */
function recordingOf(eventId: string, recordedAt: string, streamVersion: number) {
  return { eventId, recordedAt, recordedBy: 'spec', correlationId: 'spec', source: 'api', streamVersion };
}

function outcome(request: RecordEventRequest, eventId: string, decision: Decision): Outcome {
  const refusal = isRefusal(decision) ? decision : undefined;
  return {
    refusal,
    // Accepted: the decider returns the one event to append, the request's own, with its metadata.
    thenAccepted: () => {
      expect(refusal).toBeUndefined();
      expect(decision).toEqual({
        events: [
          expect.objectContaining({ eventId, type: request.type, occurredAt: request.occurredAt, data: request.data, metadata: expect.objectContaining({ recordedBy: 'spec', schemaVersion: 1 }) }),
        ],
      });
    },
    thenRefused: (status, ...fragments) => {
      expect(refusal).toMatchObject({ refused: true, status });
      for (const fragment of fragments) expect(refusal?.message).toContain(fragment);
    },
  };
}

/**
 * A decider story: `given(history).when(newEvent).thenRefused(409, 'data.stage')`.
 * The history may hold several subjects' facts: the new event is decided against its
 * own stream, with every worker timeline in the history as cross-stream context.
 */
export function given(...history: Entry[]) {
  let today: IsoDate = TODAY;
  const story = {
    /** Sets the date the decider treats as today. */
    on(date: IsoDate) {
      today = date;
      return story;
    },
    when(event: Fact): Outcome {
      const { type, id } = subjectOf(event);
      const workers = new Map(
        timelinesOf(history)
          .filter((t) => t.type === 'worker')
          .map((t) => [t.id, t]),
      );
      const request = { type: event.type, occurredAt: event.occurredOn, data: event.data } as RecordEventRequest;
      const stream = timelineFor(type, id, history);
      const decision = decide(request, recordingOf(event.eventId, event.recordedAt, event.seq), stream, { today, workers });
      return outcome(request, event.eventId, decision);
    },
    /** Asks to void `eventId` (a void dated today, or `on`) in the stream of the fact with that id, else of `streamOf` or the first fact. */
    whenVoiding(eventId: string, options: { on?: IsoDate; streamOf?: Fact } = {}): Outcome {
      const facts = history.filter((e): e is Fact => 'type' in e);
      const anchor = options.streamOf ?? facts.find((f) => f.eventId === eventId) ?? facts[0];
      const { type, id } = subjectOf(anchor);
      const request: RecordEventRequest = { type: 'EventVoided', occurredAt: options.on ?? today, data: { eventId, reason: 'recorded in error' } };
      const voidId = `EventVoided#${eventId}`;
      const decision = decide(request, recordingOf(voidId, `${today}T09:00:00.000Z`, 0), timelineFor(type, id, history), { today, workers: new Map() });
      return outcome(request, voidId, decision);
    },
  };
  return story;
}
