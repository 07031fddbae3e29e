import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { errorAnswer, isUnexpected, logUnexpected } from './error-answer.js';
import { markUnavailable } from './unavailable.js';

/**
 * Every error answer in the project's shape `{ statusCode, error, message[] }`, with no
 * stack trace and nothing of the request, in the body or in the log (see errorAnswer).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = errorAnswer(exception);
    if (isUnexpected(body)) logUnexpected(this.logger, exception);
    // A stream that failed half-way cannot be given an error answer any more: end it.
    if (res.headersSent) return void res.end();
    // Every path to every database (unavailable.ts): 503 with Retry-After, never 500.
    if (body.statusCode === 503) markUnavailable(res, exception);
    res.status(body.statusCode).json(body);
  }
}
