import type { RecordEventRequest } from '@app/domain';
import type { StoredEvent } from '@app/event-store';

/** Whether a resent request is the stored event again (same type, date and data), whatever the key order. */
export function sameEvent(stored: Pick<StoredEvent, 'type' | 'occurredAt' | 'data'>, request: RecordEventRequest): boolean {
  return stored.type === request.type && stored.occurredAt === request.occurredAt && canonical(stored.data) === canonical(request.data);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
