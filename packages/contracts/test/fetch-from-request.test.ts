// The mini-program's Taro.request is an outside boundary: these tests stand in for it with
// fake request functions, one recording, one forwarding to a real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIntakeClient,
  createRegistryClient,
  fetchFromRequest,
  type RequestFunction,
  type RequestFunctionOptions,
} from '../src/index.js';
import { qidi, startFixtureServer, type FixtureServer } from './http-fixture.js';

function recordingRequest(answer: Awaited<ReturnType<RequestFunction>>) {
  const calls: RequestFunctionOptions[] = [];
  const request: RequestFunction = async (options) => {
    calls.push(options);
    return answer;
  };
  return { calls, request };
}

// What Taro.request does on H5 and weapp, reduced to the wire: send, answer with text.
const forwardingRequest =
  (origin: string): RequestFunction =>
  async ({ url, method, header, data }) => {
    expect(url.startsWith(origin)).toBe(true);
    const response = await fetch(url, { method, headers: header, body: data });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase())] = value;
    });
    return { statusCode: response.status, header: headers, data: await response.text() };
  };

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

describe('fetchFromRequest', () => {
  it('passes url, method, headers and the JSON body, and asks for raw text', async () => {
    const { calls, request } = recordingRequest({
      statusCode: 200,
      header: { 'Content-Type': 'application/json' },
      data: JSON.stringify({ ...qidi, version: 4 }),
    });
    const registry = createRegistryClient({
      baseUrl: 'https://shuangchuang.dev',
      fetch: fetchFromRequest(request),
      token: 'staff-token',
    });
    const { data } = await registry.POST('/carriers/{carrierId}/retire', {
      params: { path: { carrierId: qidi.id }, header: { 'If-Match': '"3"' } },
      body: { reason: '运营机构注销' },
    });
    expect(data!.version).toBe(4);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe(`https://shuangchuang.dev/api/registry/carriers/${qidi.id}/retire`);
    expect(call!.method).toBe('POST');
    expect(call!.header['authorization']).toBe('Bearer staff-token');
    expect(call!.header['if-match']).toBe('"3"');
    expect(call!.header['content-type']).toBe('application/json');
    expect(call!.header['x-request-id']).toBeTruthy();
    expect(JSON.parse(call!.data!)).toEqual({ reason: '运营机构注销' });
    expect(call!.dataType).toBe('text');
    expect(call!.responseType).toBe('text');
  });

  it('sends no body on GET and accepts a body the runtime already parsed', async () => {
    const { calls, request } = recordingRequest({
      statusCode: 200,
      header: { 'Content-Type': 'application/json' },
      data: qidi,
    });
    const registry = createRegistryClient({
      baseUrl: 'https://shuangchuang.dev',
      fetch: fetchFromRequest(request),
    });
    const { data } = await registry.GET('/carriers/{carrierId}', {
      params: { path: { carrierId: qidi.id } },
    });
    expect(data!.name).toBe('启迪之星（德州）');
    expect(calls[0]!.data).toBeUndefined();
    expect(calls[0]!.method).toBe('GET');
  });

  it('turns a problem answer into a typed error, keeping every header value', async () => {
    const { request } = recordingRequest({
      statusCode: 409,
      header: {
        'Content-Type': 'application/problem+json',
        'X-Request-Id': 'rid-1',
        'Set-Cookie': ['a=1', 'b=2'],
      },
      data: JSON.stringify({
        type: 'https://errors.shuangchuang.dev/conflict',
        title: '当前状态不允许此操作',
        status: 409,
      }),
    });
    const intake = createIntakeClient({
      baseUrl: 'https://shuangchuang.dev',
      fetch: fetchFromRequest(request),
    });
    const { error, response } = await intake.POST('/applications/{applicationId}/withdraw', {
      params: { path: { applicationId: 'a1' } },
      body: { comment: '团队决定先申请创业苗圃。' },
    });
    expect(response.status).toBe(409);
    expect(error!.title).toBe('当前状态不允许此操作');
    expect(response.headers.get('x-request-id')).toBe('rid-1');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
  });

  it('answers 204 without a body and rejects when the request function fails', async () => {
    const { request } = recordingRequest({ statusCode: 204, header: {}, data: '' });
    const adapted = fetchFromRequest(request);
    const response = await adapted(new Request('https://shuangchuang.dev/api/notification/me'));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');

    const failing = fetchFromRequest(async () => {
      throw new Error('request:fail timeout');
    });
    await expect(failing(new Request('https://shuangchuang.dev/x'))).rejects.toThrow('timeout');
  });

  it('works end to end through a request function talking to a real server', async () => {
    const registry = createRegistryClient({
      baseUrl: server.origin,
      fetch: fetchFromRequest(forwardingRequest(server.origin)),
      token: 'founder-token',
    });
    const { data, response } = await registry.GET('/carriers/{carrierId}', {
      params: { path: { carrierId: qidi.id } },
    });
    expect(data!.aliases).toEqual(['啟迪之星（德州）']);
    expect(response.headers.get('etag')).toBe('"3"');
    const sent = server.received.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer founder-token');
    expect(response.headers.get('x-request-id')).toBe(sent.headers['x-request-id']);

    const missing = await registry.GET('/carriers/{carrierId}', {
      params: { path: { carrierId: 'unknown' } },
    });
    expect(missing.error!.type).toBe('https://errors.shuangchuang.dev/not-found');
  });
});
