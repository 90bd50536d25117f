/**
 * The app's access token for WeChat's server API: fetched with the app id and secret, cached
 * until shortly before it expires, fetched again when WeChat says it is invalid (40001) or
 * expired (42001). Concurrent callers share one refresh.
 */
export class WechatAccessToken {
  private cached: { token: string; expiresAt: number } | undefined;
  private refreshing: Promise<string> | undefined;

  constructor(
    private readonly options: {
      appId: string;
      appSecret: string;
      baseUrl: string;
      timeoutMs: number;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async get(): Promise<string> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.token;
    return this.refresh();
  }

  /** Forgets `stale` (if it is still the cached one) and fetches a new token. */
  async renew(stale: string): Promise<string> {
    if (this.cached?.token === stale) this.cached = undefined;
    return this.get();
  }

  private refresh(): Promise<string> {
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL('/cgi-bin/token', this.options.baseUrl);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', this.options.appId);
    url.searchParams.set('secret', this.options.appSecret);
    const response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    const body = (await response.json()) as {
      access_token?: string;
      expires_in?: number;
      errcode?: number;
      errmsg?: string;
    };
    if (!body.access_token) {
      throw new WechatTokenError(String(body.errcode ?? response.status), body.errmsg ?? '');
    }
    // Refresh five minutes early: a token used right at its expiry fails with 42001.
    const lifetimeMs = Math.max(60, (body.expires_in ?? 7200) - 300) * 1000;
    this.cached = { token: body.access_token, expiresAt: this.now() + lifetimeMs };
    return body.access_token;
  }
}

export class WechatTokenError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`WeChat refused an access token (${code}): ${message}`);
  }
}
