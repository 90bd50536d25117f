// A Taro.request-shaped fake: routes answer by method and path, every call is recorded.
import type { RequestFunction, RequestFunctionOptions } from '@shuangchuang/contracts';
import { createApiClients } from '../src/services/clients';
import type { KeyValueStorage } from '../src/services/session';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  header?: Record<string, string>;
}

export type Route = (call: RecordedCall) => FakeAnswer | Promise<FakeAnswer>;

export interface RecordedCall {
  method: string;
  url: URL;
  header: Record<string, string>;
  body: unknown;
  options: RequestFunctionOptions;
}

export const BASE_URL = 'https://gateway.test';

export function fakeApi(routes: Record<string, Route>, token?: string) {
  const calls: RecordedCall[] = [];
  const request: RequestFunction = async (options) => {
    const url = new URL(options.url);
    const call: RecordedCall = {
      method: options.method,
      url,
      header: options.header,
      body: options.data ? JSON.parse(options.data) : undefined,
      options,
    };
    calls.push(call);
    const route = routes[`${options.method} ${url.pathname}`];
    if (!route) {
      return {
        statusCode: 404,
        header: { 'content-type': 'application/problem+json' },
        data: JSON.stringify({
          title: 'Not Found',
          status: 404,
          detail: `${options.method} ${url.pathname}`,
        }),
      };
    }
    const answer = await route(call);
    const status = answer.status ?? 200;
    return {
      statusCode: status,
      header: {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
        ...answer.header,
      },
      data: answer.body === undefined ? '' : JSON.stringify(answer.body),
    };
  };
  const clients = createApiClients({ baseUrl: BASE_URL, request, ...(token ? { token } : {}) });
  return { clients, calls, request };
}

export function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: (key) => data.get(key),
    set: (key, value) => void data.set(key, value),
    remove: (key) => void data.delete(key),
  };
}

export function problem(
  status: number,
  title: string,
  detail?: string,
  errors?: unknown[],
): FakeAnswer {
  return {
    status,
    body: { type: 'https://errors.shuangchuang.dev/x', title, status, detail, errors },
  };
}
