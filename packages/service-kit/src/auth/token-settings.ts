// Which keys a service verifies (and, where tokens are issued, signs) platform tokens with, read
// from its environment. Production names its keys and refuses development keys, shared secrets
// and algorithms other than JWT_ALG; development and tests work with nothing set.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import {
  DEVELOPMENT_KID_PREFIX,
  ensureDevelopmentKeys,
  readJwksFile,
  readPrivateKeyFile,
  testProcessKeyPair,
  TOKEN_ALGORITHMS,
  type TokenAlgorithm,
  type TokenJwk,
  type TokenJwks,
} from './token-keys.js';

/** Longest lifetime of a staff token, and the oldest `iat` any service accepts. */
export const STAFF_TOKEN_MAX_SECONDS = 12 * 3600;
/** Longest lifetime of a founder access token (they renew it with their refresh token). */
export const FOUNDER_TOKEN_MAX_SECONDS = 2 * 3600;
/** Where development keys are kept when JWT_KEYS_DIR is not set (relative to the working directory). */
export const DEFAULT_DEVELOPMENT_KEYS_DIR = '.data/jwt-keys';

export const tokenEnvShape = {
  /** the one algorithm tokens are signed with; any other `alg` is refused */
  JWT_ALG: z.enum(TOKEN_ALGORITHMS, { message: 'must be ES256 or EdDSA' }).default('ES256'),
  /** public keys (JWKS JSON file) every service verifies with */
  JWT_JWKS_FILE: z.string().min(1).optional(),
  /** or where to fetch them (https in production); cached and refetched for unknown kids */
  JWT_JWKS_URL: z.string().url('must be a URL').optional(),
  /** the private key (JWK JSON or PKCS#8 PEM), only where tokens are issued */
  JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /** development only: where the generated development key pair lives */
  JWT_KEYS_DIR: z.string().min(1).optional(),
  /** oldest token (by `iat`) accepted, in seconds; at most 12 h */
  JWT_MAX_TOKEN_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(STAFF_TOKEN_MAX_SECONDS)
    .default(STAFF_TOKEN_MAX_SECONDS),
  /** no longer used; refused in production (a shared secret lets its holder mint any role) */
  JWT_SECRET: z.string().optional(),
};

export type TokenEnv = {
  NODE_ENV: 'development' | 'test' | 'production';
  JWT_ALG: TokenAlgorithm;
  JWT_JWKS_FILE?: string;
  JWT_JWKS_URL?: string;
  JWT_PRIVATE_KEY_FILE?: string;
  JWT_KEYS_DIR?: string;
  JWT_MAX_TOKEN_AGE_SECONDS: number;
};

export interface TokenEnvProblem {
  variable: string;
  message: string;
}

/**
 * What production refuses in the token settings, first problem first; nothing outside production.
 * Runs while the config is validated, so the process stops naming the variable.
 */
export function tokenEnvProblems(env: TokenEnv & { JWT_SECRET?: string }): TokenEnvProblem[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: TokenEnvProblem[] = [];
  if (env.JWT_SECRET !== undefined) {
    problems.push({
      variable: 'JWT_SECRET',
      message:
        'is refused when NODE_ENV is production: tokens are signed with an asymmetric key (JWT_PRIVATE_KEY_FILE) and verified with public keys (JWT_JWKS_FILE or JWT_JWKS_URL); a shared secret would let every holder mint any role',
    });
  }
  if (env.JWT_KEYS_DIR !== undefined) {
    problems.push({
      variable: 'JWT_KEYS_DIR',
      message: 'names development keys, which production refuses',
    });
  }
  if (!env.JWT_JWKS_FILE && !env.JWT_JWKS_URL) {
    problems.push({
      variable: 'JWT_JWKS_FILE',
      message: 'is required when NODE_ENV is production (or JWT_JWKS_URL)',
    });
  }
  if (env.JWT_JWKS_URL && !env.JWT_JWKS_URL.startsWith('https://')) {
    problems.push({
      variable: 'JWT_JWKS_URL',
      message: 'must be an https:// URL when NODE_ENV is production',
    });
  }
  const check = (variable: string, read: () => TokenJwk[]) => {
    try {
      for (const key of read()) {
        if (key.kid.startsWith(DEVELOPMENT_KID_PREFIX) || key.kid.startsWith('test-')) {
          throw new Error(`holds the development key ${key.kid}, which production refuses`);
        }
      }
    } catch (error) {
      problems.push({ variable, message: describeFileError(error) });
    }
  };
  if (env.JWT_JWKS_FILE)
    check('JWT_JWKS_FILE', () => readJwksFile(env.JWT_JWKS_FILE!, env.JWT_ALG).keys);
  if (env.JWT_PRIVATE_KEY_FILE) {
    check('JWT_PRIVATE_KEY_FILE', () => [
      readPrivateKeyFile(env.JWT_PRIVATE_KEY_FILE!, env.JWT_ALG),
    ]);
  }
  return problems;
}

