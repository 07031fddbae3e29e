import { Logger } from '@nestjs/common';
import { unavailableReason } from '@app/event-store';
import type { Response } from 'express';

/** How long a client should wait before trying again when a database is unreachable (a restart takes seconds). */
export const RETRY_AFTER_SECONDS = 5;

/** The API's answer when a database cannot be reached: nothing of the driver's error, which may name hosts or queries. */
export const UNAVAILABLE_BODY = { statusCode: 503, error: 'Service Unavailable', message: ['the database could not be reached; try again shortly'] } as const;

const logger = new Logger('Database');

/** Tells the client when to try again, and logs the reason's code only (no payload, no query). */
export function markUnavailable(res: Response, error?: unknown): void {
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  if (error !== undefined) logger.warn(`unavailable (${unavailableReason(error)}): answered 503`);
}

/** 503 with Retry-After, in the API's error shape. */
export function answerUnavailable(res: Response, error: unknown): void {
  markUnavailable(res, error);
  res.status(503).json(UNAVAILABLE_BODY);
}
