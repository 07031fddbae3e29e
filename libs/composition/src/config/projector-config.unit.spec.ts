import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';
import { loadProjectorConfig } from './projector-config.js';

/** The projector reads the stores' variables through the API's own schema: one definition, one error. */
describe('the projector configuration', () => {
  it('finds the stores where the API does', () => {
    const env = { DATA_DIR: './somewhere', DATABASE_URL: 'postgres://db/x', KURRENTDB_URL: 'kurrentdb://k:2113' };
    const api = loadConfig(env);
    expect(loadProjectorConfig(env)).toEqual({ dataDir: api.dataDir, databaseUrl: api.databaseUrl, kurrentdbUrl: api.kurrentdbUrl, port: 3001, policy: api.policy });
    expect(loadProjectorConfig({}).dataDir).toBe(path.resolve('data'));
  });

  it.each([
    ['DATA_DIR', ''],
    ['DATABASE_URL', 'mysql://db/x'],
    ['KURRENTDB_URL', 'http://k:2113'],
  ])('refuses a bad %s as the API does, with its ConfigError', (name, value) => {
    const apiError = (() => {
      try {
        loadConfig({ [name]: value });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(apiError).toBeInstanceOf(ConfigError);
    expect(() => loadProjectorConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadProjectorConfig({ [name]: value })).toThrow(apiError!.message);
  });

  it('refuses a bad PROJECTOR_PORT, naming it', () => {
    expect(() => loadProjectorConfig({ PROJECTOR_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadProjectorConfig({ PROJECTOR_PORT: 'eighty' })).toThrow(/^PROJECTOR_PORT: /);
  });
});