function describeFileError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return 'names a file that does not exist';
  if (code === 'EACCES') return 'names a file this process may not read';
  if (error instanceof SyntaxError) return 'is not valid JSON';
  return message;
}

/** How a service verifies tokens: pass it to `createJwtAuth`. */
export interface TokenVerification {
  algorithm: TokenAlgorithm;
  /** the public keys, or where to fetch them */
  jwks: TokenJwks | URL;
  maxTokenAgeSeconds: number;
}

/** How tokens are signed where they are issued: pass it to `TokenIssuer`. */
export interface TokenSigning {
  algorithm: TokenAlgorithm;
  privateJwk: TokenJwk;
}

type PartialTokenEnv = Partial<TokenEnv>;

function withDefaults(env: PartialTokenEnv): TokenEnv {
  return {
    NODE_ENV: env.NODE_ENV ?? 'development',
    JWT_ALG: env.JWT_ALG ?? 'ES256',
    JWT_MAX_TOKEN_AGE_SECONDS: env.JWT_MAX_TOKEN_AGE_SECONDS ?? STAFF_TOKEN_MAX_SECONDS,
    ...(env.JWT_JWKS_FILE && { JWT_JWKS_FILE: env.JWT_JWKS_FILE }),
    ...(env.JWT_JWKS_URL && { JWT_JWKS_URL: env.JWT_JWKS_URL }),
    ...(env.JWT_PRIVATE_KEY_FILE && { JWT_PRIVATE_KEY_FILE: env.JWT_PRIVATE_KEY_FILE }),
    ...(env.JWT_KEYS_DIR && { JWT_KEYS_DIR: env.JWT_KEYS_DIR }),
  };
}

/** The keys of a service started with nothing configured: never in production. */
function fallbackKeys(env: TokenEnv): { privateJwk: TokenJwk; jwks: TokenJwks } {
  if (env.NODE_ENV === 'production') {
    throw new Error('JWT_JWKS_FILE is required when NODE_ENV is production (or JWT_JWKS_URL)');
  }
  if (env.NODE_ENV === 'test' && !env.JWT_KEYS_DIR) return testProcessKeyPair();
  const dir = env.JWT_KEYS_DIR ?? DEFAULT_DEVELOPMENT_KEYS_DIR;
  const files = ensureDevelopmentKeys(isAbsolute(dir) ? dir : resolve(dir), env.JWT_ALG);
  return {
    privateJwk: readPrivateKeyFile(files.privateKeyFile, env.JWT_ALG),
    jwks: readJwksFile(files.jwksFile, env.JWT_ALG),
  };
}

/**
 * The verification keys a service's environment names: JWT_JWKS_FILE or JWT_JWKS_URL; outside
 * production with neither, the development keys (JWT_KEYS_DIR, default `.data/jwt-keys`,
 * generated on first start) or, under NODE_ENV=test, the test process's own in-memory pair.
 */
export function tokenVerification(partial: PartialTokenEnv = {}): TokenVerification {
  const env = withDefaults(partial);
  const jwks = env.JWT_JWKS_URL
    ? new URL(env.JWT_JWKS_URL)
    : env.JWT_JWKS_FILE
      ? readJwksFile(env.JWT_JWKS_FILE, env.JWT_ALG)
      : fallbackKeys(env).jwks;
  return { algorithm: env.JWT_ALG, jwks, maxTokenAgeSeconds: env.JWT_MAX_TOKEN_AGE_SECONDS };
}

/** The signing key where tokens are issued: JWT_PRIVATE_KEY_FILE, or the same fallbacks. */
export function tokenSigning(partial: PartialTokenEnv = {}): TokenSigning {
  const env = withDefaults(partial);
  const privateJwk = env.JWT_PRIVATE_KEY_FILE
    ? readPrivateKeyFile(env.JWT_PRIVATE_KEY_FILE, env.JWT_ALG)
    : fallbackKeys(env).privateJwk;
  return { algorithm: env.JWT_ALG, privateJwk };
}
