import { describe, expect, it } from 'vitest';
import type { RequestFunction } from '@shuangchuang/contracts';
import { createApiClients } from '../src/services/clients';
import { ApiError, errorMessage, unwrap } from '../src/services/problem';
import { BASE_URL, fakeApi, problem } from './fake-api';

describe('the request adapter (generated clients over a Taro.request-shaped function)', () => {
  it('sends to /api/<service> on the gateway with the query encoded, bearer token and a request id', async () => {
    const { clients, calls } = fakeApi(
      {
        'GET /api/registry/carriers': () => ({ body: { items: [], nextCursor: null, facets: {} } }),
      },
      'tok-123',
    );
    await unwrap(
      clients.registry.GET('/carriers', {
        params: { query: { q: '启迪 qidi', kind: ['incubator', 'maker_space'], accepting: true } },
      }),
    );
    const call = calls[0]!;
    expect(call.url.origin).toBe(BASE_URL);
    expect(call.url.pathname).toBe('/api/registry/carriers');
    expect(call.url.searchParams.get('q')).toBe('启迪 qidi');
    expect(call.url.searchParams.getAll('kind')).toEqual(['incubator', 'maker_space']);
    expect(call.url.searchParams.get('accepting')).toBe('true');
    expect(call.header['authorization']).toBe('Bearer tok-123');
    expect(call.header['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Raw text asked, so Taro never parses (or mangles) the body itself.
    expect(call.options.dataType).toBe('text');
    expect(call.options.responseType).toBe('text');
    expect(call.options.data).toBeUndefined();
  });

  it('sends JSON bodies as text and routes each client to its own service', async () => {
    const { clients, calls } = fakeApi({
      'POST /api/application-intake/auth/login': () => ({
        body: {
          token: 't',
          tokenType: 'Bearer',
          expiresIn: 60,
          user: { id: 'u1', roles: ['founder'] },
        },
      }),
      'PUT /api/notification/follows/abc': () => ({
        body: { carrierId: 'abc', followedAt: '2026-01-01T00:00:00Z' },
      }),
      'GET /api/news-feed/articles': () => ({ body: { items: [], nextCursor: null } }),
    });
    const login = await unwrap(clients.intake.POST('/auth/login', { body: { code: 'dev:alice' } }));
    expect(login.user.id).toBe('u1');
    expect(calls[0]!.options.data).toBe('{"code":"dev:alice"}');
    expect(calls[0]!.header['content-type']).toBe('application/json');
    await unwrap(
      clients.notification.PUT('/follows/{carrierId}', { params: { path: { carrierId: 'abc' } } }),
    );
    await unwrap(clients.newsFeed.GET('/articles'));
    expect(calls.map((c) => c.url.pathname)).toEqual([
      '/api/application-intake/auth/login',
      '/api/notification/follows/abc',
      '/api/news-feed/articles',
    ]);
    expect(calls[0]!.header['authorization']).toBeUndefined();
  });

  it('accepts a body the runtime already parsed, and 204 without a body', async () => {
    const request: RequestFunction = async (options) =>
      options.method === 'DELETE'
        ? { statusCode: 204, header: {}, data: '' }
        : {
            statusCode: 200,
            header: { 'content-type': 'application/json' },
            data: { unreadCount: 4 },
          };
    const clients = createApiClients({ baseUrl: BASE_URL, request, token: () => 'x' });
    expect(await unwrap(clients.notification.GET('/inbox/unread-count'))).toEqual({
      unreadCount: 4,
    });
    await expect(unwrap(clients.notification.DELETE('/me'))).resolves.toBeUndefined();
  });

  it('turns a problem+json answer into an ApiError with the fields, and Chinese messages', async () => {
    const { clients } = fakeApi({
      'POST /api/application-intake/applications': () =>
        problem(400, 'Bad Request', 'invalid body', [
          { path: 'applicant.mobile', message: 'must be a China mainland mobile number' },
        ]),
      'GET /api/registry/carriers/x1': () => problem(500, 'Internal Server Error'),
    });
    const error = await unwrap(
      clients.intake.POST('/applications', {
        params: { header: { 'Idempotency-Key': 'key-12345678' } },
        body: { carrierId: 'c1' },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).fields).toEqual([
      { path: 'applicant.mobile', message: 'must be a China mainland mobile number' },
    ]);
    const serverError = await unwrap(
      clients.registry.GET('/carriers/{carrierId}', { params: { path: { carrierId: 'x1' } } }),
    ).then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e as ApiError,
    );
    expect(serverError.retryable).toBe(true);
    expect(errorMessage(serverError)).toBe('服务暂时不可用，请稍后重试');
  });

  it('explains an Idempotency-Key reused for other content in Chinese', () => {
    const reused = new ApiError(
      422,
      'Unprocessable Content',
      'this Idempotency-Key was already used',
      [{ path: 'Idempotency-Key', message: 'this Idempotency-Key was already used' }],
    );
    expect(errorMessage(reused)).toBe('该操作已用不同内容提交过，请刷新后查看结果');
  });

  it('reports a network failure as status 0 (retryable)', async () => {
    const request: RequestFunction = async () => {
      throw new Error('request:fail timeout');
    };
    const clients = createApiClients({ baseUrl: BASE_URL, request });
    const error = (await unwrap(clients.registry.GET('/statistics')).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error.status).toBe(0);
    expect(error.retryable).toBe(true);
    expect(errorMessage(error)).toBe('网络连接失败，请检查网络后重试');
  });
});
