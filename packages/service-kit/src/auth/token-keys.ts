// The keys platform tokens are signed and verified with: an asymmetric pair (ES256 or EdDSA), the
// private key only where tokens are issued, the public keys as a JWKS everywhere else.
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  type JsonWebKey,
} from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/** Key ids of generated development keys start with this; production refuses them. */
export const DEVELOPMENT_KID_PREFIX = 'development-';

/** A JWK as stored in key files: `kty`, `crv`, `x`, (`y`), `kid`, `alg`, and `d` when private. */
export type TokenJwk = JsonWebKey & { kid: string; alg: TokenAlgorithm; use?: 'sig' };

export interface TokenJwks {
  keys: TokenJwk[];
}

export interface TokenKeyPair {
  privateJwk: TokenJwk;
  jwks: TokenJwks;
}

export interface TokenKeyFiles {
  privateKeyFile: string;
  jwksFile: string;
}

const CURVES: Record<TokenAlgorithm, { kty: string; crv: string }> = {
  ES256: { kty: 'EC', crv: 'P-256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
};

/** A new key pair; its `kid` is the RFC 7638 thumbprint, behind `prefix` when given. */
export function generateTokenKeyPair(alg: TokenAlgorithm = 'ES256', prefix = ''): TokenKeyPair {
  const { privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('ed25519');
  const exported = privateKey.export({ format: 'jwk' });
  const kid = prefix + thumbprint(exported);
  const privateJwk: TokenJwk = { ...exported, kid, alg, use: 'sig' };
  return { privateJwk, jwks: { keys: [publicPart(privateJwk)] } };
}

export function publicPart(jwk: TokenJwk): TokenJwk {
  const { d: _d, ...rest } = jwk;
  return rest as TokenJwk;
}

/**
 * Why a key cannot sign or verify tokens of `alg`, or undefined when it can. A shared secret
 * (`oct`), an RSA key or a key of another curve is refused rather than silently accepted.
 */
export function keyProblem(
  jwk: JsonWebKey & { alg?: string },
  alg: TokenAlgorithm,
): string | undefined {
  if (jwk.kty === 'oct')
    return 'holds a shared secret (kty oct); only asymmetric keys are accepted';
  const expected = CURVES[alg];
  if (jwk.kty !== expected.kty || jwk.crv !== expected.crv) {
    return `holds a ${jwk.kty}${jwk.crv ? `/${jwk.crv}` : ''} key, but JWT_ALG ${alg} needs ${expected.kty}/${expected.crv}`;
  }
  if (jwk.alg !== undefined && jwk.alg !== alg) {
    return `holds a key for alg ${jwk.alg}, not the configured JWT_ALG ${alg}`;
  }
  return undefined;
}

/** Reads a private key file: a JWK (JSON) or a PKCS#8 PEM. */
export function readPrivateKeyFile(file: string, alg: TokenAlgorithm): TokenJwk {
  const text = readFileSync(file, 'utf8');
  const parsed: JsonWebKey & { kid?: string; alg?: string } = text.trimStart().startsWith('-----')
    ? createPrivateKey(text).export({ format: 'jwk' })
    : (JSON.parse(text) as JsonWebKey & { kid?: string });
  const problem = keyProblem(parsed, alg);
  if (problem) throw new Error(problem);
  if (!parsed.d) throw new Error('holds no private key (no "d")');
  return { ...parsed, kid: parsed.kid ?? thumbprint(parsed), alg, use: 'sig' };
}

/** Reads a JWKS file (`{ "keys": [...] }`) of public keys. */
export function readJwksFile(file: string, alg: TokenAlgorithm): TokenJwks {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown };
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new Error('is not a JWKS: expected {"keys": [ ...public keys ]}');
  }
  const keys = (parsed.keys as (JsonWebKey & { kid?: string })[]).map((jwk) => {
    const problem = keyProblem(jwk, alg);
    if (problem) throw new Error(problem);
    if (jwk.d) throw new Error(`holds a private key (kid ${jwk.kid}); publish only public keys`);
    if (!jwk.kid) throw new Error('holds a key without a kid');
    return { ...jwk, alg } as TokenJwk;
  });
  return { keys };
}

/** Writes a pair as `private.jwk.json` (mode 600) and `jwks.json` into `dir` (e.g. for tests). */
export function writeTokenKeyFiles(dir: string, pair: TokenKeyPair): TokenKeyFiles {
  mkdirSync(dir, { recursive: true });
  const files = { privateKeyFile: join(dir, 'private.jwk.json'), jwksFile: join(dir, 'jwks.json') };
  writeFileSync(files.privateKeyFile, JSON.stringify(pair.privateJwk, null, 2) + '\n', {
    mode: 0o600,
  });
  writeFileSync(files.jwksFile, JSON.stringify(pair.jwks, null, 2) + '\n');
  return files;
}

/**
 * The development key pair kept in `dir` (`private.jwk.json`, `jwks.json`), generated on first
 * use. Concurrent first starts (several services at once) agree on one pair: each writes its own
 * and links it into place, and whoever comes second reads the winner's.
 */
export function ensureDevelopmentKeys(dir: string, alg: TokenAlgorithm = 'ES256'): TokenKeyFiles {
  const files = { privateKeyFile: join(dir, 'private.jwk.json'), jwksFile: join(dir, 'jwks.json') };
  try {
    readJwksFile(files.jwksFile, alg);
    readPrivateKeyFile(files.privateKeyFile, alg);
    return files;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(
        `the development keys in ${dir} are unusable (${(error as Error).message}); delete the folder to generate new ones`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  const pair = generateTokenKeyPair(alg, DEVELOPMENT_KID_PREFIX);
  const suffix = randomBytes(6).toString('hex');
  const candidate = {
    privateKeyFile: `${files.privateKeyFile}.${suffix}`,
    jwksFile: `${files.jwksFile}.${suffix}`,
  };
  writeFileSync(candidate.privateKeyFile, JSON.stringify(pair.privateJwk, null, 2) + '\n', {
    mode: 0o600,
  });
  writeFileSync(candidate.jwksFile, JSON.stringify(pair.jwks, null, 2) + '\n');
  try {
    // The JWKS goes last: its presence says the pair is complete.
    linkSync(candidate.privateKeyFile, files.privateKeyFile);
    linkSync(candidate.jwksFile, files.jwksFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    waitForJwks(files.jwksFile);
  } finally {
    rmSync(candidate.privateKeyFile, { force: true });
    rmSync(candidate.jwksFile, { force: true });
  }
  return files;
}

function waitForJwks(file: string): void {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      readFileSync(file);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an EC or OKP key. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

let testKeys: TokenKeyPair | undefined;

/**
 * The key pair of this test process, generated in memory on first use: under NODE_ENV=test a
 * service with no keys configured verifies with it and `signDevToken` signs with it, so suites
 * need no key files and never share keys with another process.
 */
export function testProcessKeyPair(): TokenKeyPair {
  testKeys ??= generateTokenKeyPair('ES256', 'test-');
  return testKeys;
}
