import { BadRequestException } from '@nestjs/common';

/** A validation issue as zod / Standard Schema report it. */
export interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  readonly code?: string;
  readonly keys?: readonly string[];
}

/** At most this many messages in one answer (a body of 100,000 unknown fields must not give 100,000 lines). */
export const MAX_MESSAGES = 10;
/** Each message cut to this many characters (the longest of ours lists the event types). */
const MAX_MESSAGE = 1000;
/** A field path is cut to this many characters. */
const MAX_PATH = 120;
/**
 * A key is named in a path only when it looks like a field name: 1-32 letters, digits or
 * `_`, starting with a letter or `_` (every schema key does). So a misspelt or misplaced
 * field is named (`data.extra: unknown field`), while a 3 MB key, or one carrying text or
 * punctuation, is caller input that is not repeated.
 */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

/**
 * Each issue as `path: message` (e.g. `data.fte: must be at most 1`), unknown fields one
 * by one. Nothing of the request is quoted but a bounded field path: schema messages (zod's
 * included) name what is expected, never what was received.
 */
export function describeIssues(issues: readonly Issue[], root = '(body)'): string[] {
  return boundedMessages(
    issues.flatMap((issue) => {
      const path = formatPath(issue.path ?? []);
      if (issue.code === 'unrecognized_keys' && issue.keys) {
        return issue.keys.map((k) =>
          FIELD_NAME.test(k) ? `${cut(joinPath(path, k), MAX_PATH)}: unknown field` : `${path || root}: an unknown ${path ? 'field' : fieldOf(root)} (its name is not repeated)`,
        );
      }
      return [`${path || root}: ${issue.message}`];
    }),
  );
}

/** At most MAX_MESSAGES distinct messages, each cut to MAX_MESSAGE characters, and how many more there were. */
export function boundedMessages(messages: readonly string[]): string[] {
  const distinct = [...new Set(messages)];
  const kept = distinct.slice(0, MAX_MESSAGES).map((m) => cut(m, MAX_MESSAGE));
  const more = distinct.length - kept.length;
  return more > 0 ? [...kept, `…and ${more} more`] : kept;
}

function formatPath(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>): string {
  const formatted = path.reduce<string>((out, segment) => {
    const key = typeof segment === 'object' ? segment.key : segment;
    if (typeof key === 'number') return `${out}[${key}]`;
    return joinPath(out, typeof key === 'string' && FIELD_NAME.test(key) ? key : '?');
  }, '');
  return cut(formatted, MAX_PATH);
}

const fieldOf = (root: string) => (root === '(body)' ? 'field' : 'parameter');
const joinPath = (base: string, key: string) => (base ? `${base}.${key}` : key);
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The 400 answer for schema errors, in the project's error shape; `root` says where a path starts (the body, the query, the path). */
export const schemaError = (issues: readonly Issue[], root?: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: describeIssues(issues, root) });
