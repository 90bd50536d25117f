import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientErrorsWithProblems } from '../http/client-errors.js';

export interface RunningHttpServer {
  server: Server;
  port: number;
  /** e.g. `http://127.0.0.1:43117` */
  url: string;
}

/**
 * Listens and resolves once the port is bound (port 0 picks a free one). Requests the HTTP parser
 * refuses (oversized headers or URL, garbage) are answered with problem+json too.
 */
export async function startHttpServer(
  app: RequestListener,
  { port, host = '0.0.0.0' }: { port: number; host?: string },
): Promise<RunningHttpServer> {
  const server = createServer(app);
  answerClientErrorsWithProblems(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { server, port: bound, url: `http://${reachableHost}:${bound}` };
}

/**
 * Runs the rest of a start-up once the server listens, closing the server again if it fails, so a
 * failed start leaves no port open. Services listen before they join their consumer groups: after
 * a crash, joining waits out the dead member's session, and requests need nothing from consumers.
 */
export async function continueStartup<T>(
  running: RunningHttpServer,
  rest: () => Promise<T>,
): Promise<T> {
  try {
    return await rest();
  } catch (error) {
    running.server.closeAllConnections();
    await new Promise((resolve) => running.server.close(resolve));
    throw error;
  }
}
