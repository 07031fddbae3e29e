import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CLI_MAIN = path.resolve('dist/apps/cli/src/main.js');

describe('the built CLI (npm run build first; npm test does)', () => {
  it('answers --version with package.json version, from any directory', () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const out = execFileSync(process.execPath, [CLI_MAIN, '--version'], { cwd: '/', encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe(version);
  });
});
