// The gateway origin the weapp build talks to. WeChat only requests https origins on the
// mini-program's domain whitelist; a relative or http URL fails on every request, so the build
// refuses it. A development build for WeChat DevTools (with "不校验合法域名" ticked) may use
// http://127.0.0.1 or http://localhost when TARO_APP_ALLOW_LOCAL_HTTP=true says so explicitly.

export class ApiBaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiBaseUrlError';
  }
}

const LOCAL_HTTP = /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/;
const HTTPS_ORIGIN = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** The value to compile in: '' for H5 (same origin), a checked origin for weapp. */
export function apiBaseUrlFor(
  platform: string | undefined,
  env: Record<string, string | undefined>,
): string {
  const url = (env.TARO_APP_API_BASE_URL ?? '').trim().replace(/\/+$/, '');
  if (platform !== 'weapp') return url;
  if (HTTPS_ORIGIN.test(url)) return url;
  if (env.TARO_APP_ALLOW_LOCAL_HTTP === 'true' && LOCAL_HTTP.test(url)) return url;
  const got = url ? `"${url}"` : 'nothing';
  throw new ApiBaseUrlError(
    `TARO_APP_API_BASE_URL must be the https origin of the gateway for the weapp build ` +
      `(e.g. https://api.example.cn, on the mini-program's request domain whitelist); got ${got}. ` +
      `For WeChat DevTools against a local gateway use npm run build:weapp:dev ` +
      `(http://127.0.0.1:8080 with TARO_APP_ALLOW_LOCAL_HTTP=true).`,
  );
}
