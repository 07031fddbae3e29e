import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isDatabaseUnavailable } from '@app/event-store';
import type { Response } from 'express';
import { markUnavailable } from '../http/unavailable.js';
import { SignInRequired } from './page.guard.js';
import { Pages, type PageRequest } from './pages.js';

const HEADINGS: Record<number, string> = {
  400: 'There is a problem with this address',
  403: 'You cannot see this',
  404: 'Not found',
  410: 'These records were erased',
  503: 'The service is unavailable',
};

/** Errors on the pages as pages (the API's errors stay JSON): the message, no stack trace, no payload. */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: Pages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<PageRequest>();
    const res = http.getResponse<Response>();
    if (exception instanceof SignInRequired) {
      res.redirect(303, `/sign-in?next=${encodeURIComponent(exception.next)}`);
      return;
    }
    const { status, messages } = describe(exception);
    if (status === 503) markUnavailable(res, isDatabaseUnavailable(exception) ? exception : undefined);
    if (status === 500) this.logger.error(`unhandled ${(exception as Error)?.name ?? 'error'}: ${(exception as Error)?.message ?? ''}`);
    this.pages.render(req, res, 'error.njk', { title: HEADINGS[status] ?? 'Sorry, there is a problem with the service', heading: HEADINGS[status] ?? 'Sorry, there is a problem with the service', messages }, status);
  }
}

function describe(exception: unknown): { status: number; messages: string[] } {
  if (exception instanceof HttpException) {
    const body = exception.getResponse() as { message?: string | string[] } | string;
    const message = typeof body === 'string' ? body : body.message;
    return { status: exception.getStatus(), messages: Array.isArray(message) ? message : message ? [message] : [] };
  }
  if (isDatabaseUnavailable(exception)) return { status: 503, messages: ['The database could not be reached. Try again in a few seconds.'] };
  return { status: 500, messages: ['Try again later.'] };
}
