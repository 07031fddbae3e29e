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
// What libs/recording must never import: it records for any process, with or without Nest.
const RECORDING_FORBIDDEN = ['@nestjs/common', '@nestjs/cqrs', '@nestjs/core', 'typeorm', 'express', 'better-sqlite3', 'pg', '@app/composition', '@app/projections', '../../composition/src/index.js'];
const APPS = fs.readdirSync(path.join(ROOT, 'apps'));
const LIBS = fs.readdirSync(path.join(ROOT, 'libs'));

// Every way a module names another: each boundary must hold for all of them.
const FORMS: Record<string, (specifier: string) => string> = {
  import: (x) => `import '${x}';\n`,
  'type import': (x) => `import type * as other from '${x}';\nexport type Probe = typeof other;\n`,
  're-export': (x) => `export * from '${x}';\n`,
  'dynamic import': (x) => `export const other = await import('${x}');\n`,
};

const CASES: Record<string, { folder: string; source: string }> = {
  'lint-error': { folder: 'libs/projections/src', source: 'export function probe(): number {\n  debugger;\n  return 1;\n}\n' },
  clean: { folder: 'libs/domain/src', source: "import { z } from 'zod';\nimport { WORKER_ROLES } from './index.js';\n\nexport const probe = [z, WORKER_ROLES];\n" },
  'recording-clean': {
    folder: 'libs/recording/src',
    source:
      "import { randomUUID } from 'node:crypto';\nimport { decide } from '@app/domain';\nimport { START } from '@app/event-store';\nimport { EventRecorder } from './index.js';\n\nexport const probe = [randomUUID, decide, START, EventRecorder];\n",
  },
};
/** Plants `specifier` from `folder` in every form, and gives the names of the planted cases. */
function crossing(name: string, folder: string, specifier: string): string[] {
  return Object.entries(FORMS).map(([form, write]) => {
    CASES[`${name} (${form})`] = { folder, source: write(specifier) };
    return `${name} (${form})`;
  });
}
const LIB_TO_APP = LIBS.map((lib) => [lib, crossing(`lib-${lib}-imports-app`, `libs/${lib}/src`, '../../../apps/api/src/clock.js')] as const);
const DOMAIN_TO_FRAMEWORK = FRAMEWORKS.map((name, i) => [name, crossing(`domain-imports-framework-${i}`, 'libs/domain/src', name)] as const);
const DOMAIN_TO_LIB = OTHER_LIBS.map((name, i) => [name, crossing(`domain-imports-lib-${i}`, 'libs/domain/src', name)] as const);
const RECORDING_TO_FRAMEWORK = RECORDING_FORBIDDEN.map((name, i) => [name, crossing(`recording-imports-${i}`, 'libs/recording/src', name)] as const);
const APP_TO_APP = APPS.flatMap((from) => APPS.filter((to) => to !== from).map((to) => [from, to, crossing(`app-${from}-imports-app-${to}`, `apps/${from}/src`, `../../${to}/src/main.js`)] as const));

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

// no-restricted-imports for declarations, no-restricted-syntax for import().
const BOUNDARY_RULES = ['no-restricted-imports', 'no-restricted-syntax'];
/** The boundary findings of each planted form, keyed by case name. */
const restricted = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, (findings.get(name) ?? []).filter((f) => BOUNDARY_RULES.includes(f.ruleId ?? ''))]));
const eachReported = (names: readonly string[], finding: object) => Object.fromEntries(names.map((name) => [name, [expect.objectContaining(finding)]]));

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

  it.each(LIB_TO_APP)('fails when libs/%s imports an app', (_lib, names) => {
    expect(restricted(names)).toEqual(eachReported(names, { severity: 2, message: expect.stringContaining('libs never import apps') }));
  });

  it.each(DOMAIN_TO_FRAMEWORK)('fails when libs/domain imports %s', (_name, names) => {
    expect(restricted(names)).toEqual(eachReported(names, { severity: 2, message: expect.stringContaining('libs/domain imports no framework') }));
  });

  it.each(DOMAIN_TO_LIB)('fails when libs/domain imports another lib: %s', (_name, names) => {
    expect(restricted(names)).toEqual(eachReported(names, { severity: 2, message: expect.stringContaining('libs/domain imports no') }));
  });

  it('passes libs/recording importing the domain, the event-store port, node:crypto and its own files', () => {
    expect(findings.get('recording-clean')).toEqual([]);
  });

  it.each(RECORDING_TO_FRAMEWORK)('fails when libs/recording imports %s', (_name, names) => {
    expect(restricted(names)).toEqual(eachReported(names, { severity: 2, message: expect.stringContaining('libs/recording imports') }));
  });

  it.each(APP_TO_APP)('fails when apps/%s imports apps/%s', (_from, _to, names) => {
    expect(restricted(names)).toEqual(eachReported(names, { severity: 2, message: expect.stringContaining('apps never import each other') }));
  });
});
