import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey } from 'jose';
import { JWT_AUDIENCE, JWT_ISSUER, maxLifetimeSeconds } from './jwt-auth.js';
import type { TokenSigning } from './token-settings.js';

export interface TokenClaims {
  sub: string;
  roles: string[];
  /** staff: the carriers they serve */
  carrierIds?: string[];
  /** staff display name */
  name?: string;
}

export interface IssuedToken {
  token: string;
  /** the `jti`: what a revocation names */
  tokenId: string;
  expiresAt: Date;
  expiresIn: number;
}

/** Signs platform tokens with the private key; lives only where tokens are issued. */
export class TokenIssuer {
  private key: Promise<CryptoKey | Uint8Array>;

  constructor(private readonly signing: TokenSigning) {
    this.key = importJWK(signing.privateJwk, signing.algorithm);
  }

  get keyId(): string {
    return this.signing.privateJwk.kid;
  }

  /**
   * A token of the claims, valid for `ttlSeconds` (refused above the lifetime its roles allow);
   * `issuedAt` only for tests of expired or old tokens.
   */
  async issue(
    claims: TokenClaims,
    ttlSeconds: number,
    issuedAt = new Date(),
  ): Promise<IssuedToken> {
    const limit = maxLifetimeSeconds(claims.roles);
    if (ttlSeconds > limit) {
      throw new RangeError(
        `a token with roles ${claims.roles.join(', ')} lives at most ${limit} s, not ${ttlSeconds}`,
      );
    }
    const iat = Math.floor(issuedAt.getTime() / 1000);
    const exp = iat + Math.round(ttlSeconds);
    const tokenId = randomUUID();
    const token = await new SignJWT({
      roles: claims.roles,
      carrierIds: claims.carrierIds ?? [],
      ...(claims.name ? { name: claims.name } : {}),
    })
      .setProtectedHeader({ alg: this.signing.algorithm, typ: 'JWT', kid: this.keyId })
      .setSubject(claims.sub)
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setJti(tokenId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, tokenId, expiresAt: new Date(exp * 1000), expiresIn: exp - iat };
  }
}
