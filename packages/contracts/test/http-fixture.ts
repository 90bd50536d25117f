// A tiny real HTTP server standing in for the services: it answers a few routes the way the
// contracts say and records what it received, so the clients are tested over a real socket.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FixtureServer {
  origin: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export const qidi = {
  id: '665f1c2ab8e4a1f3c9d20001',
  version: 3,
  kind: 'incubator',
  level: 'provincial',
  name: '启迪之星（德州）',
  aliases: ['啟迪之星（德州）'],
  operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
  location: { province: '山东省', city: '德州市' },
  honors: [{ id: 'h-0001', title: '国家级众创空间', level: 'national', issuer: '科技部' }],
  intake: { accepting: true },
  status: 'active',
  createdAt: '2021-12-01T12:24:01Z',
  updatedAt: '2021-12-01T12:30:00Z',
};

function problem(status: number, slug: string, title: string, requestId: string) {
  return { type: `https://errors.shuangchuang.dev/${slug}`, title, status, requestId };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const requestId = String(req.headers['x-request-id'] ?? 'none');
      const send = (status: number, payload: unknown, type = 'application/json') => {
        res.writeHead(status, {
          'content-type': `${type}; charset=utf-8`,
          'x-request-id': requestId,
          ...(status < 300 && payload === qidi ? { etag: `"${qidi.version}"` } : {}),
        });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      const url = new URL(req.url!, 'http://fixture');
      if (req.method === 'GET' && url.pathname === `/api/registry/carriers/${qidi.id}`) {
        return send(200, qidi);
      }
      if (req.method === 'GET' && url.pathname === '/api/registry/carriers') {
        return send(200, {
          items: [
            {
              id: qidi.id,
              kind: qidi.kind,
              name: qidi.name,
              location: qidi.location,
              honorTitles: ['国家级众创空间'],
              accepting: true,
            },
          ],
          nextCursor: null,
          facets: { kind: [{ value: 'incubator', count: 1 }] },
        });
      }
      if (req.method === 'PUT' && url.pathname === `/api/registry/carriers/${qidi.id}`) {
        if (req.headers['if-match'] !== `"${qidi.version}"`) {
          return send(
            412,
            problem(412, 'precondition-failed', '数据已被他人修改', requestId),
            'application/problem+json',
          );
        }
        return send(200, { ...qidi, ...JSON.parse(body), version: qidi.version + 1 });
      }
      if (req.method === 'POST' && url.pathname.endsWith('/submit')) {
        if (!req.headers.authorization?.startsWith('Bearer ')) {
          return send(
            401,
            problem(401, 'unauthorized', '未登录', requestId),
            'application/problem+json',
          );
        }
        return send(
          409,
          problem(409, 'conflict', '该载体暂不接受申请', requestId),
          'application/problem+json',
        );
      }
      if (req.method === 'DELETE' && url.pathname === '/api/notification/follows/' + qidi.id) {
        res.writeHead(204, { 'x-request-id': requestId });
        return res.end();
      }
      send(404, problem(404, 'not-found', '资源不存在', requestId), 'application/problem+json');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
