import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  createLogger,
  createReadiness,
  installGracefulShutdown,
  startHttpServer,
} from '../src/index.js';
import { runTypeScript } from './fixtures/child-process.js';

const CHILD_TIMEOUT_MS = 90_000; // tsx start-up on a busy 2-core machine

/** A GET over a connection of its own (no keep-alive pool), so it sees whether the server still accepts. */
function freshConnectionGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('SIGTERM to a service process', () => {
  it(
    'lets an in-flight slow request finish, refuses new connections, runs closers and exits 0',
    async () => {
      const child = runTypeScript('test/fixtures/demo-service-main.ts', [], {
        PORT: '0',
        MONGO_URL: 'mongodb://127.0.0.1:1/unused',
        KAFKA_BROKERS: '127.0.0.1:1',
      });
      try {
        const listening = await child.waitForLogLine((line) => line.msg === 'listening');
        const url = `http://127.0.0.1:${String(listening.port)}`;

        const slow = fetch(`${url}/api/demo/slow?ms=1500`).then(async (response) => ({
          status: response.status,
          connection: response.headers.get('connection'),
          body: (await response.json()) as unknown,
        }));
        await child.waitForLogLine((line) => line.msg === 'slow request started');

        child.process.kill('SIGTERM');
        await child.waitForLogLine((line) => line.msg === 'shutdown started');
        // Refused, or reset if it slipped into the listen backlog as the socket closed: never served.
        const refused = await freshConnectionGet(`${url}/healthz`).then(
          (status) => `answered ${status}`,
          (error: NodeJS.ErrnoException) => error.code,
        );
        expect(['ECONNREFUSED', 'ECONNRESET']).toContain(refused);

        // Connection: close, so the keep-alive socket doesn't hold the server open
        expect(await slow).toEqual({ status: 200, connection: 'close', body: { waitedMs: 1500 } });
        expect(await child.exited).toEqual({ code: 0, signal: null });

        const messages = child
          .stdout()
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { msg: string; closer?: string })
          .map((line) => (line.closer ? `${line.msg} ${line.closer}` : line.msg));
        const at = (message: string) => {
          expect(messages).toContain(message);
          return messages.indexOf(message);
        };
        // The slow request was answered after shutdown began, and before the process left;
        // the closers ran after the HTTP server had closed.
        expect(at('shutdown started')).toBeLessThan(at('request completed'));
        expect(at('request completed')).toBeLessThan(at('shutdown complete'));
        expect(at('http server closed')).toBeLessThan(at('flushing producer'));
        expect(at('flushing producer')).toBeLessThan(at('closed kafka-producer'));
        expect(at('closed kafka-producer')).toBeLessThan(at('shutdown complete'));
      } finally {
        child.process.kill('SIGKILL');
      }
    },
    CHILD_TIMEOUT_MS,
  );
});

describe('installGracefulShutdown', () => {
  function quietLogger() {
    const lines: string[] = [];
    return {
      lines,
      logger: createLogger({ service: 'test', destination: { write: (l) => lines.push(l) } }),
    };
  }

  it('reports not ready at once, runs closers in order and exits 0', async () => {
    const { logger } = quietLogger();
    const { server } = await startHttpServer((_req, res) => res.end('ok'), {
      port: 0,
      host: '127.0.0.1',
    });
    const readiness = createReadiness();
    const calls: string[] = [];
    const exits: number[] = [];
    const shutdown = installGracefulShutdown({
      server,
      logger,
      readiness,
      signals: [],
      exit: (code) => void exits.push(code),
      closers: [
        { name: 'consumer', close: async () => void calls.push('consumer') },
        { name: 'producer', close: () => void calls.push('producer') },
        { name: 'mongo', close: async () => void calls.push('mongo') },
      ],
    });
    const done = shutdown.shutdown('test');
    expect(readiness.shuttingDown).toBe(true);
    expect(shutdown.shutdown('again')).toBe(done);
    await done;
    expect(calls).toEqual(['consumer', 'producer', 'mongo']);
    expect(exits).toEqual([0]);
    expect(server.listening).toBe(false);
  });

  it('exits 1 when a closer fails, after running the others', async () => {
    const { logger, lines } = quietLogger();
    const { server } = await startHttpServer((_req, res) => res.end('ok'), {
      port: 0,
      host: '127.0.0.1',
    });
    const calls: string[] = [];
    const exits: number[] = [];
    await installGracefulShutdown({
      server,
      logger,
      signals: [],
      exit: (code) => void exits.push(code),
      closers: [
        {
          name: 'producer',
          close: async () => {
            throw new Error('broker gone');
          },
        },
        { name: 'mongo', close: () => void calls.push('mongo') },
      ],
    }).shutdown('test');
    expect(calls).toEqual(['mongo']);
    expect(exits).toEqual([1]);
    expect(lines.some((line) => line.includes('closer failed') && line.includes('producer'))).toBe(
      true,
    );
  });

  it('forces exit 1 when shutdown outlasts its timeout', async () => {
    const { logger } = quietLogger();
    const { server } = await startHttpServer((_req, res) => res.end('ok'), {
      port: 0,
      host: '127.0.0.1',
    });
    const forcedExit = new Promise<number>((resolve) => {
      void installGracefulShutdown({
        server,
        logger,
        signals: [],
        timeoutMs: 200,
        exit: resolve,
        closers: [{ name: 'stuck', close: () => new Promise<void>(() => undefined) }],
      }).shutdown('test');
    });
    expect(await forcedExit).toBe(1);
  });
});
