import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../src/features/remote';
import { ApiError } from '../src/services/problem';
import { clearSession, developmentCode, login, readSession } from '../src/services/session';
import { fakeApi, memoryStorage, problem } from './fake-api';

describe('session', () => {
  it('logs in with a code, keeps the token and drops it when expired', async () => {
    const storage = memoryStorage();
    const { clients, calls } = fakeApi({
      'POST /api/application-intake/auth/login': () => ({
        body: {
          token: 'jwt',
          tokenType: 'Bearer',
          expiresIn: 7200,
          user: { id: 'wxu_1', roles: ['founder'] },
        },
      }),
    });
    const session = await login(clients.intake, storage, 'dev:alice', 1_000);
    expect(session).toEqual({ token: 'jwt', userId: 'wxu_1', expiresAt: 1_000 + 7_200_000 });
    expect(calls[0]!.body).toEqual({ code: 'dev:alice' });
    expect(readSession(storage, 2_000)?.token).toBe('jwt');
    expect(readSession(storage, 1_000 + 7_200_000)).toBeNull();
    clearSession(storage);
    expect(readSession(storage, 2_000)).toBeNull();
  });

  it('gives H5 a stable development founder, in the exchanger’s dev:<name> form', () => {
    const storage = memoryStorage();
    const code = developmentCode(storage, () => 0.5);
    expect(code).toMatch(/^dev:[A-Za-z0-9_-]{1,64}$/);
    expect(developmentCode(storage, () => 0.1)).toBe(code);
  });

  it('does not store anything when the login is refused', async () => {
    const storage = memoryStorage();
    const { clients } = fakeApi({
      'POST /api/application-intake/auth/login': () => problem(401, 'Unauthorized'),
    });
    await expect(login(clients.intake, storage, 'bad', 0)).rejects.toBeInstanceOf(ApiError);
    expect(storage.data.size).toBe(0);
  });
});

describe('page states', () => {
  it('settles loading into ready, empty or error (with a retry message)', async () => {
    expect(await runLoad(async () => [1])).toEqual({ status: 'ready', data: [1] });
    expect(
      await runLoad(
        async () => [],
        (items) => items.length === 0,
      ),
    ).toEqual({ status: 'empty' });
    const failed = await runLoad(async () => {
      throw new ApiError(503, 'Service Unavailable', undefined);
    });
    expect(failed).toMatchObject({ status: 'error', message: '服务暂时不可用，请稍后重试' });
    expect(await runLoad(async () => Promise.reject(new Error('boom')))).toMatchObject({
      status: 'error',
      message: '出错了，请重试',
    });
  });
});

describe('weapp globals', () => {
  const saved = {
    Headers: globalThis.Headers,
    Request: globalThis.Request,
    Response: globalThis.Response,
    FormData: globalThis.FormData,
  };
  afterEach(() => Object.assign(globalThis, saved));

  it('lets the generated clients run where Request/Response/Headers/FormData are missing', async () => {
    const scope = globalThis as Record<string, unknown>;
    for (const name of Object.keys(saved)) delete scope[name];
    await import('../src/services/platform-globals.weapp');
    expect(globalThis.Request).not.toBe(saved.Request);
    expect(typeof globalThis.FormData).toBe('function');
    const { clients, calls } = fakeApi(
      { 'GET /api/notification/inbox/unread-count': () => ({ body: { unreadCount: 2 } }) },
      'tok',
    );
    const { data } = await clients.notification.GET('/inbox/unread-count');
    expect(data).toEqual({ unreadCount: 2 });
    expect(calls[0]!.header['authorization']).toBe('Bearer tok');
  });
});
