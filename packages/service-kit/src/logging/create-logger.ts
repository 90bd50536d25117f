import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { maskPersonalData } from './mask-personal-data.js';
import { traceLogFields } from '../tracing/trace-context.js';
import { currentRequestContext } from './request-context.js';

export type { Logger } from 'pino';
export type LogLevel = LevelWithSilent;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /** where JSON lines go; stdout when absent (tests pass a stream to read them back) */
  destination?: DestinationStream;
}

const { chindingsSym } = pino.symbols;

/**
 * pino JSON lines with the service name, the current request id (from the request
 * context, so domain code needs no logger plumbing) and personal data masked.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    mixin(_mergeObject, _level, logger) {
      const traceFields = traceLogFields(); // trace_id and span_id, in a request or an event's handling
      const context = currentRequestContext();
      if (!context) return traceFields ?? {};
      // Request loggers already carry the id as a binding; don't write it twice.
      const bindings = (logger as unknown as Record<symbol, string>)[chindingsSym] ?? '';
      return bindings.includes('"requestId":')
        ? (traceFields ?? {})
        : { requestId: context.requestId, ...traceFields };
    },
    hooks: { streamWrite: maskPersonalData },
  };
  // Synchronous stdout: lines keep their order and none is lost when the process exits
  // (pino's default buffers and flushes on exit, which reordered lines at shutdown).
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
