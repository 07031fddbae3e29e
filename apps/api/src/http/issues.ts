import { BadRequestException } from '@nestjs/common';

/** A validation issue as zod / Standard Schema report it. */
interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  readonly code?: string;
  readonly keys?: readonly string[];
}

/** Each issue as `path: message` (e.g. `data.fte: must be at most 1`), unknown fields one by one. */
export function describeIssues(issues: readonly Issue[]): string[] {
  return issues.flatMap((issue) => {
    const path = formatPath(issue.path ?? []);
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((k) => `${joinPath(path, k)}: unknown field`);
    }
    return [`${path || '(body)'}: ${issue.message}`];
  });
}

function formatPath(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>): string {
  return path.reduce<string>((out, segment) => {
    const key = typeof segment === 'object' ? segment.key : segment;
    return typeof key === 'number' ? `${out}[${key}]` : joinPath(out, String(key));
  }, '');
}

const joinPath = (base: string, key: string) => (base ? `${base}.${key}` : key);

/** The 400 answer for schema errors, in Nest's usual error shape. */
export const schemaError = (issues: readonly Issue[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message: describeIssues(issues) });
