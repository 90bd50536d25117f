import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, generateTokenKeyPair, writeTokenKeyFiles } from '@shuangchuang/service-kit';
import { expect, it } from 'vitest';
import { DEVELOPMENT_WECHAT_TEMPLATES, loadNotificationConfig } from '../../src/config.js';

const QUIET = { exit: () => undefined, writeError: () => undefined };
const load = (env: Record<string, string>) => loadNotificationConfig(env, QUIET);
const BASE = {
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

it('development defaults: port 3004, development template ids, recording sinks', () => {
  const config = load(BASE);
  expect(config.PORT).toBe(3004);
  expect(config.WECHAT_TEMPLATE_IDS).toEqual(DEVELOPMENT_WECHAT_TEMPLATES);
  expect(config.WECHAT_APP_ID).toBeUndefined();
});

it('refuses half a WeChat configuration, naming the variable', () => {
  expect(() => load({ ...BASE, WECHAT_APP_ID: 'wx123' })).toThrow(/WECHAT_APP_SECRET/);
});

function refusal(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('the configuration was accepted');
}

it('refuses production without token keys (or with a shared secret), then without real channels', () => {
  const production = { ...BASE, NODE_ENV: 'production' };
  expect(refusal(production).variable).toBe('JWT_JWKS_FILE');
  const keys = writeTokenKeyFiles(mkdtempSync(join(tmpdir(), 'keys-')), generateTokenKeyPair());
  const withSecret = { ...production, JWT_JWKS_FILE: keys.jwksFile, JWT_SECRET: 'a'.repeat(32) };
  expect(refusal(withSecret).variable).toBe('JWT_SECRET');
  const secret = { ...production, JWT_JWKS_FILE: keys.jwksFile };
  expect(refusal(secret).variable).toBe('WECHAT_APP_ID');
  const wechat = { ...secret, WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's' };
  expect(refusal(wechat).variable).toBe('SMS_PROVIDER_URL');
  const sms = { ...wechat, SMS_PROVIDER_URL: 'https://sms.example.com', SMS_API_KEY: 'k' };
  expect(refusal(sms).variable).toBe('SMTP_URL');
  expect(load({ ...sms, SMTP_URL: 'smtps://u:p@smtp.example.com:465' }).NODE_ENV).toBe(
    'production',
  );
});

it('reads the WeChat template ids as JSON and refuses anything else', () => {
  const config = load({
    ...BASE,
    WECHAT_TEMPLATE_IDS: JSON.stringify({ 'application.status-changed': 'Xq9bW3h5' }),
  });
  expect(config.WECHAT_TEMPLATE_IDS).toEqual({ 'application.status-changed': 'Xq9bW3h5' });
  expect(() => load({ ...BASE, WECHAT_TEMPLATE_IDS: 'not json' })).toThrow(/WECHAT_TEMPLATE_IDS/);
});
