import { describe, expect, it } from 'vitest';
import { ApiBaseUrlError, apiBaseUrlFor } from '../config/api-base-url';

describe('the weapp build’s API origin', () => {
  it('accepts an https origin (a trailing slash dropped)', () => {
    expect(apiBaseUrlFor('weapp', { TARO_APP_API_BASE_URL: 'https://api.shuangchuang.cn/' })).toBe(
      'https://api.shuangchuang.cn',
    );
  });

  it('refuses none, http and a path, saying what to set', () => {
    for (const url of [undefined, '', 'http://api.shuangchuang.cn', '/api', 'https://x.cn/api']) {
      expect(() => apiBaseUrlFor('weapp', { TARO_APP_API_BASE_URL: url })).toThrow(ApiBaseUrlError);
    }
    expect(() => apiBaseUrlFor('weapp', {})).toThrow(/must be the https origin/);
  });

  it('allows http://127.0.0.1 only when a development build says so', () => {
    expect(() =>
      apiBaseUrlFor('weapp', { TARO_APP_API_BASE_URL: 'http://127.0.0.1:8080' }),
    ).toThrow(ApiBaseUrlError);
    expect(
      apiBaseUrlFor('weapp', {
        TARO_APP_API_BASE_URL: 'http://127.0.0.1:8080',
        TARO_APP_ALLOW_LOCAL_HTTP: 'true',
      }),
    ).toBe('http://127.0.0.1:8080');
    expect(() =>
      apiBaseUrlFor('weapp', {
        TARO_APP_API_BASE_URL: 'http://10.0.0.5:8080',
        TARO_APP_ALLOW_LOCAL_HTTP: 'true',
      }),
    ).toThrow(ApiBaseUrlError);
  });

  it('leaves H5 on the same origin', () => {
    expect(apiBaseUrlFor('h5', {})).toBe('');
  });
});
