import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for api.weixin.qq.com: issues access tokens and answers subscribe sends with
 * whatever errcodes the test scripts, recording every call.
 */
export interface FakeWechat {
  baseUrl: string;
  tokenRequests: URLSearchParams[];
  sends: { accessToken: string; body: any }[];
  /** errcodes the next sends answer, in order; 0 once the script runs out */
  script: number[];
  /** the token the next /cgi-bin/token hands out */
  issue(token: string): void;
  /** tokens WeChat no longer accepts (answered with 40001) */
  revoked: Set<string>;
  stop(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export async function startFakeWechat(): Promise<FakeWechat> {
  let nextToken = 'token-1';
  const fake: Omit<FakeWechat, 'baseUrl' | 'stop'> = {
    tokenRequests: [],
    sends: [],
    script: [],
    revoked: new Set(),
    issue(token) {
      nextToken = token;
    },
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/cgi-bin/token') {
      fake.tokenRequests.push(url.searchParams);
      if (url.searchParams.get('secret') !== 'app-secret') {
        res.end(JSON.stringify({ errcode: 40125, errmsg: 'invalid appsecret' }));
        return;
      }
      res.end(JSON.stringify({ access_token: nextToken, expires_in: 7200 }));
      return;
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      const accessToken = url.searchParams.get('access_token') ?? '';
      fake.sends.push({ accessToken, body: JSON.parse(await bodyOf(req)) });
      if (fake.revoked.has(accessToken)) {
        res.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' }));
        return;
      }
      const errcode = fake.script.shift() ?? 0;
      res.end(JSON.stringify({ errcode, errmsg: errcode === 0 ? 'ok' : `scripted ${errcode}` }));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    get tokenRequests() {
      return fake.tokenRequests;
    },
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } as FakeWechat;
}
