import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { ErrorBody } from './error-answer.js';

/** Node's parser errors that have a status of their own; any other unparsable request is a 400. */
const STATUS_BY_CODE: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

const MESSAGES: Record<number, string> = {
  400: 'the request could not be parsed as HTTP',
  408: 'the request took too long to arrive',
  413: 'the request is too large',
  431: 'the request line or headers are too large',
};

/**
 * Requests Node's HTTP parser refuses (headers over 16 KB, malformed request lines)
 * never reach Express: Node answers them itself, with no body. Answered here instead in
 * the project's error shape, quoting nothing of what was sent.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler does: answer only on a connection that has had no answer yet. On a kept-alive one
    // something was already written, and a raw response could land in the middle of another.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Socket).bytesWritten > 0) return void socket.destroy();
    const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
    const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Bad Request', message: [MESSAGES[status]] };
    const json = JSON.stringify(body);
    socket.end(`HTTP/1.1 ${status} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
  });
}
