import { SignJWT } from 'jose';
import { JWT_AUDIENCE, JWT_ISSUER, maxLifetimeSeconds } from './jwt-auth.js';
import { TokenIssuer } from './token-issuer.js';
import type { TokenJwk } from './token-keys.js';
import { tokenSigning, type TokenEnv } from './token-settings.js';

export interface DevTokenOptions {
  sub: string;
  roles: string[];
  carrierIds?: string[];
  name?: string;
  /**
   * e.g. `8h`, `30m`, `90s`; negative for an already expired token (tests). Default 8 h, or the
   * 2 h a founder token may live at most.
   */
  ttl?: string;
  /** back-date the token (tests of the maximum token age) */
  issuedAt?: Date;
  /** sign with this private key instead of the environment's (e.g. another pair, to forge) */
  privateJwk?: TokenJwk;
  /**
   * sign HS256 with this shared secret instead: a token every service refuses, for tests of
   * that refusal
   */
  secret?: string;
}

/**
 * Signs a token the way the platform's issuers do, for development and tests: with `privateJwk`,
 * or JWT_PRIVATE_KEY_FILE, or outside production the development keys (the test process's own
 * pair under NODE_ENV=test), the same fallbacks services verify with.
 */
export async function signDevToken(options: DevTokenOptions): Promise<string> {
  const { sub, roles, carrierIds = [], name, issuedAt, privateJwk, secret } = options;
  const ttlSeconds = options.ttl
    ? parseTimeSpan(options.ttl)
    : Math.min(8 * 3600, maxLifetimeSeconds(roles));
  if (secret !== undefined) {
    return new SignJWT({ roles, carrierIds, ...(name ? { name } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(new TextEncoder().encode(secret));
  }
  const signing = privateJwk
    ? { algorithm: privateJwk.alg, privateJwk }
    : tokenSigning(process.env as Partial<TokenEnv>);
  const issued = await new TokenIssuer(signing).issue(
    { sub, roles, carrierIds, ...(name ? { name } : {}) },
    ttlSeconds,
    issuedAt,
  );
  return issued.token;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `30m`, `8h`, `-1h` → seconds. */
export function parseTimeSpan(span: string): number {
  const match = /^(-?\d+(?:\.\d+)?)\s*([smhd])$/.exec(span.trim());
  if (!match) throw new RangeError(`not a time span: ${span} (use e.g. 90s, 30m, 8h)`);
  return Number(match[1]) * UNITS[match[2]!]!;
}
