import { describe, expect, it } from '@jest/globals';
import { StoreUnavailableError } from '../event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

describe('KurrentDbEventStore without a server', () => {
  it('reports an unreachable server as StoreUnavailableError when opening', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    await expect(KurrentDbEventStore.open('kurrentdb://127.0.0.1:1?tls=false')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
