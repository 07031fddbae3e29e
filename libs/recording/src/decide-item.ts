import type { StoredEvent } from '@app/event-store';
import type { Actor } from './actor.js';
import type { RecorderClock } from './clock.js';
import { judge } from './decision.js';
import { repeated, replayed, type Accepted } from './idempotency.js';
import type { Item } from './item.js';
import { refused, type Pending, type RecordOutcome } from './outcome.js';
import { accept, type StreamState } from './stream-state.js';
import { unknownTarget } from './stream-routing.js';

/** What one attempt knows while it decides its items in order. */
export interface AttemptView {
  /** Stored events with the items' eventIds: resends. */
  existing: Map<string, StoredEvent>;
  /** Items accepted so far in this attempt, by eventId. */
  accepted: Map<string, Accepted>;
  streams: Map<string, StreamState>;
  actor: Actor;
  clock: RecorderClock;
}

/** One item, in order: a resend, a repeat within the call, a void without a target, an erased child, or a new event for the decider. */
export function decideItem(item: Item, streamId: string | undefined, view: AttemptView): RecordOutcome | Pending {
  const stored = view.existing.get(item.eventId);
  if (stored) return replayed(stored, item.request);
  const earlier = view.accepted.get(item.eventId);
  if (earlier) return repeated(earlier, item);
  if (!streamId) return unknownTarget(item);
  if (view.streams.get(streamId)!.erased) return refused(410, item.eventId, `data.childId: this child's records were erased; nothing more can be recorded for them`);
  return decideNew(item, streamId, view);
}

/** A new event: accepted onto its stream's timeline (so the call's later items see it) or refused in the decider's words. */
function decideNew(item: Item, streamId: string, view: AttemptView): RecordOutcome | Pending {
  const stream = view.streams.get(streamId)!;
  const now = view.clock.now();
  const verdict = judge(item.eventId, item.request, view.actor, stream, view.streams, now);
  if ('refused' in verdict) return refused(verdict.refused.status, item.eventId, verdict.refused.message);
  for (const event of verdict.accepted) accept(stream, event);
  view.accepted.set(item.eventId, { item, stream: streamId });
  return { pending: true, status: 201, eventId: item.eventId, stream: streamId };
}
