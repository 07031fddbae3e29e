import fs from 'node:fs';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { loadConfig, openEventStore } from '@app/composition';
import { tempDataDir } from '../../../test/support/test-app.js';
import { demo } from './demo.command.js';

/** `npm run demo` in small: the generated history goes through the EventRecorder and every event is stored. */
describe('demo', () => {
  const dataDir = tempDataDir('demo-');
  const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'table').mockImplementation(() => undefined);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('records a generated history with none refused, as the demo loader, then refuses a second load', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    await demo(config, { seed: 7, scale: 0.02, months: 2 });
    expect(process.exitCode ?? 0).toBe(0);
    const stored = Number(printed.mock.calls.map(([line]) => /^Stored (\d+) events \(0 refused\)/.exec(String(line))?.[1]).find(Boolean));
    expect(stored).toBeGreaterThan(100);

    const store = await openEventStore(config);
    try {
      expect(await store.count()).toBe(stored);
      const events = await store.readAll({ after: 0n, limit: stored });
      expect(new Set(events.map((e) => `${e.metadata.source} ${e.metadata.recordedBy}`))).toEqual(new Set(['demo demo-loader']));
    } finally {
      await store.close();
    }
    await expect(demo(config, { seed: 7, scale: 0.02, months: 2 })).rejects.toThrow(`already holds ${stored} events`);
  });
});
