import { BadRequestException } from '@nestjs/common';
import type { Flag } from '@app/domain';

/** A flag's sort key (rule, subject type, subject id), as domain `sortKey` makes it. */
export const SORT_KEY = /[A-Z_]+\|(worker|child|team)\|[A-Za-z0-9._-]+/;

export interface CursorOf {
  encode(key: string): string;
  /** The key a cursor from a previous page names; 400 for anything else. */
  decode(cursor: string): string;
}

/**
 * Cursors name where the previous page ended (a key of the list's order, `shape`),
 * opaque to callers: base64url, and refused unless they decode to such a key, so a
 * forged one never reaches a query.
 */
export function cursorAfter(shape: RegExp): CursorOf {
  const whole = new RegExp(`^(?:${shape.source})$`);
  return {
    encode: (key) => Buffer.from(key, 'utf8').toString('base64url'),
    decode(cursor) {
      const key = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!whole.test(key)) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['cursor: not a cursor from a previous page'] });
      return key;
    },
  };
}

/**
 * A page of `limit` flags from what was read for it, one more than the page (whether
 * a next page exists, without counting what is left), with the cursor to the next.
 */
export function pageOf(found: { total: number; flags: Flag[] }, limit: number, cursor: CursorOf, keyOf: (flag: Flag) => string): { total: number; flags: Flag[]; nextCursor?: string } {
  const flags = found.flags.slice(0, limit);
  return { total: found.total, flags, ...(found.flags.length > limit ? { nextCursor: cursor.encode(keyOf(flags[flags.length - 1])) } : {}) };
}
