export interface ApiCallOptions {
  /** sent as `Authorization: Bearer <token>` */
  token?: string;
  /** an object is sent as JSON; a string is sent as it is (for malformed-body tests) */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiCallResult {
  status: number;
  headers: Headers;
  /** the parsed JSON body (problem+json included), or null when empty */
  body: any;
}

export type ApiCall = (
  method: string,
  path: string,
  options?: ApiCallOptions,
) => Promise<ApiCallResult>;

/** How component tests call a service's API over real HTTP: `call('GET', '/carriers')`. */
export function apiCaller(baseUrl: string): ApiCall {
  return async (method, path, { token, body, headers = {} } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
    };
  };
}
