import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { ForbiddenError, UnauthorizedError } from '../http/problem.js';
import {
  FOUNDER_TOKEN_MAX_SECONDS,
  STAFF_TOKEN_MAX_SECONDS,
  type TokenVerification,
} from './token-settings.js';

export const JWT_ISSUER = 'shuangchuang';
export const JWT_AUDIENCE = 'shuangchuang-api';
const VERIFIED_TOKENS_KEPT = 10_000;

/** The caller, as the token's claims describe them (docs/conventions.md, Identity). */
export interface AuthUser {
  id: string;
  roles: string[];
  /** staff: the carriers they serve; empty for founders */
  carrierIds: string[];
  name?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** set once a bearer token has been verified */
    user?: AuthUser;
  }
}

export interface JwtAuthOptions extends TokenVerification {
  issuer?: string;
  audience?: string;
  /** seconds of clock skew accepted on exp/nbf/iat */
  clockToleranceSeconds?: number;
  /** whether a token id (`jti`) was revoked; see `RevokedTokens` */
  isRevoked?: (tokenId: string) => boolean;
}

export interface JwtAuth {
  /** the user a token stands for; throws UnauthorizedError for a forged, expired or malformed one */
  verify(token: string): Promise<AuthUser>;
  /** verifies the request's bearer token and sets `req.user` (once) */
  authenticate(req: Request): Promise<AuthUser>;
  /** 401 without a valid token, 403 unless the user holds one of the roles (any role when none given) */
  requireRoles(...roles: string[]): RequestHandler;
}

/**
 * Verifies platform tokens: signed with `algorithm` (and no other) by a key of the JWKS, issuer
 * and audience of the platform, `iat` no older than `maxTokenAgeSeconds`, a lifetime within what
 * its roles allow (founder 2 h, staff 12 h), and a `jti` that was not revoked.
 */
export function createJwtAuth({
  algorithm,
  jwks,
  maxTokenAgeSeconds,
  issuer = JWT_ISSUER,
  audience = JWT_AUDIENCE,
  clockToleranceSeconds = 5,
  isRevoked = () => false,
}: JwtAuthOptions): JwtAuth {
  const keys: JWTVerifyGetKey =
    jwks instanceof URL ? createRemoteJWKSet(jwks) : createLocalJWKSet(jwks);

  // A client sends the same token with every request: its signature is checked once, and until
  // it expires (or grows too old) a repeat costs a Map lookup and the revocation check.
  const verified = new Map<string, { user: AuthUser; tokenId: string; validUntilMs: number }>();

  async function verify(token: string): Promise<AuthUser> {
    const known = verified.get(token);
    if (known && Date.now() < known.validUntilMs) {
      if (isRevoked(known.tokenId)) throw new UnauthorizedError('the token was revoked');
      return known.user;
    }
    verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms: [algorithm],
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: maxTokenAgeSeconds,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      });
      const roles = stringArray(payload.roles);
      if (payload.exp! - payload.iat! > maxLifetimeSeconds(roles)) {
        throw new UnauthorizedError('the token lives longer than its roles allow');
      }
      if (isRevoked(payload.jti!)) throw new UnauthorizedError('the token was revoked');
      const user: AuthUser = Object.freeze({
        id: payload.sub!,
        roles: Object.freeze(roles) as string[],
        carrierIds: Object.freeze(stringArray(payload.carrierIds)) as string[],
        ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
      });
      if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
      const validUntil = Math.min(payload.exp!, payload.iat! + maxTokenAgeSeconds);
      verified.set(token, { user, tokenId: payload.jti!, validUntilMs: validUntil * 1000 });
      return user;
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthorizedError('the token expired');
      throw new UnauthorizedError('the token is not valid');
    }
  }

  async function authenticate(req: Request): Promise<AuthUser> {
    if (req.user) return req.user;
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthorizedError('an Authorization: Bearer token is required');
    req.user = await verify(token);
    return req.user;
  }

  function requireRoles(...roles: string[]): RequestHandler {
    return (req: Request, _res: Response, next: NextFunction) => {
      authenticate(req)
        .then((user) => {
          assertHasRole(user, roles);
          next();
        })
        .catch(next);
    };
  }

  return { verify, authenticate, requireRoles };
}

/** A founder token lives at most 2 h, any other at most 12 h. */
export function maxLifetimeSeconds(roles: readonly string[]): number {
  return roles.includes('founder') ? FOUNDER_TOKEN_MAX_SECONDS : STAFF_TOKEN_MAX_SECONDS;
}

export function assertHasRole(user: AuthUser, roles: readonly string[]): void {
  if (roles.length > 0 && !roles.some((role) => user.roles.includes(role))) {
    throw new ForbiddenError(`this requires one of the roles: ${roles.join(', ')}`);
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

function stringArray(claim: unknown): string[] {
  return Array.isArray(claim)
    ? claim.filter((item): item is string => typeof item === 'string')
    : [];
}
