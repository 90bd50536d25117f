import { SignJWT } from 'jose';
import { JWT_AUDIENCE, JWT_ISSUER } from './jwt-auth.js';

export interface DevTokenOptions {
  secret: string;
  sub: string;
  roles: string[];
  carrierIds?: string[];
  name?: string;
  /** jose time span, e.g. `8h`, `30m` */
  ttl?: string;
  issuer?: string;
  audience?: string;
}

/** Signs a token the way the platform's identity would; for development and tests only. */
export async function signDevToken({
  secret,
  sub,
  roles,
  carrierIds = [],
  name,
  ttl = '8h',
  issuer = JWT_ISSUER,
  audience = JWT_AUDIENCE,
}: DevTokenOptions): Promise<string> {
  return new SignJWT({ roles, carrierIds, ...(name ? { name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
