import { randomUUID } from 'node:crypto';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's X-Correlation-Id when it is a sensible token, else a new one: it ties an event or a read to its request. */
export function correlationIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
}
