import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Readiness } from '../health/readiness.js';

/** Something to release on the way out: stop consumers, flush producers, close connections. */
export interface Closer {
  name: string;
  close(): Promise<void> | void;
}

export interface GracefulShutdownOptions {
  server: Server;
  logger: Logger;
  /** turned to "not ready" as soon as shutdown begins */
  readiness?: Readiness;
  /** run one after another, in this order, once in-flight requests have finished */
  closers?: Closer[];
  /** after this the process exits with 1 whatever is still running */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** injectable for tests */
  exit?: (code: number) => void;
}

export interface GracefulShutdown {
  /** what a signal triggers; resolves once closers have run (before exit is called) */
  shutdown(reason: string): Promise<void>;
}

/**
 * On SIGTERM/SIGINT: report not ready, stop accepting connections, let in-flight requests
 * finish, run the closers, exit 0. Exit 1 if that takes longer than `timeoutMs`.
 */
export function installGracefulShutdown({
  server,
  logger,
  readiness,
  closers = [],
  timeoutMs = 10_000,
  signals = ['SIGTERM', 'SIGINT'],
  exit = (code) => process.exit(code),
}: GracefulShutdownOptions): GracefulShutdown {
  let running: Promise<void> | undefined;

  // Responses still being written when shutdown begins must close their keep-alive
  // connection once sent, or server.close() would wait for the client to hang up.
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  function closeConnectionsAfterResponses() {
    for (const res of inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      else res.once('finish', () => res.socket?.end());
    }
    server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
    server.closeIdleConnections();
  }

  async function drain(reason: string): Promise<void> {
    logger.info({ reason }, 'shutdown started');
    readiness?.beginShutdown();

    const forced = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; forcing exit');
      logger.flush();
      exit(1);
    }, timeoutMs);
    forced.unref();

    let failed = false;
    await new Promise<void>((resolve) => {
      // close() stops accepting and calls back once every connection has ended.
      server.close((error) => {
        if (error) logger.warn({ err: error }, 'server was not listening');
        resolve();
      });
      closeConnectionsAfterResponses();
    });
    logger.info('http server closed');

    for (const closer of closers) {
      try {
        await closer.close();
        logger.info({ closer: closer.name }, 'closed');
      } catch (error) {
        failed = true;
        logger.error({ err: error, closer: closer.name }, 'closer failed');
      }
    }

    clearTimeout(forced);
    logger.info({ failed }, 'shutdown complete');
    logger.flush();
    exit(failed ? 1 : 0);
  }

  function shutdown(reason: string): Promise<void> {
    running ??= drain(reason);
    return running;
  }

  for (const signal of signals) {
    process.on(signal, () => {
      if (running) logger.warn({ signal }, 'shutdown already in progress');
      void shutdown(signal);
    });
  }
  return { shutdown };
}
