import { RequestMethod, StandardSchemaValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { Clock } from './clock.js';
import type { AppConfig } from './config/app-config.js';
import { HttpErrorFilter } from './http/http-error.filter.js';
import { schemaError } from './http/issues.js';

/** Builds the API application (used by main, the CLI and the tests). */
export async function createApp(config: AppConfig, options: { clock?: Clock; logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.clock), {
    bodyParser: false,
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'docs', method: RequestMethod.ALL }] });
  app.useGlobalPipes(new StandardSchemaValidationPipe({ exceptionFactory: schemaError }));
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Case-practice audit API')
      .setDescription('Record practice events; read drift flags with their evidence. See README.md.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
