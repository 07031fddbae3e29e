import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from '@app/composition';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  const logger = new Logger('Api');
  logger.log(`listening on http://localhost:${config.port} (data in ${config.dataDir}; the dashboard at /dashboard, OpenAPI at /docs)`);
  if (config.auth.generatedAdminKey) {
    // Development only (production refuses to start without API_KEYS or OIDC): a key for this run, shown once.
    logger.warn(`no API_KEYS or OIDC_ISSUER configured: this run's admin key is ${config.auth.generatedAdminKey} (Authorization: Bearer <key>)`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
