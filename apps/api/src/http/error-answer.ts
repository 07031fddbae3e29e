import { STATUS_CODES } from 'node:http';
import { HttpException, type LoggerService } from '@nestjs/common';
import { InvalidQueryError } from '@app/domain';
import { isDatabaseUnavailable } from '@app/event-store';
import { boundedMessages } from './issues.js';
import { UNAVAILABLE_BODY } from './unavailable.js';

/** The project's error shape, for every error answer (API and pages alike). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string[];
}

/**
 * Errors raised by Express's body parser (and raw-body) before Nest sees the request.
 * Their own messages quote the request (the JSON parser quotes the body, the charset and
 * encoding errors the header), so each type gets a fixed message of ours instead.
 */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.too.large': { status: 413, message: 'body: the request body is too large' },
  'entity.parse.failed': { status: 400, message: 'body: not valid JSON' },
  'entity.verify.failed': { status: 400, message: 'body: refused' },
  'encoding.unsupported': { status: 415, message: 'body: unsupported content encoding (use gzip, deflate, br or none)' },
  'charset.unsupported': { status: 415, message: 'body: unsupported charset (use utf-8)' },
  'request.aborted': { status: 400, message: 'body: the request ended before its body was read' },
  'request.size.invalid': { status: 400, message: 'body: its length does not match Content-Length' },
  'parameters.too.many': { status: 413, message: 'body: too many form fields' },
  'querystring.parse.rangeError': { status: 400, message: 'body: form fields nested too deeply' },
};

/** What the framework's own errors (whose messages quote the request: "Cannot GET /path…") become, by status. */
const BY_STATUS: Record<number, string> = {
  400: 'the request is malformed',
  404: 'no such endpoint for this method (the API is described at /docs)',
  405: 'this method is not allowed here',
  413: 'body: the request body is too large',
  415: 'unsupported media type (send application/json in utf-8)',
};

/** The shape of http-errors (body-parser, serve-static, Express's router): a status, a type, maybe a zlib code. */
interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
}

/**
 * What the caller is told about an error: the project's shape, with messages written
 * by this service only. Messages of our own (schema issues, refusals) are kept, bounded;
 * any other message (the framework's, a parser's) is replaced by a fixed one, since
 * those quote the path, the headers or the body.
 */
export function errorAnswer(exception: unknown): ErrorBody {
  if (isDatabaseUnavailable(exception)) return answer(503, [...UNAVAILABLE_BODY.message]);
  // The read side refuses in the domain's words; the HTTP layer gives the status.
  if (exception instanceof InvalidQueryError) return answer(400, exception.messages);
  const origin = originOf(exception);
  const known = BODY_ERRORS[origin?.type ?? ''];
  if (known) return answer(known.status, [known.message]);
  if (isDecompressionError(origin)) return answer(400, ['body: could not be decompressed']);
  if (origin?.name === 'URIError') return answer(400, ['path: not valid percent-encoding']);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const ours = ownMessages(exception.getResponse());
    if (ours) return answer(status, ours);
    return status >= 500 ? internalError() : fixedAnswer(status);
  }
  const status = origin?.statusCode ?? origin?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? fixedAnswer(status) : internalError();
}

/** Logs an unexpected error by its kind and where it was raised, never its message (which may hold request data). */
export function logUnexpected(logger: Pick<LoggerService, 'error'>, exception: unknown): void {
  const error = exception as Partial<Error> & { code?: unknown };
  const code = typeof error?.code === 'string' ? ` ${error.code.slice(0, 40)}` : '';
  const frames = (error?.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 5)
    .map((line) => line.trim().replace(/^at .*?\((.*)\)$/, 'at $1'));
  logger.error(`unhandled ${typeof error?.name === 'string' ? error.name.slice(0, 60) : 'error'}${code}${frames.length ? ` ${frames.join(' ')}` : ''}`);
}

export const isUnexpected = (body: ErrorBody) => body.statusCode >= 500 && body.statusCode !== 503;

/** Nest wraps Express's errors in an HttpException with the original as its cause. Duck-typed: zlib's errors come from another realm under test. */
function originOf(exception: unknown): (HttpErrorLike & { name?: unknown }) | undefined {
  const origin = exception instanceof HttpException ? exception.cause : exception;
  return typeof origin === 'object' && origin !== null ? (origin as HttpErrorLike) : undefined;
}

function isDecompressionError(error: HttpErrorLike | undefined): boolean {
  return typeof error?.code === 'string' && /^(Z_|ERR_ZLIB|ERR__ZLIB|ERR_BROTLI|ERR_ZSTD)/.test(error.code);
}

/** `{ message: string[] }` is how this service's own exceptions carry their messages; anything else is the framework's. */
function ownMessages(response: unknown): string[] | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const { message } = response as { message?: unknown };
  if (!Array.isArray(message) || message.length === 0 || !message.every((m) => typeof m === 'string')) return undefined;
  return message;
}

function answer(status: number, messages: string[]): ErrorBody {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: boundedMessages(messages) };
}

const fixedAnswer = (status: number) => answer(status, [BY_STATUS[status] ?? STATUS_CODES[status] ?? 'the request was refused']);
const internalError = (): ErrorBody => ({ statusCode: 500, error: 'Internal Server Error', message: ['internal error'] });
