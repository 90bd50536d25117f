import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginRefusedError, LoginUnavailableError } from '../../src/identity/code-exchanger.js';
import { DevelopmentExchanger } from '../../src/identity/development-exchanger.js';
import { WechatCode2Session } from '../../src/identity/wechat-code2session.js';

// A local stand-in for api.weixin.qq.com answering the way WeChat does (JSON as text/plain).
let server: Server;
let baseUrl: string;
let requests: URL[] = [];
let answer: { status: number; body: string; delayMs?: number };

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(new URL(req.url!, 'http://fake'));
    setTimeout(() => {
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body);
    }, answer.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
});

const client = (timeoutMs = 5000) =>
  new WechatCode2Session({ appId: 'wx1234567890', appSecret: 's3cret', baseUrl, timeoutMs });

const refusal = async (code: string) => {
  const error = await client()
    .exchange(code)
    .catch((e: unknown) => e);
  return error;
};

describe('WeChat code2session adapter', () => {
  it('sends app id, secret, code and grant type, and returns the openid and unionid', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({ openid: 'o-abc', session_key: 'k', unionid: 'u-1' }),
    };
    expect(await client().exchange('081code')).toEqual({ openId: 'o-abc', unionId: 'u-1' });
    expect(requests).toHaveLength(1);
    const url = requests[0]!;
    expect(url.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'wx1234567890',
      secret: 's3cret',
      js_code: '081code',
      grant_type: 'authorization_code',
    });
  });

  it('returns a null unionid when the app is not bound to an open platform account', async () => {
    answer = { status: 200, body: JSON.stringify({ openid: 'o-abc', session_key: 'k' }) };
    expect(await client().exchange('c')).toEqual({ openId: 'o-abc', unionId: null });
  });

  it.each([
    [40029, 'invalid code'],
    [40163, 'code been used'],
    [40226, 'high risk user'],
  ])('refuses the login on errcode %i', async (errcode, errmsg) => {
    answer = { status: 200, body: JSON.stringify({ errcode, errmsg }) };
    const error = await refusal('c');
    expect(error).toBeInstanceOf(LoginRefusedError);
    expect((error as LoginRefusedError).wechatErrcode).toBe(errcode);
  });

  it.each([
    [-1, 'system error'],
    [45011, 'api minute-quota reach limit'],
    [40013, 'invalid appid'],
  ])('reports WeChat unavailable on errcode %i', async (errcode, errmsg) => {
    answer = { status: 200, body: JSON.stringify({ errcode, errmsg }) };
    const error = await refusal('c');
    expect(error).toBeInstanceOf(LoginUnavailableError);
    expect((error as LoginUnavailableError).wechatErrcode).toBe(errcode);
  });

  it('reports WeChat unavailable on HTTP errors, non-JSON answers and a missing openid', async () => {
    answer = { status: 502, body: 'bad gateway' };
    expect(await refusal('c')).toBeInstanceOf(LoginUnavailableError);
    answer = { status: 200, body: '<html>' };
    expect(await refusal('c')).toBeInstanceOf(LoginUnavailableError);
    answer = { status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) };
    expect(await refusal('c')).toBeInstanceOf(LoginUnavailableError);
  });

  it('gives up after its timeout', async () => {
    answer = { status: 200, body: JSON.stringify({ openid: 'late' }), delayMs: 1000 };
    const error = await client(100)
      .exchange('c')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginUnavailableError);
  });

  it('never puts the secret in error messages', async () => {
    answer = { status: 200, body: JSON.stringify({ errcode: 40013, errmsg: 'invalid appid' }) };
    expect(String(await refusal('c'))).not.toContain('s3cret');
  });
});

describe('development exchanger', () => {
  it('maps dev:<name> to a stable development openid', async () => {
    const exchanger = new DevelopmentExchanger();
    expect(await exchanger.exchange('dev:alice')).toEqual({
      openId: 'dev-openid-alice',
      unionId: null,
    });
    expect(await exchanger.exchange('dev:alice')).toEqual(await exchanger.exchange('dev:alice'));
  });
  it('refuses anything else', async () => {
    await expect(new DevelopmentExchanger().exchange('081realcode')).rejects.toBeInstanceOf(
      LoginRefusedError,
    );
  });
});
