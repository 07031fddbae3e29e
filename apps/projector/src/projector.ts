import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { isDatabaseUnavailable, unavailableReason, type EventStore, type ReaderHoldBack } from '@app/event-store';
import { openStores, projectionRunner, type ProjectorConfig } from '@app/composition';
import { LeasedRunner, leaseFor } from '@app/projections';

/** What holds the projection's reader back (a long transaction anywhere on the server), or why that cannot be told now. */
async function readerOf(store: EventStore): Promise<ReaderHoldBack | { unavailable: string }> {
  try {
    return await store.readerHoldBack();
  } catch (error) {
    return { unavailable: isDatabaseUnavailable(error) ? unavailableReason(error) : ((error as Error)?.name ?? 'error') };
  }
}

export interface Projector {
  /** The health server's port. */
  port: number;
  close(): Promise<void>;
}

/**
 * The projections in their own process: reads the configured event store and writes
 * the read models, while holding the projection's lease (so any number of projectors
 * and API processes with PROJECTIONS=off can run together). GET /health reports
 * whether this process is the active one and how far it has got.
 */
export async function startProjector(config: ProjectorConfig): Promise<Projector> {
  const logger = new Logger('Projector');
  const stores = await openStores(config);
  const store = stores.eventStore;
  const runner = projectionRunner(store, stores.readModels, config.policy, logger);
  const leased = new LeasedRunner(leaseFor(config.databaseUrl, runner.name), runner, (active) =>
    logger.log(active ? `projecting ${runner.name} from position ${runner.checkpoint}` : `not projecting ${runner.name} (waiting for its lease)`),
  );
  leased.start();

  const server = http.createServer((req, res) => {
    const ok = req.method === 'GET' && req.url === '/health';
    if (!ok) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 404 }));
    void readerOf(store).then((reader) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', projection: runner.name, active: leased.active, checkpoint: runner.checkpoint.toString(), reader }));
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, resolve));

  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await leased.stop();
      await stores.close();
    },
  };
}
