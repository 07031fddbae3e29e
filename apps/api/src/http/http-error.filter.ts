import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isDatabaseUnavailable } from '@app/event-store';
import type { Response } from 'express';
import { answerUnavailable } from './unavailable.js';

/** Errors raised by Express's body parser before Nest sees the request. */
interface BodyParserError {
  type?: string;
  status?: number;
}

const BODY_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  'entity.too.large': { status: 413, error: 'Payload Too Large', message: 'body: the request body is too large' },
  'entity.parse.failed': { status: 400, error: 'Bad Request', message: 'body: not valid JSON' },
  'encoding.unsupported': { status: 415, error: 'Unsupported Media Type', message: 'body: unsupported content encoding' },
};

/**
 * Every error answer in Nest's shape `{ statusCode, error, message }`, with no stack
 * trace and no request payload, in the body or in the log.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    // Every path to every database (unavailable.ts): 503 with Retry-After, never 500.
    if (isDatabaseUnavailable(exception)) return answerUnavailable(res, exception);
    const known = BODY_ERRORS[(exception as BodyParserError)?.type ?? ''];
    if (known) {
      res.status(known.status).json({ statusCode: known.status, error: known.error, message: [known.message] });
      return;
    }
    this.logger.error(`unhandled ${(exception as Error)?.name ?? 'error'}: ${(exception as Error)?.message ?? ''}`);
    res.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  }
}
