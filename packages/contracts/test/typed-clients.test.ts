import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createIntakeClient,
  createNotificationClient,
  createRegistryClient,
  serviceBaseUrl,
  type RegistryApi,
} from '../src/index.js';
import { qidi, startFixtureServer, type FixtureServer } from './http-fixture.js';

type Carrier = RegistryApi.components['schemas']['Carrier'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

describe('typed clients over a real HTTP server', () => {
  it('gets a carrier as the generated Carrier type, with a request id', async () => {
    const registry = createRegistryClient({ baseUrl: server.origin });
    const { data, error, response } = await registry.GET('/carriers/{carrierId}', {
      params: { path: { carrierId: qidi.id } },
    });
    expect(error).toBeUndefined();
    expectTypeOf(data!).toEqualTypeOf<Carrier>();
    expect(data!.name).toBe('启迪之星（德州）');
    expect(data!.honors[0]!.title).toBe('国家级众创空间');
    expect(response.headers.get('etag')).toBe('"3"');
    const sent = server.received.at(-1)!;
    expect(sent.url).toBe(`/api/registry/carriers/${qidi.id}`);
    expect(sent.headers['x-request-id']).toMatch(uuid);
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('serialises search filters as the document says (form, exploded)', async () => {
    const registry = createRegistryClient({ baseUrl: server.origin });
    const { data } = await registry.GET('/carriers', {
      params: {
        query: { q: '青島', kind: ['incubator', 'accelerator'], accepting: true, limit: 5 },
      },
    });
    expect(data!.items[0]!.honorTitles).toEqual(['国家级众创空间']);
    expect(data!.nextCursor).toBeNull();
    const url = new URL(server.received.at(-1)!.url, 'http://x');
    expect(url.searchParams.get('q')).toBe('青島');
    expect(url.searchParams.getAll('kind')).toEqual(['incubator', 'accelerator']);
    expect(url.searchParams.get('accepting')).toBe('true');
  });

  it('sends If-Match and gets a typed problem on a stale write', async () => {
    const registry = createRegistryClient({ baseUrl: server.origin, token: 'staff-token' });
    const body = {
      kind: 'incubator' as const,
      name: '启迪之星（德州）',
      operator: qidi.operator as RegistryApi.components['schemas']['Operator'],
      location: qidi.location,
    };
    const stale = await registry.PUT('/carriers/{carrierId}', {
      params: { path: { carrierId: qidi.id }, header: { 'If-Match': '"2"' } },
      body,
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error!.type).toBe('https://errors.shuangchuang.dev/precondition-failed');
    expect(stale.response.headers.get('content-type')).toContain('application/problem+json');

    const fresh = await registry.PUT('/carriers/{carrierId}', {
      params: { path: { carrierId: qidi.id }, header: { 'If-Match': '"3"' } },
      body,
    });
    expect(fresh.data!.version).toBe(4);
    const sent = server.received.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer staff-token');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual(body);
  });

  it('takes the token from a function and keeps a caller-chosen request id', async () => {
    const session: { token?: string } = {};
    const intake = createIntakeClient({ baseUrl: server.origin, token: async () => session.token });
    const anonymous = await intake.POST('/applications/{applicationId}/submit', {
      params: {
        path: { applicationId: '6661b2c3d4e5f6a7b8c90001' },
        header: { 'Idempotency-Key': '5f0c6a8e-2b1d-4c3e-9f7a-1b2c3d4e5f60' },
      },
    });
    expect(anonymous.response.status).toBe(401);

    session.token = 'founder-token';
    const submitted = await intake.POST('/applications/{applicationId}/submit', {
      params: {
        path: { applicationId: '6661b2c3d4e5f6a7b8c90001' },
        header: { 'Idempotency-Key': '5f0c6a8e-2b1d-4c3e-9f7a-1b2c3d4e5f60' },
      },
      headers: { 'X-Request-Id': 'chosen-request-id' },
    });
    expect(submitted.response.status).toBe(409);
    expect(submitted.error!.title).toBe('该载体暂不接受申请');
    expect(submitted.error!.requestId).toBe('chosen-request-id');
    const sent = server.received.at(-1)!;
    expect(sent.url).toBe('/api/application-intake/applications/6661b2c3d4e5f6a7b8c90001/submit');
    expect(sent.headers.authorization).toBe('Bearer founder-token');
    expect(sent.headers['idempotency-key']).toBe('5f0c6a8e-2b1d-4c3e-9f7a-1b2c3d4e5f60');
  });

  it('handles 204 and unknown routes', async () => {
    const notification = createNotificationClient({ baseUrl: `${server.origin}/`, token: 't' });
    const unfollowed = await notification.DELETE('/follows/{carrierId}', {
      params: { path: { carrierId: qidi.id } },
    });
    expect(unfollowed.response.status).toBe(204);
    expect(unfollowed.error).toBeUndefined();
    const missing = await notification.GET('/inbox', {});
    expect(missing.error!.status).toBe(404);
  });

  it('adds the service prefix once', () => {
    expect(serviceBaseUrl('registry', 'http://gw:8080')).toBe('http://gw:8080/api/registry');
    expect(serviceBaseUrl('registry', 'http://gw:8080/api/registry/')).toBe(
      'http://gw:8080/api/registry',
    );
    expect(serviceBaseUrl('news-feed', 'https://shuangchuang.dev/')).toBe(
      'https://shuangchuang.dev/api/news-feed',
    );
  });

  it('rejects wrong shapes at compile time', () => {
    const registry = createRegistryClient({ baseUrl: server.origin });
    const compileOnly = () => {
      // @ts-expect-error unknown path
      void registry.GET('/carrier/{carrierId}', { params: { path: { carrierId: 'x' } } });
      void registry.GET('/carriers', {
        // @ts-expect-error kind is an enum of the glossary
        params: { query: { kind: ['startup_cafe'] } },
      });
    };
    expect(typeof compileOnly).toBe('function');
  });
});
