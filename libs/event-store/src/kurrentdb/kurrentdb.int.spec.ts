import { describe, it } from '@jest/globals';
import { runEventStoreContract } from '../testing/index.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

/**
 * The shared contract suite against a real KurrentDB (25.1 or later), e.g.
 *   docker compose -f docker/compose.yml up -d kurrentdb      (insecure, published on 127.0.0.1:2113)
 *   KURRENTDB_URL='kurrentdb://localhost:2113?tls=false' node --experimental-vm-modules node_modules/jest/bin/jest.js libs/event-store/src/kurrentdb/kurrentdb.int.spec.ts
 * No server can run on the CI machine, so without KURRENTDB_URL the suite is skipped,
 * saying so, even when CI is set (unlike PostgreSQL, which CI always has).
 */
const url = process.env.KURRENTDB_URL;
const HOW = 'set KURRENTDB_URL=kurrentdb://localhost:2113?tls=false to run it against a KurrentDB 25.1+ server';

if (url) {
  runEventStoreContract(`KurrentDbEventStore (${url})`, {
    create: () => KurrentDbEventStore.open(url, { retryDelayMs: 50 }),
    createSecondConnection: () => KurrentDbEventStore.open(url, { retryDelayMs: 50 }),
  });
} else {
  console.warn(`KurrentDB contract suite SKIPPED: KURRENTDB_URL is not set; ${HOW}.`);
  describe.skip(`KurrentDB contract suite — SKIPPED: ${HOW}`, () => {
    it('runs the shared EventStore contract suite against KurrentDbEventStore', () => undefined);
  });
}
