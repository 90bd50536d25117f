import { JWT_AUDIENCE, JWT_ISSUER } from '@shuangchuang/service-kit';
import { SignJWT } from 'jose';

export interface FounderToken {
  token: string;
  expiresIn: number;
}

/** Founder tokens, signed like every platform token so the service kit's auth verifies them. */
export class FounderTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(founderId: string): Promise<FounderToken> {
    const token = await new SignJWT({ roles: ['founder'], carrierIds: [] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(founderId)
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }
}
