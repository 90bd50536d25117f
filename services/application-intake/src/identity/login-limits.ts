import { createHash } from 'node:crypto';
import type { RateLimiter } from '@shuangchuang/service-kit';

/**
 * What keeps logins from being guessed or flooded: per client address (the routes' middleware),
 * per WeChat identity, and new founder accounts per address and in all. A limit set to `off` is
 * undefined here.
 */
export interface LoginLimits {
  perClient?: RateLimiter;
  perIdentity?: RateLimiter;
  accountsPerClient?: RateLimiter;
  accounts?: RateLimiter;
}

/** Counters are keyed by a hash of the openid: the limits store holds no WeChat identifier. */
export const identityKey = (openId: string) =>
  createHash('sha256').update(openId).digest('base64url').slice(0, 22);
