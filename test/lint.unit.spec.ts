import { beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/**
 * `npm run lint` (in `npm test`) fails on a lint error and on an import that crosses a boundary of the monorepo
 * (README, Architecture): sources with one planted violation each are linted with the real config under paths in
 * the real tree, so the config's globs apply to them as to real files. They are given to ESLint as text, not
 * written to disk: tests running beside this one read every .ts file under apps/ and libs/ (advisory-locks spec),
 * and a file deleted between their listing and their reading would fail them.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const probePath = (folder: string, name: string) => path.join(ROOT, folder, `lint-probe-${name}.ts`);

type Finding = { ruleId: string | null; severity: number; message: string };
const findings = new Map<string, Finding[]>();

// What the domain must never import: the frameworks and stores the adapters use, and the other libs.
const FRAMEWORKS = ['@nestjs/common', '@nestjs/core', 'typeorm', 'pg', 'better-sqlite3', 'express', '@kurrent/kurrentdb-client', 'node:fs'];
const OTHER_LIBS = ['@app/event-store', '@app/projections', '@app/generator', '../../event-store/src/index.js', '../../projections/src/index.js'];
const APPS = fs.readdirSync(path.join(ROOT, 'apps'));
const LIBS = fs.readdirSync(path.join(ROOT, 'libs'));

const CASES: Record<string, { folder: string; source: string }> = {
  'lint-error': { folder: 'libs/projections/src', source: 'export function probe(): number {\n  debugger;\n  return 1;\n}\n' },
  clean: { folder: 'libs/domain/src', source: "import { z } from 'zod';\nimport { WORKER_ROLES } from './index.js';\n\nexport const probe = [z, WORKER_ROLES];\n" },
  ...Object.fromEntries(LIBS.map((lib) => [`lib-${lib}-imports-app`, { folder: `libs/${lib}/src`, source: "export * from '../../../apps/api/src/clock.js';\n" }])),
  ...Object.fromEntries(FRAMEWORKS.map((name, i) => [`domain-imports-framework-${i}`, { folder: 'libs/domain/src', source: `import '${name}';\n` }])),
  ...Object.fromEntries(OTHER_LIBS.map((name, i) => [`domain-imports-lib-${i}`, { folder: 'libs/domain/src', source: `import type * as other from '${name}';\nexport type Probe = typeof other;\n` }])),
  ...Object.fromEntries(
    APPS.flatMap((from) => APPS.filter((to) => to !== from).map((to) => [`app-${from}-imports-app-${to}`, { folder: `apps/${from}/src`, source: `import '../../${to}/src/main.js';\n` }])),
  ),
};

beforeAll(async () => {
  const eslint = new ESLint({ cwd: ROOT });
  for (const [name, { folder, source }] of Object.entries(CASES)) {
    const [result] = await eslint.lintText(source, { filePath: probePath(folder, name), warnIgnored: true });
    findings.set(
      name,
      result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })),
    );
  }
});

const restricted = (name: string) => (findings.get(name) ?? []).filter((f) => f.ruleId === 'no-restricted-imports');

describe('lint and import boundaries (npm run lint)', () => {
  it('runs in npm test, after the type-check and before jest', () => {
    const test: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.test;
    expect(test).toMatch(/^npm run typecheck && npm run lint && .*jest/);
  });

  it('passes a clean file: the domain importing zod and its own files', () => {
    expect(findings.get('clean')).toEqual([]);
  });

  it('fails on a lint error', () => {
    expect(findings.get('lint-error')).toEqual([expect.objectContaining({ ruleId: 'no-debugger', severity: 2 })]);
  });

  it.each(LIBS)('fails when libs/%s imports an app', (lib) => {
    expect(restricted(`lib-${lib}-imports-app`)).toEqual([expect.objectContaining({ severity: 2, message: expect.stringContaining('libs never import apps') })]);
  });

  it.each(FRAMEWORKS.map((name, i) => [name, i]))('fails when libs/domain imports %s', (_name, i) => {
    expect(restricted(`domain-imports-framework-${i}`)).toEqual([expect.objectContaining({ severity: 2, message: expect.stringContaining('libs/domain imports no framework') })]);
  });

  it.each(OTHER_LIBS.map((name, i) => [name, i]))('fails when libs/domain imports another lib: %s', (_name, i) => {
    expect(restricted(`domain-imports-lib-${i}`)).toEqual([expect.objectContaining({ severity: 2, message: expect.stringContaining('libs/domain imports no') })]);
  });

  // A warning until the composition root lands (issue 14 item 4), then an error: either is reported.
  it.each(APPS.flatMap((from) => APPS.filter((to) => to !== from).map((to) => [from, to])))('reports apps/%s importing apps/%s', (from, to) => {
    expect(restricted(`app-${from}-imports-app-${to}`)).toEqual([expect.objectContaining({ message: expect.stringContaining('apps never import each other') })]);
  });
});
