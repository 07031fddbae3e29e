import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The composition root lives in the libs, so no app reaches into another and no lib
 * into an app (issue 14). Every import of every source file is checked: static,
 * re-exports and dynamic imports.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Each relative import of a file, as the path it reaches from the repository root. */
function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1])
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.relative(ROOT, path.resolve(path.dirname(file), specifier)));
}

const APPS = fs.readdirSync(path.join(ROOT, 'apps'));

/** `apps/<app>/…` → `<app>`; anything else → undefined. */
const appOf = (fromRoot: string): string | undefined => {
  const [top, app] = fromRoot.split(path.sep);
  return top === 'apps' ? app : undefined;
};

describe('import boundaries', () => {
  it('finds the apps and their imports (the check below is not vacuous)', () => {
    expect(APPS).toEqual(expect.arrayContaining(['api', 'cli', 'projector']));
    const files = APPS.flatMap((app) => sourceFiles(path.join(ROOT, 'apps', app)));
    expect(files.flatMap(relativeImports).length).toBeGreaterThan(100);
  });

  it.each(APPS)('apps/%s imports no other app (shared parts come from the libs)', (app) => {
    const crossings = sourceFiles(path.join(ROOT, 'apps', app)).flatMap((file) =>
      relativeImports(file)
        .filter((target) => appOf(target) !== undefined && appOf(target) !== app)
        .map((target) => `${path.relative(ROOT, file)} -> ${target}`),
    );
    expect(crossings).toEqual([]);
  });

  it('no lib imports an app', () => {
    const crossings = sourceFiles(path.join(ROOT, 'libs')).flatMap((file) =>
      relativeImports(file)
        .filter((target) => appOf(target) !== undefined)
        .map((target) => `${path.relative(ROOT, file)} -> ${target}`),
    );
    expect(crossings).toEqual([]);
  });
});
