// ESLint (typescript-eslint, flat config) and the import boundaries of the monorepo.
// `npm run lint` runs it; test/lint.unit.spec.ts plants violations and checks they fail.
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;
const dirsIn = (folder) =>
  fs
    .readdirSync(path.join(ROOT, folder), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
// Read from disk so that a new app or lib is covered without editing this file.
const APPS = dirsIn('apps');
const LIBS = dirsIn('libs');

const TESTS = ['**/*.spec.ts', 'test/**/*.ts', '**/testing/**/*.ts'];

// A relative specifier that climbs out of its folder and into `apps/` (from libs/x/src/…).
const intoApps = { regex: '^(\\.\\./)+apps(/|$)', message: 'libs never import apps: the arrows run apps → libs (README, Architecture).' };

// The domain is plain TypeScript: itself, zod and date-holidays, nothing else (no framework, no store, no other lib).
// An allow list rather than a list of frameworks, so a new framework is refused without editing this file.
const DOMAIN_PACKAGES = ['zod', 'date-holidays'];
const onlyImports = (allowed, message) => ({ regex: `^(?!\\.{1,2}/|(${allowed.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})(/|$))`, message });
const domainOnly = (extra) =>
  onlyImports([...DOMAIN_PACKAGES, ...extra], `libs/domain imports no framework and no other lib: only its own files and ${DOMAIN_PACKAGES.join(', ')} (README, Architecture).`);
// `../../../event-store/src/…` would bypass the allow list above, which sees only package names.
const intoOtherLibs = {
  regex: `^(\\.\\./)+(libs/)?(${LIBS.filter((l) => l !== 'domain').join('|')})/src(/|$)`,
  message: 'libs/domain imports no other lib (README, Architecture).',
};

// libs/recording is what any process records with (the API's command handler, the demo, an importer), so it runs
// without a framework: its own files, the domain, the event-store port and node:crypto. An allow list, as above.
const RECORDING_IMPORTS = ['@app/domain', '@app/event-store', 'node:crypto'];
const recordingOnly = (extra) => onlyImports([...RECORDING_IMPORTS, ...extra], `libs/recording imports no framework: only its own files and ${RECORDING_IMPORTS.join(', ')} (README, Architecture).`);
// A relative path into another lib would bypass the allow list (specs included: what they use is on the libs' entries).
const recordingIntoOtherLibs = {
  regex: `^(\\.\\./)+(libs/)?(${LIBS.filter((l) => l !== 'recording').join('|')})/src(/|$)`,
  message: 'libs/recording imports other libs by their @app/ names only (README, Architecture).',
};

// From apps/cli/src/…, `../../api/src/…` (or `…/apps/api/…`) is a sideways import into another app.
const intoOtherApps = (app) => ({
  regex: `^(\\.\\./)+(apps/)?(${APPS.filter((a) => a !== app).join('|')})/src(/|$)`,
  message: `apps never import each other: move what apps/${app} needs from another app into a lib.`,
});

// no-restricted-imports sees import and export declarations only; the same patterns as selectors catch `import('…')`.
// esquery reads a regex up to its first '/', so a slash in a pattern is written \x2F.
const boundary = (severity, patterns) => ({
  'no-restricted-imports': [severity, { patterns }],
  'no-restricted-syntax': [severity, ...patterns.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message }))],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  // Not the type-aware set: it took ~35 s on this 2-core machine (vs ~9 s), and its findings beyond these were
  // mostly `any` from HTTP bodies in tests and `async` methods without `await` that implement async ports.
  ...tseslint.configs.recommended,
  {
    rules: {
      // `const { teamId: _omitted, ...rest } = x` is how the code omits a field; `_` marks a name unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: TESTS,
    rules: {
      // Tests read JSON answers whose shape is what they assert; typing each body would add noise, not safety.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Scripts served to the browser.
    files: ['apps/*/src/web/public/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', DOMParser: 'readonly', URL: 'readonly', console: 'readonly', performance: 'readonly' } },
  },
  {
    // Node scripts and helpers written in plain JavaScript.
    files: ['**/*.mjs', 'jest.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },

  // Import boundaries. A later entry's options replace an earlier one's, so each entry lists every pattern its files obey.
  {
    files: ['libs/**/*.{ts,js,mjs}'],
    rules: boundary('error', [intoApps]),
  },
  {
    files: ['libs/domain/**/*.{ts,js,mjs}'],
    rules: boundary('error', [intoApps, intoOtherLibs, domainOnly([])]),
  },
  {
    // The domain's specs and spec helpers use jest, and build histories with the generator (its public entry and its
    // testing helpers): test code only, so the running domain still depends on nothing.
    files: ['libs/domain/**/*.spec.ts', 'libs/domain/**/testing/**/*.ts'],
    rules: boundary('error', [intoApps, domainOnly(['@jest/globals', '@app/generator'])]),
  },
  {
    // Specs may also read files (the README's generated tables are compared with their rendering).
    files: ['libs/domain/**/*.spec.ts'],
    rules: boundary('error', [intoApps, domainOnly(['@jest/globals', '@app/generator', 'node:fs', 'node:path'])]),
  },
  {
    files: ['libs/recording/**/*.{ts,js,mjs}'],
    rules: boundary('error', [intoApps, recordingIntoOtherLibs, recordingOnly([])]),
  },
  {
    // Its specs and their fixtures open real stores in temporary files.
    files: ['libs/recording/**/*.spec.ts', 'libs/recording/**/testing/**/*.ts'],
    rules: boundary('error', [intoApps, recordingIntoOtherLibs, recordingOnly(['@jest/globals', 'node:fs', 'node:os', 'node:path'])]),
  },
  // Apps never import each other: what two apps share lives in a lib (libs/composition is the composition root).
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.{ts,js,mjs}`],
    rules: boundary('error', [intoOtherApps(app)]),
  })),
);
