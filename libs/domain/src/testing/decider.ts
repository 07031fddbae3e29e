import { expect } from '@jest/globals';
import type { IsoDate } from '../dates.js';
import { decide, type Refusal } from '../decide.js';
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

function outcome(refusal: Refusal | undefined): Outcome {
  return {
    refusal,
    thenAccepted: () => expect(refusal).toBeUndefined(),
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
      return outcome(decide(event, timelineFor(type, id, history), { today, workers }));
    },
    /** Asks to void `eventId` (a void dated today, or `on`) in the stream of the fact with that id, else of `streamOf` or the first fact. */
    whenVoiding(eventId: string, options: { on?: IsoDate; streamOf?: Fact } = {}): Outcome {
      const facts = history.filter((e): e is Fact => 'type' in e);
      const anchor = options.streamOf ?? facts.find((f) => f.eventId === eventId) ?? facts[0];
      const { type, id } = subjectOf(anchor);
      const command = { type: 'EventVoided' as const, occurredOn: options.on ?? today, data: { eventId, reason: 'recorded in error' } };
      return outcome(decide(command, timelineFor(type, id, history), { today, workers: new Map() }));
    },
  };
  return story;
}
