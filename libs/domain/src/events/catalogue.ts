import { z } from 'zod';
import { birthMonth, childId, eventId, occurredAt, shortText, teamId, workerId } from './fields.js';

/**
 * The event catalogue: one schema per event type, declared once. The same schema
 * validates API requests, types the domain (z.infer) and documents the OpenAPI.
 * A type that is not here is refused.
 */

export const WORKER_ROLES = ['social_worker', 'newly_qualified', 'senior_practitioner', 'team_manager', 'personal_adviser'] as const;
export const PLO_STAGES = ['pre_proceedings', 'care_proceedings'] as const;
export const PLO_OUTCOMES = ['stepped_down', 'proceedings_issued', 'order_made', 'withdrawn', 'other'] as const;

/** Which stream an event belongs to: the subject its data names. */
export type StreamKind = 'worker' | 'child' | 'target';

const event = <T extends string, D extends z.ZodRawShape>(type: T, description: string, data: D) =>
  z
    .strictObject({
      eventId: eventId.optional().describe('Idempotency key; the server makes one when absent'),
      type: z.literal(type),
      occurredAt,
      data: z.strictObject(data),
    })
    .meta({ title: type, description });

export const WorkerJoined = event('WorkerJoined', 'A worker joins a team', {
  workerId,
  teamId,
  role: z.enum(WORKER_ROLES),
  caseHolding: z.boolean(),
  agency: z.boolean(),
  fte: z.number().gt(0, 'must be greater than 0').lte(1, 'must be at most 1'),
});

export const WorkerChangedTeam = event('WorkerChangedTeam', 'A worker moves to another team', { workerId, teamId });

export const WorkerLeft = event('WorkerLeft', 'A worker leaves the local authority', { workerId });

export const SupervisionHeld = event('SupervisionHeld', 'A supervision session with a worker', {
  workerId,
  supervisorId: workerId,
  durationMinutes: z.int().min(1).max(600),
  reflective: z.boolean(),
  childIdsDiscussed: z.array(childId).max(100).optional(),
});

export const ChildRegistered = event('ChildRegistered', 'A child becomes known to the audit', {
  childId,
  birthMonth,
  disabled: z.boolean(),
});

export const CaseAllocated = event('CaseAllocated', "A first allocation, or a change of the child's social worker", {
  childId,
  workerId,
  teamId,
});

export const CaseClosed = event('CaseClosed', "The child's case is closed", { childId, reason: shortText });

export const PloStageEntered = event('PloStageEntered', 'The child enters a Public Law Outline stage', {
  childId,
  stage: z.enum(PLO_STAGES),
});

export const PloStageExited = event('PloStageExited', 'The child leaves a Public Law Outline stage', {
  childId,
  stage: z.enum(PLO_STAGES),
  outcome: z.enum(PLO_OUTCOMES),
});

export const EventVoided = event('EventVoided', 'Withdraws an earlier event of the same stream; both stay in the audit trail', {
  eventId,
  reason: shortText,
});

export const EVENT_SCHEMAS = [
  WorkerJoined,
  WorkerChangedTeam,
  WorkerLeft,
  SupervisionHeld,
  ChildRegistered,
  CaseAllocated,
  CaseClosed,
  PloStageEntered,
  PloStageExited,
  EventVoided,
] as const;

export const EVENT_TYPES = EVENT_SCHEMAS.map((s) => s.shape.type.value);

/** A request to record one event: exactly one of the catalogue's shapes. */
export const RecordEventRequest = z.discriminatedUnion('type', EVENT_SCHEMAS, {
  error: (issue) =>
    issue.code === 'invalid_union' ? `unknown event type: must be one of ${EVENT_TYPES.join(', ')}` : undefined,
});

export type RecordEventRequest = z.infer<typeof RecordEventRequest>;
export type EventType = RecordEventRequest['type'];
export type EventData<T extends EventType> = Extract<RecordEventRequest, { type: T }>['data'];

const WORKER_TYPES = new Set<string>(['WorkerJoined', 'WorkerChangedTeam', 'WorkerLeft', 'SupervisionHeld']);

export function streamKind(type: EventType): StreamKind {
  if (type === 'EventVoided') return 'target';
  return WORKER_TYPES.has(type) ? 'worker' : 'child';
}

/** The stream of an event whose data names its subject (all but EventVoided, which joins its target's stream). */
export function streamOf(event: RecordEventRequest): string | undefined {
  const kind = streamKind(event.type);
  if (kind === 'worker') return workerStream((event.data as { workerId: string }).workerId);
  if (kind === 'child') return childStream((event.data as { childId: string }).childId);
  return undefined;
}

export const workerStream = (id: string) => `worker-${id}`;
export const childStream = (id: string) => `child-${id}`;

/** The subject a stream holds, e.g. `child-C-1` → { type: 'child', id: 'C-1' }. */
export function subjectOfStream(streamId: string): { type: 'worker' | 'child'; id: string } {
  if (streamId.startsWith('worker-')) return { type: 'worker', id: streamId.slice(7) };
  if (streamId.startsWith('child-')) return { type: 'child', id: streamId.slice(6) };
  throw new Error(`not a subject stream: ${streamId}`);
}

/** Bumped when an event's shape changes; older events are upcast on read. */
export const SCHEMA_VERSION = 1;
