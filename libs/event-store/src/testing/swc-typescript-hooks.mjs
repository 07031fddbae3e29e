// Node module-customization hooks that let a plain Node process (a child process forked by a
// test) import this repository's TypeScript sources: `.js` specifiers written for NodeNext are
// mapped back to the `.ts` file next to them, and `.ts` files are stripped of types by
// @swc/core (already a dev dependency for jest). Test-only; a script enables them with
// `register('<relative path to this file>', import.meta.url)` from 'node:module'.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

export async function resolve(specifier, context, nextResolve) {
  if (context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const typescriptUrl = new URL(`${specifier.slice(0, -'.js'.length)}.ts`, context.parentURL);
    if (existsSync(typescriptUrl)) return { url: typescriptUrl.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { code } = transformSync(await readFile(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
