import type { GeneratedEvent } from '@app/generator';
import type { ManualClock } from '@app/composition';
import type { Actor, EventRecorder } from '@app/recording';

export interface LoadResult {
  stored: number;
  refused: { index: number; type: string; status: number; errors: string[] }[];
}

const CHUNK = 1000;

/**
 * Records a generated history with the recorder the API's command handler delegates to, a day's events at a time
 * (up to 1,000), with the clock set to that day's first recording time, so `knownAt` questions have answers.
 * `clock` is the one `recorder` reads (a Nest context's: `app.get(EventRecorder)` and the clock it was opened with).
 */
export async function loadHistory(recorder: EventRecorder, clock: ManualClock, events: Iterable<GeneratedEvent>, onEvent?: () => void): Promise<LoadResult> {
  const actor: Actor = { id: 'demo-loader', correlationId: `demo-${Date.now()}`, source: 'demo' };
  const result: LoadResult = { stored: 0, refused: [] };
  let index = 0;
  for (const chunk of byRecordingDay(events)) {
    clock.set(new Date(chunk[0].recordedAt));
    const outcomes = await recorder.record(
      chunk.map((e) => e.request),
      actor,
    );
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) result.stored++;
      else result.refused.push({ index: index + i, type: chunk[i].request.type, status: outcome.status, errors: outcome.errors });
      onEvent?.();
    });
    index += chunk.length;
  }
  return result;
}

function* byRecordingDay(events: Iterable<GeneratedEvent>): Generator<GeneratedEvent[]> {
  let chunk: GeneratedEvent[] = [];
  for (const event of events) {
    if (chunk.length === CHUNK || (chunk.length > 0 && chunk[0].recordedAt.slice(0, 10) !== event.recordedAt.slice(0, 10))) {
      yield chunk;
      chunk = [];
    }
    chunk.push(event);
  }
  if (chunk.length > 0) yield chunk;
}
