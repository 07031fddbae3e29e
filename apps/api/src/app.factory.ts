import { NotFoundException, RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import type { Clock, AppConfig } from '@app/composition';
import { answerClientErrors } from './http/client-errors.js';
import { errorAnswer } from './http/error-answer.js';
import { HttpErrorFilter } from './http/http-error.filter.js';
import { SchemaValidationPipe } from './http/schema-validation.pipe.js';
import { rateLimiters } from './http/rate-limit.js';
import { cspNonce, useWebPages, WEB_PATHS } from './web/web-pages.js';

/**
 * helmet's headers, with a nonce for the pages' one inline script. Only over https:
 * HSTS and the CSP's upgrade-insecure-requests, which over plain http (a pilot opened
 * by host name or address) send the stylesheet and the sign-in form to an https://
 * address nothing answers, leaving the page unstyled and the form dead.
 */
function securityHeaders(https: boolean) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
  });
}

const API_PREFIX = 'api/v1';
/** The API's health check (HealthController): monitors poll it, so it alone is not rate-limited. */
const HEALTH_PATHS = [`/${API_PREFIX}/health`];

/** Builds the API application, initialised (used by main, the CLI and the tests). */
export async function createApp(config: AppConfig, options: { clock?: Clock; logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.clock, { startWhileDatabaseDown: true }), {
    bodyParser: false,
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  answerClientErrors(app.getHttpServer());
  // Behind HAProxy/nginx the client's address is in X-Forwarded-For: without this every client shares the proxy's rate limit.
  if (config.trustProxy > 0) app.set('trust proxy', config.trustProxy);
  app.use(cspNonce, securityHeaders(config.web.servedOverHttps));
  // Before the body is read or a token checked: a flood costs as little as possible.
  app.use(...rateLimiters(config.rateLimitPerMinute, HEALTH_PATHS));
  // Browsers may call the API only from the origins configured (none by default).
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type', 'X-Correlation-Id'], methods: ['GET', 'POST'] });
  }
  app.useBodyParser('json', { limit: config.bodyLimit });
  useWebPages(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['docs', ...WEB_PATHS].map((path) => ({ path, method: RequestMethod.ALL })) });
  app.useGlobalPipes(new SchemaValidationPipe());
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
  await app.init();
  // Nest answers unknown paths under the prefix and the pages' paths; any other path would reach
  // Express's default page, which quotes the path. Added after init, so after every route.
  app.use((_req: Request, res: Response) => {
    const body = errorAnswer(new NotFoundException());
    res.status(body.statusCode).json(body);
  });
  return app;
}
