// Tokens cannot be forged or kept forever: asymmetric keys, one algorithm, a bounded age and
// lifetime, revocable ids, and a production that refuses development keys and shared secrets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  createJwtAuth,
  ensureDevelopmentKeys,
  generateTokenKeyPair,
  loadConfig,
  publicPart,
  serviceEnvSchema,
  signDevToken,
  TokenIssuer,
  tokenVerification,
  type TokenAlgorithm,
  type TokenKeyPair,
} from '../src/index.js';

function verifierOf(pair: TokenKeyPair, extra: { maxTokenAgeSeconds?: number } = {}) {
  return createJwtAuth({
    algorithm: pair.privateJwk.alg,
    jwks: pair.jwks,
    maxTokenAgeSeconds: extra.maxTokenAgeSeconds ?? 12 * 3600,
  });
}

/** A token signed by the key holder with any claims at all (what a compromised issuer could do). */
async function signRaw(
  pair: TokenKeyPair,
  claims: Record<string, unknown>,
  alg: string = pair.privateJwk.alg,
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid: pair.privateJwk.kid })
    .setIssuer('shuangchuang')
    .setAudience('shuangchuang-api')
    .setSubject('staff-1')
    .sign(await importJWK(pair.privateJwk, alg));
}

const now = () => Math.floor(Date.now() / 1000);

describe('tokens signed and verified with an asymmetric pair', () => {
  it.each<TokenAlgorithm>(['ES256', 'EdDSA'])('issue and verify with %s', async (alg) => {
    const pair = generateTokenKeyPair(alg);
    const issued = await new TokenIssuer({ algorithm: alg, privateJwk: pair.privateJwk }).issue(
      { sub: 'staff-1', roles: ['reviewer'], carrierIds: ['c-1'] },
      3600,
    );
    expect(issued.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(issued.expiresIn).toBe(3600);
    const user = await verifierOf(pair).verify(issued.token);
    expect(user).toEqual({ id: 'staff-1', roles: ['reviewer'], carrierIds: ['c-1'] });
    // the public set holds no private part
    expect(pair.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('refuses another pair, the HS256 secret trick with the public key, none and another alg', async () => {
    const pair = generateTokenKeyPair('ES256');
    const verifier = verifierOf(pair);
    const claims = { roles: ['registry-admin'], jti: 'j', iat: now(), exp: now() + 600 };
    const otherPair = await signRaw(generateTokenKeyPair('ES256'), claims);
    // alg confusion: the public key's JSON used as an HMAC secret
    const hmacWithPublicKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: pair.privateJwk.kid })
      .setIssuer('shuangchuang')
      .setAudience('shuangchuang-api')
      .setSubject('staff-1')
      .sign(new TextEncoder().encode(JSON.stringify(publicPart(pair.privateJwk))));
    const eddsaPair = generateTokenKeyPair('EdDSA');
    const otherAlg = await signRaw(
      { privateJwk: { ...eddsaPair.privateJwk, kid: pair.privateJwk.kid }, jwks: eddsaPair.jwks },
      claims,
    );
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url'),
      Buffer.from(
        JSON.stringify({ ...claims, sub: 'x', iss: 'shuangchuang', aud: 'shuangchuang-api' }),
      ).toString('base64url'),
      '',
    ].join('.');
    for (const token of [otherPair, hmacWithPublicKey, otherAlg, unsigned]) {
      await expect(verifier.verify(token), token).rejects.toMatchObject({ status: 401 });
    }
  });

  it('refuses a token older than the maximum age, even before it expires', async () => {
    const pair = generateTokenKeyPair('ES256');
    const issuer = new TokenIssuer({ algorithm: 'ES256', privateJwk: pair.privateJwk });
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    const { token } = await issuer.issue({ sub: 's', roles: ['editor'] }, 8 * 3600, twoHoursAgo);
    await expect(verifierOf(pair).verify(token)).resolves.toMatchObject({ id: 's' });
    await expect(
      verifierOf(pair, { maxTokenAgeSeconds: 3600 }).verify(token),
    ).rejects.toMatchObject({
      status: 401,
    });
  });

  it('refuses lifetimes over 12 h for staff and 2 h for founders, at issue and at verification', async () => {
    const pair = generateTokenKeyPair('ES256');
    const issuer = new TokenIssuer({ algorithm: 'ES256', privateJwk: pair.privateJwk });
    await expect(
      issuer.issue({ sub: 's', roles: ['registry-admin'] }, 100 * 365 * 86400),
    ).rejects.toThrow(/at most 43200 s/);
    await expect(issuer.issue({ sub: 'f', roles: ['founder'] }, 3 * 3600)).rejects.toThrow(
      /at most 7200 s/,
    );

    const verifier = verifierOf(pair);
    const centuryToken = await signRaw(pair, {
      roles: ['registry-admin'],
      jti: 'a',
      iat: now(),
      exp: now() + 100 * 365 * 86400,
    });
    const longFounder = await signRaw(pair, {
      roles: ['founder'],
      jti: 'b',
      iat: now(),
      exp: now() + 3 * 3600,
    });
    for (const token of [centuryToken, longFounder]) {
      await expect(verifier.verify(token)).rejects.toMatchObject({
        detail: 'the token lives longer than its roles allow',
      });
    }
    const withoutId = await signRaw(pair, { roles: ['editor'], iat: now(), exp: now() + 600 });
    await expect(verifier.verify(withoutId)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token it verified before once it has expired', async () => {
    const pair = generateTokenKeyPair('ES256');
    const issuer = new TokenIssuer({ algorithm: 'ES256', privateJwk: pair.privateJwk });
    const verifier = createJwtAuth({
      algorithm: 'ES256',
      jwks: pair.jwks,
      maxTokenAgeSeconds: 12 * 3600,
      clockToleranceSeconds: 0,
    });
    const { token } = await issuer.issue({ sub: 'f', roles: ['founder'] }, 7200);
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'f' });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 7201_000 });
    try {
      await expect(verifier.verify(token)).rejects.toMatchObject({ detail: 'the token expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a revoked token id', async () => {
    const pair = generateTokenKeyPair('ES256');
    const issuer = new TokenIssuer({ algorithm: 'ES256', privateJwk: pair.privateJwk });
    const revoked = new Set<string>();
    const verifier = createJwtAuth({
      algorithm: 'ES256',
      jwks: pair.jwks,
      maxTokenAgeSeconds: 3600,
      isRevoked: (id) => revoked.has(id),
    });
    const { token, tokenId } = await issuer.issue({ sub: 's', roles: ['editor'] }, 600);
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 's' });
    revoked.add(tokenId);
    await expect(verifier.verify(token)).rejects.toMatchObject({ detail: 'the token was revoked' });
  });

  it('verifies through a JWKS URL, keys rotated by kid', async () => {
    const old = generateTokenKeyPair('ES256');
    const current = generateTokenKeyPair('ES256');
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [...old.jwks.keys, ...current.jwks.keys] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const verifier = createJwtAuth(
        tokenVerification({
          NODE_ENV: 'development',
          JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        }),
      );
      for (const pair of [old, current]) {
        const { token } = await new TokenIssuer({
          algorithm: 'ES256',
          privateJwk: pair.privateJwk,
        }).issue({ sub: 'staff-1', roles: ['editor'] }, 600);
        await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'staff-1' });
      }
    } finally {
      server.close();
    }
  });
});

