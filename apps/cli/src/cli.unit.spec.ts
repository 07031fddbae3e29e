import fs from 'node:fs';
import { closingMessage } from './demo.command.js';
import { packageVersion } from './repository.js';

describe('the CLI a newcomer meets', () => {
  it('reports the version in package.json (practice-audit --version)', () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(packageVersion()).toBe(version);
  });

  it('ends the demo with addresses on the configured PORT, not 3000', () => {
    const message = closingMessage(4123);
    expect(message).toContain('http://localhost:4123/dashboard');
    expect(message).toContain('http://localhost:4123/api/v1/flags');
    expect(message).not.toContain(':3000');
  });
});
