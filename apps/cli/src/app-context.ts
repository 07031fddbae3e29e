import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../api/src/app.module.js';
import type { Clock } from '../../api/src/clock.js';
import type { AppConfig } from '../../api/src/config/app-config.js';

/** The API's modules without the HTTP server: the same stores, handlers and projections the API uses. */
export async function openContext(config: AppConfig, clock?: Clock): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, clock), { logger: ['warn', 'error'] });
  await app.init();
  return app;
}
