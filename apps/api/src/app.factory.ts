import { RequestMethod, StandardSchemaValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import type { Clock } from './clock.js';
import type { AppConfig } from './config/app-config.js';
import { HttpErrorFilter } from './http/http-error.filter.js';
import { schemaError } from './http/issues.js';
import { rateLimiters } from './http/rate-limit.js';
import { cspNonce, useWebPages, WEB_PATHS } from './web/web-pages.js';

/** Builds the API application (used by main, the CLI and the tests). */
export async function createApp(config: AppConfig, options: { clock?: Clock; logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.clock, { startWhileDatabaseDown: true }), {
    bodyParser: false,
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  // Behind HAProxy/nginx the client's address is in X-Forwarded-For: without this every client shares the proxy's rate limit.
  if (config.trustProxy > 0) app.set('trust proxy', config.trustProxy);
  app.use(cspNonce, helmet({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`] } } }));
  // Before the body is read or a token checked: a flood costs as little as possible.
  app.use(...rateLimiters(config.rateLimitPerMinute));
  // Browsers may call the API only from the origins configured (none by default).
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type', 'X-Correlation-Id'], methods: ['GET', 'POST'] });
  }
  app.useBodyParser('json', { limit: config.bodyLimit });
  useWebPages(app);
  app.setGlobalPrefix('api/v1', { exclude: ['docs', ...WEB_PATHS].map((path) => ({ path, method: RequestMethod.ALL })) });
  app.useGlobalPipes(new StandardSchemaValidationPipe({ exceptionFactory: schemaError }));
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Case-practice audit API')
      .setDescription('Record practice events; read drift flags with their evidence. See README.md.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS, or a sign-on token from the OIDC issuer' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
