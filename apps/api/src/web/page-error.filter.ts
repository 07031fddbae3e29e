import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { errorAnswer, isUnexpected, logUnexpected } from '../http/error-answer.js';
import { markUnavailable } from '../http/unavailable.js';
import { SignInRequired } from './page.guard.js';
import { Pages, type PageRequest } from './pages.js';

const HEADINGS: Record<number, string> = {
  400: 'There is a problem with this address',
  403: 'You cannot see this',
  404: 'Page not found',
  410: 'These records were erased',
  503: 'The service is unavailable',
};

/** Said to people in place of the API's wording when the fault is the service's. */
const PAGE_MESSAGES: Record<number, string[]> = {
  500: ['Try again later.'],
  503: ['The database could not be reached. Try again in a few seconds.'],
};

/** Errors on the pages as pages (the API's errors stay JSON): the API's messages (which quote nothing of the request), no stack trace. */
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
    const answer = errorAnswer(exception);
    if (isUnexpected(answer)) logUnexpected(this.logger, exception);
    const status = answer.statusCode;
    if (status === 503) markUnavailable(res, exception);
    const messages = PAGE_MESSAGES[status] ?? answer.message;
    this.pages.render(
      req,
      res,
      'error.njk',
      { title: HEADINGS[status] ?? 'Sorry, there is a problem with the service', heading: HEADINGS[status] ?? 'Sorry, there is a problem with the service', messages },
      status,
    );
  }
}
