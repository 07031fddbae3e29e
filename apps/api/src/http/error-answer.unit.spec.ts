import zlib from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { BadRequestException, ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { StoreUnavailableError } from '@app/event-store';
import { errorAnswer, logUnexpected } from './error-answer.js';

const MARKER = 'Zq7MarkerXk';

/** An error as http-errors makes them for body-parser, raw-body and serve-static (the package is theirs, not ours). */
function createError(status: number, cause: string | Error, props: Record<string, unknown> = {}): Error & { statusCode: number } {
  const error = typeof cause === 'string' ? new Error(cause) : cause;
  return Object.assign(error, { status, statusCode: status, expose: status < 500, ...props });
}

/** An error as Nest hands Express's errors to the filters: an HttpException with the original as its cause. */
const wrapped = (origin: Error & { statusCode?: number }) => new HttpException(origin.message, origin.statusCode ?? 400, { cause: origin });

describe('error answers', () => {
  const bodyParserErrors: [string, number][] = [
    ['entity.parse.failed', 400],
    ['entity.too.large', 413],
    ['encoding.unsupported', 415],
    ['charset.unsupported', 415],
    ['request.aborted', 400],
    ['request.size.invalid', 400],
    ['parameters.too.many', 413],
    ['querystring.parse.rangeError', 400],
    ['entity.verify.failed', 400],
  ];

  it.each(bodyParserErrors)('answers a body-parser %s error in the shape, with a fixed message', (type, status) => {
    const origin = createError(status, `parser says ${MARKER}`, { type, body: MARKER, charset: MARKER });
    for (const exception of [wrapped(origin), origin]) {
      const body = errorAnswer(exception);
      expect(body).toEqual({ statusCode: status, error: expect.any(String), message: [expect.stringMatching(/^body: /)] });
      expect(JSON.stringify(body)).not.toContain(MARKER);
    }
  });

  it('answers a body that will not decompress with 400', () => {
    let zlibError: Error | undefined;
    try {
      zlib.gunzipSync(Buffer.from(MARKER));
    } catch (error) {
      zlibError = error as Error;
    }
    const origin = createError(400, zlibError!);
    expect(errorAnswer(wrapped(origin))).toEqual({ statusCode: 400, error: 'Bad Request', message: ['body: could not be decompressed'] });
  });

  it("replaces the framework's messages, which quote the path, by fixed ones", () => {
    expect(errorAnswer(new NotFoundException(`Cannot GET /api/v1/${MARKER}`))).toEqual({ statusCode: 404, error: 'Not Found', message: [expect.not.stringContaining(MARKER)] });
    const uriError = Object.assign(new URIError(`Failed to decode param '${MARKER}'`), { status: 400, statusCode: 400 });
    expect(errorAnswer(new BadRequestException(uriError.message, { cause: uriError }))).toEqual({ statusCode: 400, error: 'Bad Request', message: ['path: not valid percent-encoding'] });
    expect(JSON.stringify(errorAnswer(createError(404, `no file ${MARKER}`)))).not.toContain(MARKER);
  });

  it('keeps the messages of our own exceptions, bounded', () => {
    expect(errorAnswer(new ConflictException({ statusCode: 409, error: 'Conflict', message: ['eventId: already used'] }))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: ['eventId: already used'],
    });
    const many = errorAnswer(new BadRequestException({ message: Array.from({ length: 50 }, (_, i) => `m${i}: ${'x'.repeat(5000)}`) }));
    expect(many.message).toHaveLength(11);
    expect(JSON.stringify(many).length).toBeLessThan(12_000);
  });

  it('answers anything else as a 500 or a 503, saying nothing of it', () => {
    expect(errorAnswer(new Error(MARKER))).toEqual({ statusCode: 500, error: 'Internal Server Error', message: ['internal error'] });
    expect(errorAnswer(new StoreUnavailableError(MARKER)).statusCode).toBe(503);
    expect(JSON.stringify(errorAnswer(new StoreUnavailableError(MARKER)))).not.toContain(MARKER);
  });

  it('logs an unexpected error by its kind and place, not its message', () => {
    const lines: string[] = [];
    logUnexpected({ error: (line: string) => void lines.push(line) }, new TypeError(`cannot read ${MARKER} of undefined`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^unhandled TypeError at .*error-answer\.unit\.spec\.ts/);
    expect(lines[0]).not.toContain(MARKER);
  });
});
