import { randomUUID } from 'node:crypto';
import type { RecordEventRequest } from '@app/domain';

/** One request of a call, with the eventId it is stored under. */
export interface Item {
  request: RecordEventRequest;
  eventId: string;
}

/** A request without an eventId gets a new one, so that its answer can name it and a resend can reuse it. */
export const itemsOf = (requests: RecordEventRequest[]): Item[] => requests.map((request) => ({ request, eventId: request.eventId ?? randomUUID() }));
