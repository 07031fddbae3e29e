import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadProjectorConfig } from '@app/composition';
import { startProjector } from './projector.js';

async function main(): Promise<void> {
  const config = loadProjectorConfig();
  const projector = await startProjector(config);
  const logger = new Logger('Projector');
  logger.log(`health on http://localhost:${projector.port}/health (read models in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: stopping`);
      projector.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(`Projector failed to start: ${(error as Error).message}`);
  process.exit(1);
});
