import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../event-store.port.js';

/** A value that occurs nowhere else, to search raw storage for. */
export const distinctive = (label: string) => `${label}-${randomUUID()}`;

export function childEvent(childId: string, data: Record<string, unknown> = {}, type = 'CaseClosed'): NewEvent {
  return newEvent(type, { childId, ...data });
}

export function workerEvent(workerId: string, data: Record<string, unknown> = {}): NewEvent {
  return newEvent('SupervisionHeld', { workerId, ...data });
}

function newEvent(type: string, data: Record<string, unknown>): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    occurredAt: '2026-03-02',
    data,
    metadata: { recordedAt: '2026-03-03T09:00:00.000Z', recordedBy: 'auditor-1', correlationId: randomUUID(), source: 'test', schemaVersion: 1 },
  };
}
