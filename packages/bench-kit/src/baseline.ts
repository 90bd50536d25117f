import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A JSON value that serialises to about `bytes` bytes, shaped like a page of the services' lists
 * (`{ items, nextCursor }`), so the baseline moves a body of the size the service does.
 */
export function jsonBodyOfSize(bytes: number): { items: { id: string; name: string }[] } & {
  nextCursor: null;
} {
  const items: { id: string; name: string }[] = [];
  const body = { items, nextCursor: null };
  const item = (i: number) => ({ id: String(i), name: `青岛高新区众创空间 ${i}` });
  while (JSON.stringify(body).length + JSON.stringify(item(items.length)).length < bytes) {
    items.push(item(items.length));
  }
  return body;
}

export interface BareExpressServer {
  /** `http://127.0.0.1:<port>/bare`: GET answers the body; POST parses a JSON body and answers it too. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The baseline of every HTTP benchmark: express with nothing but a JSON route, on loopback, so a
 * service's figure divided by this one is what the service adds over express itself.
 */
export async function startBareExpressServer(
  options: { body?: unknown; port?: number } = {},
): Promise<BareExpressServer> {
  const body = options.body ?? jsonBodyOfSize(200);
  const app = express();
  app.get('/bare', (_req, res) => {
    res.json(body);
  });
  app.post('/bare', express.json(), (_req, res) => {
    res.json(body);
  });
  const server: Server = app.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/bare`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
