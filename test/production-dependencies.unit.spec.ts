import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
// @ts-expect-error a plain ES module script without type declarations
import { LIST_PATH, renderProductionDependencies, withDirectDependencies } from '../scripts/production-dependencies.mjs';

const lock = () => JSON.parse(readFileSync('package-lock.json', 'utf8'));

describe('the production dependency list (README, Security)', () => {
  it('is current with package-lock.json (run `npm run deps:list` after changing dependencies)', () => {
    expect(readFileSync(LIST_PATH, 'utf8')).toBe(renderProductionDependencies(lock()));
  });

  it("is current in the README's Security section", () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('<!-- direct-dependencies:start -->');
    expect(readme).toBe(withDirectDependencies(readme, lock()));
  });

  it('names every direct production dependency with its locked version, and no dev-only package', () => {
    const list: string = renderProductionDependencies(lock());
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const name of Object.keys(pkg.dependencies)) {
      expect(list).toContain(`| ${name} | ${lock().packages[`node_modules/${name}`].version} |`);
    }
    for (const name of ['jest', 'typescript', 'supertest', 'oidc-provider']) expect(list).not.toContain(`| ${name} |`);
  });

  it('notices a changed version', () => {
    const changed = lock();
    changed.packages['node_modules/zod'].version = '0.0.1';
    expect(renderProductionDependencies(changed)).not.toBe(readFileSync(LIST_PATH, 'utf8'));
  });
});
