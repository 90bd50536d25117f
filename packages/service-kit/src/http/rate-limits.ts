// Rate limits with express-rate-limit, counted in MongoDB so every replica of a service (and every
// gateway) shares one count per client. Refusals are 429 problem+json with `Retry-After` and the
// IETF `RateLimit` / `RateLimit-Policy` headers (draft-ietf-httpapi-ratelimit-headers-08).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  ipKeyGenerator,
  rateLimit,
  type ClientRateLimitInfo,
  type IncrementResponse,
  type Options,
  type Store,
} from 'express-rate-limit';
import type { mongo } from 'mongoose';
import { z } from 'zod';
import { parseTimeSpan } from '../auth/dev-token.js';
import { ProblemError } from './problem.js';

/** `limit` requests per `windowMs`, per key. */
export interface RateLimitSpec {
  limit: number;
  windowMs: number;
}

/**
 * A limit as operators write it: `20/1m`, `5/1h`, `600/60s`, or `off`. For config schemas:
 * `LOGIN_RATE_LIMIT: rateLimitSetting('20/1m')`.
 */
export function rateLimitSetting(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((text, context) => {
      const parsed = parseRateLimit(text);
      if (parsed === undefined) {
        context.addIssue({
          code: 'custom',
          message: 'must be a limit such as 20/1m, 5/1h or 600/60s, or off',
        });
        return z.NEVER;
      }
      return parsed;
    });
}

/** `20/1m` → { limit: 20, windowMs: 60000 }; `off` → null; anything else → undefined. */
export function parseRateLimit(text: string): RateLimitSpec | null | undefined {
  if (text.trim() === 'off') return null;
  const match = /^\s*(\d+)\s*\/\s*(\d*)\s*([smhd])\s*$/.exec(text);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const windowMs = parseTimeSpan(`${match[2] || '1'}${match[3]}`) * 1000;
  return limit >= 1 && windowMs >= 1000 ? { limit, windowMs } : undefined;
}

interface RateLimitDocument {
  _id: string;
  hits: number;
  resetAt: Date;
}

/**
 * express-rate-limit's store on a MongoDB database: one document per limiter and key, fixed
 * windows, counted atomically (`$inc` on the open window; an expired or missing window is
 * replaced by a new one with an upsert, a race on it resolved by the unique `_id`). A TTL index
 * removes windows after they end.
 */
export class MongoRateLimitStore implements Store {
  /** keys are shared by every process using the database (not local to this one) */
  readonly localKeys = false;
  private windowMs = 60_000;
  private indexed?: Promise<unknown>;

  constructor(
    private readonly db: mongo.Db,
    /** distinguishes limiters sharing the collection */
    readonly prefix: string,
    private readonly collectionName = 'rate_limits',
  ) {}

