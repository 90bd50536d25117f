// Typed clients of the four service APIs on openapi-fetch. Runs in Node, browsers and — through
// fetchFromRequest — the mini-program, so nothing here may import a Node module.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { servicePrefixes, type ServiceName } from '../services.js';

/** A bearer token, or a function returning the current one (undefined: send none). */
export type TokenSource =
  string | (() => string | null | undefined | Promise<string | null | undefined>);

export interface ServiceClientOptions {
  /**
   * Origin the services are reached at (the gateway, or one service in tests), e.g.
   * `http://127.0.0.1:8080`. The service prefix (`/api/registry`…) is added unless present.
   */
  baseUrl: string;
  /** fetch to send with; defaults to globalThis.fetch. In the mini-program: fetchFromRequest(Taro.request). */
  fetch?: (input: Request) => Promise<Response>;
  token?: TokenSource;
  /** Generates the X-Request-Id of a request that has none; defaults to a random UUID. */
  requestId?: () => string;
}

function randomUuid(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (webCrypto?.randomUUID) return webCrypto.randomUUID();
  // Mini-program runtimes lack crypto.randomUUID; a request id needs uniqueness, not secrecy.
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Adds `Authorization: Bearer …` and `X-Request-Id` to every request that lacks them. */
export function identityMiddleware(
  options: Pick<ServiceClientOptions, 'token' | 'requestId'>,
): Middleware {
  const newRequestId = options.requestId ?? randomUuid;
  return {
    async onRequest({ request }) {
      if (!request.headers.has('X-Request-Id')) request.headers.set('X-Request-Id', newRequestId());
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token && !request.headers.has('Authorization')) {
        request.headers.set('Authorization', `Bearer ${token}`);
      }
      return request;
    },
  };
}

export function serviceBaseUrl(service: ServiceName, baseUrl: string): string {
  const origin = baseUrl.replace(/\/+$/, '');
  const prefix = servicePrefixes[service];
  return origin.endsWith(prefix) ? origin : `${origin}${prefix}`;
}

export function createServiceClient<Paths extends object>(
  service: ServiceName,
  options: ServiceClientOptions,
): Client<Paths> {
  const client = createClient<Paths>({
    baseUrl: serviceBaseUrl(service, options.baseUrl),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(identityMiddleware(options));
  return client;
}
