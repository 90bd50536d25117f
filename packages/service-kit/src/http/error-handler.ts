import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
// pino-http types `req.id` (the request id) and `req.log`
import type {} from 'pino-http';
import { TransactionBusyError } from '@shuangchuang/mongo-kit';
import { onlyIfMatchMissing, PreconditionRequiredError } from './if-match.js';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemError,
  type FieldProblem,
  type ProblemDocument,
} from './problem.js';

const SLUG_BY_STATUS: Record<number, string> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  428: 'precondition-required',
};

// body-parser reports its failures by `type`; these are the client's fault.
const BODY_PARSER_FAILURES: Record<string, { status: number; detail: string }> = {
  'entity.too.large': { status: 413, detail: 'the request body is larger than allowed' },
  'entity.parse.failed': { status: 400, detail: 'the request body is not valid JSON' },
  'encoding.unsupported': { status: 415, detail: 'the content encoding is not supported' },
  'charset.unsupported': { status: 415, detail: 'the charset is not supported' },
  'request.aborted': { status: 400, detail: 'the request was aborted' },
  'request.size.invalid': { status: 400, detail: 'the request body size does not match' },
};

/** What a thrown error means to the client; anything unrecognised is a 500 that says nothing. */
function classify(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (error instanceof TransactionBusyError) {
    return new ProblemError({
      status: 503,
      slug: 'unavailable',
      title: 'Service Unavailable',
      detail: 'the data this request needs is busy; nothing was changed, retry shortly',
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    });
  }
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as {
    status?: unknown;
    type?: unknown;
    message?: unknown;
    errors?: unknown;
    headers?: unknown;
    path?: unknown;
    expose?: unknown;
  };

  if (typeof candidate.type === 'string' && candidate.type in BODY_PARSER_FAILURES) {
    const { status, detail } = BODY_PARSER_FAILURES[candidate.type]!;
    return problem(status, detail);
  }

  const status = typeof candidate.status === 'number' ? candidate.status : undefined;
  if (status === undefined || status < 400 || status > 499) return undefined;

  // express-openapi-validator's HttpError: always an `errors` array of { path, message }
  if (Array.isArray(candidate.errors)) {
    const errors = (candidate.errors as { path?: unknown; message?: unknown }[]).map(
      (item): FieldProblem => ({ path: String(item.path ?? ''), message: String(item.message) }),
    );
    const headers = (candidate.headers ?? {}) as Record<string, string>;
    if (status === 400 && onlyIfMatchMissing(errors)) return new PreconditionRequiredError();
    if (status === 400) {
      const detail = errors.map((item) => `${item.path} ${item.message}`).join('; ');
      return problem(status, `request validation failed: ${detail}`, errors);
    }
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
    if (status === 404) return problem(status, `no route for ${String(candidate.path)}`);
    return problem(status, String(candidate.message ?? STATUS_CODES[status]), undefined, headers);
  }

  // http-errors from express itself mark client-safe messages with `expose`
  if (candidate.expose === true && typeof candidate.message === 'string') {
    return problem(status, candidate.message);
  }
  return problem(status, STATUS_CODES[status] ?? 'client error');
}

function problem(
  status: number,
  detail: string,
  errors?: FieldProblem[],
  headers?: Record<string, string>,
): ProblemError {
  return new ProblemError({
    status,
    slug: SLUG_BY_STATUS[status] ?? 'client-error',
    title: STATUS_CODES[status] ?? 'Client Error',
    detail,
    errors,
    headers,
  });
}

const INTERNAL = new ProblemError({
  status: 500,
  slug: 'internal',
  title: 'Internal Server Error',
  detail: 'an unexpected error occurred; quote the requestId when reporting it',
});

export function sendProblem(req: Request, res: Response, error: ProblemError): void {
  (res.locals as { [PROBLEM_SENT]?: ProblemError })[PROBLEM_SENT] = error;
  const body: ProblemDocument = {
    ...error.extensions,
    type: error.type,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance: req.originalUrl,
    requestId: String(req.id ?? ''),
    ...(error.errors ? { errors: error.errors } : {}),
  };
  res.status(error.status).set(error.headers);
  // Sent as a string: problem documents are ours, not the operation's, so response
  // validation (which hooks res.json) must not judge them.
  res.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

const PROBLEM_SENT = Symbol('problem sent');

/** What the request's log line says about the problem it was answered with. */
export function problemLogFields(res: Response): { problem?: { type: string; detail: string } } {
  const sent = (res.locals as { [PROBLEM_SENT]?: ProblemError })[PROBLEM_SENT];
  return sent ? { problem: { type: sent.slug, detail: sent.detail } } : {};
}

/** The one error handler: every failure leaves as problem+json, never HTML, never a stack. */
export function problemErrorHandler(
  logger: Logger,
  toProblem: (error: unknown) => unknown = (error) => error,
): ErrorRequestHandler {
  return (error, req, res, next) => {
    const known = classify(toProblem(error));
    // Refusals are told by the request's own log line; only the unexpected gets its stack logged.
    if (!known) (req.log ?? logger).error({ err: error }, 'unexpected error');
    if (res.headersSent) {
      next(error); // express closes the connection; the body cannot change any more
      return;
    }
    sendProblem(req, res, known ?? INTERNAL);
  };
}

/** Last in line: nothing matched the request. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(problem(404, `no route for ${req.method} ${req.path}`));
  };
}
