import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, type AppConfig, type Clock } from '@app/composition';

/** The API's core without the HTTP server: the same stores, event recorder, projections and assessments the API uses. */
export async function openContext(config: AppConfig, clock?: Clock): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(CoreModule.forRoot(config, clock), { logger: ['warn', 'error'] });
  await app.init();
  return app;
}
