import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, generateTokenKeyPair, writeTokenKeyFiles } from '@shuangchuang/service-kit';
import { describe, expect, it, vi } from 'vitest';
import { loadIntakeConfig } from '../src/config.js';

const keys = writeTokenKeyFiles(mkdtempSync(join(tmpdir(), 'keys-')), generateTokenKeyPair());
const base = { MONGO_URL: 'mongodb://127.0.0.1:27017/intake', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('configuration', () => {
  it('defaults to the development exchanger and port 3003', () => {
    const config = loadIntakeConfig(base);
    expect(config).toMatchObject({ PORT: 3003, FOUNDER_TOKEN_TTL_SECONDS: 7200 });
    expect(config.WECHAT_APP_ID).toBeUndefined();
  });

  it.each([
    [{ ...base, WECHAT_APP_ID: 'wx123' }, 'WECHAT_APP_SECRET'],
    [{ ...base, NODE_ENV: 'production', JWT_JWKS_FILE: keys.jwksFile }, 'WECHAT_APP_ID'],
    [{ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, 'JWT_SECRET'],
    [{ ...base, FOUNDER_TOKEN_TTL_SECONDS: String(100 * 86_400) }, 'FOUNDER_TOKEN_TTL_SECONDS'],
    [{ ...base, WECHAT_API_BASE_URL: 'not a url' }, 'WECHAT_API_BASE_URL'],
    [{ KAFKA_BROKERS: '127.0.0.1:9092' }, 'MONGO_URL'],
  ])('refuses to start, naming the variable (%#)', (env, variable) => {
    const exit = vi.fn();
    const lines: string[] = [];
    expect(() =>
      loadIntakeConfig(env as Record<string, string>, { exit, writeError: (l) => lines.push(l) }),
    ).toThrow(ConfigError);
    expect(exit).toHaveBeenCalledWith(1);
    expect(lines[0]).toMatch(new RegExp(`^config error: ${variable} `));
  });
});
