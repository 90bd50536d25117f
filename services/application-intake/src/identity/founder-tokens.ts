import { TokenIssuer, type IssuedToken } from '@shuangchuang/service-kit';

export type FounderToken = IssuedToken;

/** Founder access tokens (at most 2 h), signed with the platform's private key like every token. */
export class FounderTokens {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly ttlSeconds: number,
  ) {}

  issue(founderId: string): Promise<FounderToken> {
    return this.issuer.issue(
      { sub: founderId, roles: ['founder'], carrierIds: [] },
      this.ttlSeconds,
    );
  }
}
