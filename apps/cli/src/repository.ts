import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root: the first directory above this file with a package.json. Found
 * both from the sources (apps/cli/src) and from the build (dist/apps/cli/src), whatever
 * the working directory.
 */
export function repositoryRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('package.json not found above the CLI');
  }
}

/** The version in the repository's package.json (`--version`). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repositoryRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