  init(options: Pick<Options, 'windowMs'>): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    await (this.indexed ??= this.collection().createIndex(
      { resetAt: 1 },
      { expireAfterSeconds: 0 },
    ));
    const id = `${this.prefix}:${key}`;
    for (let attempt = 0; ; attempt++) {
      const now = new Date();
      const counted = await this.collection().findOneAndUpdate(
        { _id: id, resetAt: { $gt: now } },
        { $inc: { hits: 1 } },
        { returnDocument: 'after' },
      );
      if (counted) return { totalHits: counted.hits, resetTime: counted.resetAt };
      try {
        const opened = await this.collection().findOneAndUpdate(
          { _id: id, resetAt: { $lte: now } },
          { $set: { hits: 1, resetAt: new Date(now.getTime() + this.windowMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        return { totalHits: opened!.hits, resetTime: opened!.resetAt };
      } catch (error) {
        // another request opened the window first: count in it
        if ((error as { code?: number }).code !== 11000 || attempt >= 3) throw error;
      }
    }
  }

  async decrement(key: string): Promise<void> {
    await this.collection().updateOne(
      { _id: `${this.prefix}:${key}`, hits: { $gt: 0 } },
      { $inc: { hits: -1 } },
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.collection().deleteOne({ _id: `${this.prefix}:${key}` });
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const found = await this.collection().findOne({ _id: `${this.prefix}:${key}` });
    return found && found.resetAt > new Date()
      ? { totalHits: found.hits, resetTime: found.resetAt }
      : undefined;
  }

  private collection() {
    return this.db.collection<RateLimitDocument>(this.collectionName);
  }
}

/** 429 with the headers that tell the client when to come back. */
export class TooManyRequestsError extends ProblemError {
  constructor(detail: string, headers: Record<string, string> = {}) {
    super({ status: 429, slug: 'too-many-requests', title: 'Too Many Requests', detail, headers });
  }
}

/** The rate-limit headers of draft-ietf-httpapi-ratelimit-headers-08 for a refusal. */
export function rateLimitHeaders(
  name: string,
  spec: RateLimitSpec,
  remaining: number,
  resetTime: Date,
): Record<string, string> {
  const seconds = Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
  return {
    'Retry-After': String(seconds),
    RateLimit: `"${name}"; r=${remaining}; t=${seconds}`,
    'RateLimit-Policy': `"${name}"; q=${spec.limit}; w=${Math.ceil(spec.windowMs / 1000)}`,
  };
}

/** The client's address as a limit key: IPv6 clients by their /56, as express-rate-limit advises. */
export function clientAddressKey(req: Request): string {
  // calls ipKeyGenerator itself: express-rate-limit checks a key generator's source for it
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

/** An address (a route's `clientAddress`) as a limit key, as `clientAddressKey` makes it. */
export function addressKey(address: string): string {
  return ipKeyGenerator(address);
}

/**
 * A named limit: as express middleware (`middleware(keyOf)`, headers on every answer) or called
 * from code once the key is known (`consume(key)`, e.g. a WeChat identity after code2session),
 * both counting in the same store.
 */
export class RateLimiter {
  private readonly store: Store;

  constructor(
    readonly name: string,
    readonly spec: RateLimitSpec,
    store: (name: string) => Store,
  ) {
    this.store = store(name);
    void this.store.init?.({ windowMs: spec.windowMs } as Options);
  }

  /** Counts one request for `key`; throws TooManyRequestsError over the limit. */
  async consume(key: string, detail = `too many requests (${this.name})`): Promise<void> {
    const { totalHits, resetTime } = await this.store.increment(key);
    if (totalHits <= this.spec.limit) return;
    const reset = resetTime ?? new Date(Date.now() + this.spec.windowMs);
    throw new TooManyRequestsError(
      `${detail}; retry in ${Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000))} s`,
      rateLimitHeaders(this.name, this.spec, 0, reset),
    );
  }

  middleware(
    keyOf: (req: Request) => string = clientAddressKey,
    detail = `too many requests (${this.name})`,
  ): RequestHandler {
    return rateLimit({
      windowMs: this.spec.windowMs,
      limit: this.spec.limit,
      identifier: this.name,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store: this.store,
      keyGenerator: keyOf,
      // a database hiccup must not lock everyone out (nor let the error become a 500)
      passOnStoreError: true,
      handler: (req: Request, _res: Response, next: NextFunction) => {
        const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit
          ?.resetTime;
        const seconds = resetTime
          ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
          : Math.ceil(this.spec.windowMs / 1000);
        // express-rate-limit has set Retry-After, RateLimit and RateLimit-Policy already
        next(new TooManyRequestsError(`${detail}; retry in ${seconds} s`));
      },
    });
  }
}

/** Limiters of one service, counted in its database (`rate_limits`). */
export function mongoRateLimiters(db: mongo.Db) {
  return (name: string, spec: RateLimitSpec | null): RateLimiter | undefined =>
    spec ? new RateLimiter(name, spec, (prefix) => new MongoRateLimitStore(db, prefix)) : undefined;
}
