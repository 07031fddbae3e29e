import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error a plain ES module script, without types
import { buildIfStale, isBuildCurrent, sourceDigest } from '../scripts/build-if-stale.mjs';

/** A miniature repository: one app source, one view, one spec, the compiler settings. */
function fixture(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-if-stale-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write('apps/api/src/main.ts', 'export const a = 1;\n');
  write('apps/api/src/web/views/page.njk', '<p>hi</p>\n');
  write('apps/api/src/main.unit.spec.ts', 'test("x", () => {});\n');
  write('tsconfig.json', '{}\n');
  return root;
}

/** Counts the builds, making dist/ as nest build would (it deletes dist first). */
function countingBuild(root: string) {
  const calls = { n: 0 };
  const build = () => {
    calls.n += 1;
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  };
  return { calls, build };
}

describe('npm start builds only what changed (scripts/build-if-stale.mjs)', () => {
  let root: string;
  beforeEach(() => (root = fixture()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds a fresh clone, then not again while no source changes', async () => {
    const { calls, build } = countingBuild(root);
    expect(await buildIfStale(root, build)).toBe(true);
    expect(await buildIfStale(root, build)).toBe(false);
    expect(calls.n).toBe(1);
    expect(isBuildCurrent(root)).toBe(true);
  });

  it.each(['apps/api/src/main.ts', 'apps/api/src/web/views/page.njk', 'tsconfig.json'])('builds again when %s changes, even to an older date', async (file) => {
    const { calls, build } = countingBuild(root);
    await buildIfStale(root, build);
    const full = path.join(root, file);
    fs.appendFileSync(full, ' ');
    fs.utimesSync(full, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(await buildIfStale(root, build)).toBe(true);
    expect(calls.n).toBe(2);
  });

  it('does not build again for a test file, which the build leaves out', async () => {
    const { calls, build } = countingBuild(root);
    await buildIfStale(root, build);
    fs.appendFileSync(path.join(root, 'apps/api/src/main.unit.spec.ts'), '// more\n');
    expect(await buildIfStale(root, build)).toBe(false);
    expect(calls.n).toBe(1);
  });

  it('builds again after a plain `nest build` or a failed build removed dist/', async () => {
    const { calls, build } = countingBuild(root);
    await buildIfStale(root, build);
    fs.rmSync(path.join(root, 'dist'), { recursive: true });
    expect(await buildIfStale(root, build)).toBe(true);
    const failing = () => {
      fs.rmSync(path.join(root, 'dist'), { recursive: true });
      throw new Error('tsc failed');
    };
    fs.appendFileSync(path.join(root, 'apps/api/src/main.ts'), ' ');
    await expect(buildIfStale(root, failing)).rejects.toThrow('tsc failed');
    expect(await buildIfStale(root, build)).toBe(true);
    expect(calls.n).toBe(3);
  });

  it('runs one build when two commands start together, the second waiting for the first', async () => {
    const { calls, build } = countingBuild(root);
    const results = await Promise.all([buildIfStale(root, build), buildIfStale(root, build)]);
    expect(results.sort()).toEqual([false, true]);
    expect(calls.n).toBe(1);
  });

  it('digests content, not dates', () => {
    const before = sourceDigest(root);
    fs.utimesSync(path.join(root, 'apps/api/src/main.ts'), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(sourceDigest(root)).toBe(before);
  });
});
