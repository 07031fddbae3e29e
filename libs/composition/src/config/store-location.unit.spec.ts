import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';
import { loadStoreLocation } from './store-location.js';

/** Migrations and rebuilds read only where the stores are, so they run where the API's other settings are not set. */
describe('the store location', () => {
  it('is read from the stores variables alone, where the API would refuse the rest', () => {
    const env = { NODE_ENV: 'production', POLICY_FILE: '/nowhere/policy.json', DATABASE_URL: 'postgres://db/x' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(loadStoreLocation(env)).toEqual({ dataDir: path.resolve('data'), databaseUrl: 'postgres://db/x', kurrentdbUrl: undefined });
    expect(() => loadStoreLocation({ DATABASE_URL: 'mysql://db/x' })).toThrow(new ConfigError('DATABASE_URL: must be a postgres:// or postgresql:// URL'));
  });
});