describe('development keys', () => {
  it('are generated once into the folder and used by services and the token helper alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-keys-'));
    const first = ensureDevelopmentKeys(dir);
    const again = ensureDevelopmentKeys(dir);
    expect(again).toEqual(first);
    const verification = tokenVerification({ NODE_ENV: 'development', JWT_KEYS_DIR: dir });
    expect((verification.jwks as { keys: { kid: string }[] }).keys[0]!.kid).toMatch(
      /^development-/,
    );
    const previous = process.env.JWT_KEYS_DIR;
    process.env.JWT_KEYS_DIR = dir;
    process.env.NODE_ENV = 'development';
    try {
      const token = await signDevToken({ sub: 'staff-1', roles: ['editor'] });
      await expect(createJwtAuth(verification).verify(token)).resolves.toMatchObject({
        id: 'staff-1',
      });
    } finally {
      process.env.NODE_ENV = 'test';
      if (previous === undefined) delete process.env.JWT_KEYS_DIR;
      else process.env.JWT_KEYS_DIR = previous;
    }
  });
});

describe('production refuses weak token settings, naming the variable', () => {
  const base = {
    NODE_ENV: 'production',
    PORT: '8080',
    MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0',
    KAFKA_BROKERS: 'kafka:9092',
  };
  const dir = mkdtempSync(join(tmpdir(), 'prod-keys-'));
  const write = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };
  const production = generateTokenKeyPair('ES256');
  const jwksFile = write('jwks.json', production.jwks);
  const privateKeyFile = write('private.json', production.privateJwk);
  const developmentFiles = ensureDevelopmentKeys(join(dir, 'dev'));

  function refusal(env: Record<string, string | undefined>): string {
    const lines: string[] = [];
    expect(() =>
      loadConfig(serviceEnvSchema({ EXTRA: z.string().optional() }), env, {
        exit: () => undefined,
        writeError: (line) => void lines.push(line),
      }),
    ).toThrow(ConfigError);
    expect(lines).toHaveLength(1);
    return lines[0]!;
  }

  it('accepts a JWKS and a private key of the configured algorithm', () => {
    const config = loadConfig(serviceEnvSchema(), {
      ...base,
      JWT_JWKS_FILE: jwksFile,
      JWT_PRIVATE_KEY_FILE: privateKeyFile,
    });
    expect(config).toMatchObject({
      JWT_ALG: 'ES256',
      JWT_JWKS_FILE: jwksFile,
      JWT_MAX_TOKEN_AGE_SECONDS: 43200,
    });
    expect(config).not.toHaveProperty('JWT_SECRET');
  });

  it.each([
    [
      'the published development secret',
      { JWT_SECRET: 'shuangchuang-development-secret-do-not-use-in-production' },
      /^config error: JWT_SECRET is refused/,
    ],
    ['32 × a', { JWT_SECRET: 'a'.repeat(32) }, /^config error: JWT_SECRET is refused/],
    [
      'no keys at all',
      { JWT_JWKS_FILE: undefined },
      /^config error: JWT_JWKS_FILE is required when NODE_ENV is production/,
    ],
    [
      'the development JWKS',
      { JWT_JWKS_FILE: developmentFiles.jwksFile },
      /^config error: JWT_JWKS_FILE holds the development key development-/,
    ],
    [
      'the development private key',
      { JWT_PRIVATE_KEY_FILE: developmentFiles.privateKeyFile },
      /^config error: JWT_PRIVATE_KEY_FILE holds the development key/,
    ],
    [
      'a development keys folder',
      { JWT_KEYS_DIR: '/srv/.data/jwt-keys' },
      /^config error: JWT_KEYS_DIR/,
    ],
    ['HS256', { JWT_ALG: 'HS256' }, /^config error: JWT_ALG must be ES256 or EdDSA/],
    ['none', { JWT_ALG: 'none' }, /^config error: JWT_ALG must be ES256 or EdDSA/],
    [
      'a key of another algorithm',
      { JWT_ALG: 'EdDSA' },
      /^config error: JWT_JWKS_FILE holds a EC\/P-256 key, but JWT_ALG EdDSA needs OKP\/Ed25519/,
    ],
    [
      'a shared secret in the JWKS',
      { JWT_JWKS_FILE: 'oct' },
      /^config error: JWT_JWKS_FILE holds a shared secret/,
    ],
    [
      'a private key in the JWKS',
      { JWT_JWKS_FILE: 'private-in-jwks' },
      /^config error: JWT_JWKS_FILE holds a private key/,
    ],
    [
      'a JWKS over http',
      { JWT_JWKS_FILE: undefined, JWT_JWKS_URL: 'http://keys.internal/jwks.json' },
      /^config error: JWT_JWKS_URL must be an https:\/\/ URL/,
    ],
    [
      'a missing file',
      { JWT_JWKS_FILE: '/nonexistent/jwks.json' },
      /^config error: JWT_JWKS_FILE names a file that does not exist/,
    ],
    [
      'a maximum age over 12 h',
      { JWT_MAX_TOKEN_AGE_SECONDS: String(100 * 365 * 86400) },
      /^config error: JWT_MAX_TOKEN_AGE_SECONDS/,
    ],
  ])('refuses %s', (_name, change, expected) => {
    const files: Record<string, string> = {
      oct: write('oct.json', { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k' }] }),
      'private-in-jwks': write('private-in-jwks.json', { keys: [production.privateJwk] }),
    };
    const env: Record<string, string | undefined> = { ...base, JWT_JWKS_FILE: jwksFile, ...change };
    if (env.JWT_JWKS_FILE && files[env.JWT_JWKS_FILE]) env.JWT_JWKS_FILE = files[env.JWT_JWKS_FILE];
    expect(refusal(env)).toMatch(expected);
  });

  it('refuses an RSA private key', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const file = write('rsa.json', jwk);
    expect(refusal({ ...base, JWT_JWKS_FILE: jwksFile, JWT_PRIVATE_KEY_FILE: file })).toMatch(
      /^config error: JWT_PRIVATE_KEY_FILE holds a RSA key, but JWT_ALG ES256 needs EC\/P-256/,
    );
  });
});
