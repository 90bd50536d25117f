import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, generateTokenKeyPair, loadConfig, serviceEnvSchema } from '../src/index.js';
import { runTypeScript } from './fixtures/child-process.js';

const validEnv = {
  PORT: '8081',
  MONGO_URL: 'mongodb://127.0.0.1:27017/registry',
  KAFKA_BROKERS: '127.0.0.1:9092, kafka-2.internal:9092',
};

/** loadConfig with the process exit and stderr captured */
function load(env: Record<string, string | undefined>, schema: z.ZodType = serviceEnvSchema()) {
  const errorLines: string[] = [];
  const exitCodes: number[] = [];
  try {
    const config = loadConfig(schema, env, {
      exit: (code) => void exitCodes.push(code),
      writeError: (line) => void errorLines.push(line),
    });
    return { config, errorLines, exitCodes };
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { config: undefined, errorLines, exitCodes };
  }
}

describe('loadConfig with the common service variables', () => {
  it('returns a typed config with defaults (ES256 tokens of at most 12 h)', () => {
    const { config, exitCodes } = load(validEnv);
    expect(exitCodes).toEqual([]);
    expect(config).toEqual({
      NODE_ENV: 'development',
      PORT: 8081,
      LOG_LEVEL: 'info',
      JWT_ALG: 'ES256',
      JWT_MAX_TOKEN_AGE_SECONDS: 43200,
      MONGO_URL: 'mongodb://127.0.0.1:27017/registry',
      KAFKA_BROKERS: ['127.0.0.1:9092', 'kafka-2.internal:9092'],
    });
  });

  it.each([
    [{ ...validEnv, PORT: undefined }, 'config error: PORT is required but missing'],
    [{ ...validEnv, PORT: 'eighty' }, 'config error: PORT expected number, received NaN'],
    [{ ...validEnv, MONGO_URL: 'postgres://db' }, 'config error: MONGO_URL must be a mongodb://'],
    [
      { ...validEnv, KAFKA_BROKERS: 'kafka-1' },
      'config error: KAFKA_BROKERS must be a comma-separated',
    ],
    [{ ...validEnv, LOG_LEVEL: 'loud' }, 'config error: LOG_LEVEL'],
    [
      { ...validEnv, NODE_ENV: 'production' },
      'config error: JWT_JWKS_FILE is required when NODE_ENV is production',
    ],
    [
      { ...validEnv, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(64) },
      'config error: JWT_SECRET is refused when NODE_ENV is production',
    ],
  ])('prints one line naming the variable and exits 1 (%#)', (env, expected) => {
    const { config, errorLines, exitCodes } = load(env);
    expect(config).toBeUndefined();
    expect(exitCodes).toEqual([1]);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(expected);
    expect(errorLines[0]).not.toContain('\n');
  });

  it('accepts production keys and a service’s own variables', () => {
    const jwksFile = join(mkdtempSync(join(tmpdir(), 'config-keys-')), 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify(generateTokenKeyPair().jwks));
    const schema = serviceEnvSchema({
      PORT: z.coerce.number().default(3001),
      WECHAT_APP_ID: z.string().startsWith('wx'),
    });
    const { config } = load(
      {
        ...validEnv,
        PORT: undefined,
        NODE_ENV: 'production',
        JWT_JWKS_FILE: jwksFile,
        WECHAT_APP_ID: 'wx123',
      },
      schema,
    );
    expect(config).toMatchObject({
      PORT: 3001,
      JWT_JWKS_FILE: jwksFile,
      WECHAT_APP_ID: 'wx123',
    });

    const missing = load({ ...validEnv }, schema);
    expect(missing.errorLines).toEqual(['config error: WECHAT_APP_ID is required but missing']);
  });
});

describe('a service process started with a bad environment', () => {
  it('prints exactly one line naming the variable and exits 1', async () => {
    const child = runTypeScript('test/fixtures/demo-service-main.ts', [], {
      ...validEnv,
      KAFKA_BROKERS: 'not a broker list',
    });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.stderr()).toBe(
      'config error: KAFKA_BROKERS must be a comma-separated list of host:port\n',
    );
    expect(child.stdout()).toBe('');
  }, 90_000); // tsx start-up on a busy 2-core machine
});
