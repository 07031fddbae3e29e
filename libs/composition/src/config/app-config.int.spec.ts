import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('configuration from the environment and POLICY_FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
  const policyFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the built-in defaults and ./data when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.policy.supervision.intervalDays).toBe(28);
    expect(config.policySource).toBe('built-in defaults');
  });

  it('refuses to start in production without authentication, saying what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('production mode needs authentication: set API_KEYS (key:role or key:role:teamId entries) or OIDC_ISSUER and OIDC_AUDIENCE'),
    );
    expect(loadConfig({ NODE_ENV: 'production', API_KEYS: 'a-long-enough-admin-key:admin' }).auth.generatedAdminKey).toBeUndefined();
    expect(loadConfig({}).auth.generatedAdminKey).toBeDefined();
  });

  it('applies a policy file over the defaults', () => {
    const config = loadConfig({ POLICY_FILE: policyFile('ok.json', '{ "caseload": { "maxPerFte": 18 }, "preProceedings": { "maxWeeks": 12 } }') });
    expect(config.policy.caseload).toEqual({ maxPerFte: 18, newlyQualifiedMaxPerFte: 18 });
    expect(config.policy.preProceedings.maxWeeks).toBe(12);
    expect(config.policy.supervision.intervalDays).toBe(28);
  });

  it.each([
    ['an unknown key', '{ "caseload": { "maxPerFTE": 18 } }', 'caseload.maxPerFTE: unknown key'],
    ['a bad value', '{ "supervision": { "intervalDays": -3 } }', 'supervision.intervalDays'],
    ['a wrong type', '{ "socialWorkerChanges": { "changes": "three" } }', 'socialWorkerChanges.changes'],
    ['broken JSON', '{ "caseload": ', 'not valid JSON'],
  ])('refuses %s, naming it', (_name, content, fragment) => {
    const file = policyFile(`bad-${fragment.length}.json`, content);
    expect(() => loadConfig({ POLICY_FILE: file })).toThrow(ConfigError);
    expect(() => loadConfig({ POLICY_FILE: file })).toThrow(fragment);
  });

  it('refuses a missing policy file and a bad port', () => {
    expect(() => loadConfig({ POLICY_FILE: path.join(dir, 'missing.json') })).toThrow('cannot be read');
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT');
  });
});
