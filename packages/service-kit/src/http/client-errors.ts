import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem.js';

// What node's HTTP parser refuses before any request object exists (so before express): too many
// or too large headers or a URL over the header limit (431), a request line or header it cannot
// read (400), a client too slow to send its headers (408).
const PARSER_REFUSALS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'header-fields-too-large',
    detail: 'the request line and headers are larger than the server accepts',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    detail: 'the request was not received in time',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    slug: 'payload-too-large',
    detail: 'the chunk extensions are larger than the server accepts',
  },
};

/**
 * The bytes of a complete problem+json response for a request the parser refused, closing the
 * connection. Exported for gateways that answer parser errors of their own the same way.
 */
export function parserRefusalResponse(code: string | undefined): string {
  const refusal = (code && PARSER_REFUSALS[code]) || {
    status: 400,
    slug: 'bad-request',
    detail: 'the request could not be parsed as HTTP',
  };
  const requestId = randomUUID();
  const body = JSON.stringify({
    type: problemType(refusal.slug),
    title: STATUS_CODES[refusal.status],
    status: refusal.status,
    detail: refusal.detail,
    requestId,
  });
  return (
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
    `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** Answers parser-level errors as problem+json instead of node's bare status line. */
export function answerClientErrorsWithProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way, or a peer that went away, cannot be answered any more.
    const busy = (socket as Duplex & { _httpMessage?: unknown })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    socket.end(parserRefusalResponse(error.code));
  });
}
