import type { Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import { problemLogFields } from './error-handler.js';

/** What a request's line says of it: the method, URL and client, not every header. */
function requestFields(req: Request) {
  return { method: req.method, url: req.originalUrl, userAgent: req.headers['user-agent'] };
}

/**
 * One line per request when its response finishes (or fails): `request completed` with the
 * request, `res.statusCode`, `responseTime` (ms) and the problem it was answered with, at info,
 * warn (4xx) or error (5xx, or `request errored` with the error). The same lines pino-http wrote
 * here before, without the two child loggers pino-http builds for every request: `req.log` (the
 * request's own logger, with `req` and `requestId` bound) is only made when code asks for it.
 */
export function requestLogging(logger: Logger, ignore: (req: Request) => boolean): RequestHandler {
  return (req, res, next) => {
    const startedAt = Date.now();
    let requestLogger: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (requestLogger ??= logger.child({ req: requestFields(req), requestId: req.id })),
      set: (value: Logger) => {
        requestLogger = value;
      },
    });
    if (ignore(req)) {
      next();
      return;
    }
    const onDone = (error?: Error) => {
      res.off('finish', onDone);
      res.off('close', onDone);
      res.off('error', onDone);
      logOutcome(logger, req, res, Date.now() - startedAt, error);
    };
    res.on('finish', onDone);
    res.on('close', onDone);
    res.on('error', onDone);
    next();
  };
}

function logOutcome(
  logger: Logger,
  req: Request,
  res: Response,
  responseTime: number,
  error: Error | undefined,
): void {
  const failed = error !== undefined || res.statusCode >= 500;
  const level: Level = failed ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const fields = {
    req: requestFields(req),
    requestId: req.id,
    res: { statusCode: res.statusCode },
    responseTime,
    ...problemLogFields(res),
  };
  if (failed) {
    const err = error ?? new Error(`failed with status code ${res.statusCode}`);
    logger[level]({ ...fields, err }, 'request errored');
  } else {
    logger[level](fields, 'request completed');
  }
}
