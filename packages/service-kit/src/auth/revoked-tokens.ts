// The revocation list every service checks tokens against. Revocations travel as events
// (`cn.shuangchuang.identity.token.revoked.v1` on `identity.token.v1`, token id and expiry only);
// each service's consumer group writes them to its own `revoked_tokens` collection (so its
// replicas share them and a restart keeps them), and every replica holds the unexpired ids in
// memory, refreshed from the collection every second: a check costs a Map lookup.
import type { ClientSession, Connection } from 'mongoose';
import type { EventHandlers, Subscription } from '@shuangchuang/event-backbone';

import { pollEvery, type Poller } from '../polling/poll-every.js';
import type { Logger } from '../logging/create-logger.js';

export const TOKEN_REVOKED_EVENT = 'cn.shuangchuang.identity.token.revoked.v1';
export const TOKEN_REVOCATION_TOPIC = 'identity.token.v1';

export type TokenRevocationReason = 'logout' | 'refresh-reuse' | 'account-deleted' | 'operator';

/** The event's data: no personal data, the token id and when the token would have expired. */
export interface TokenRevokedData {
  tokenId: string;
  expiresAt: string;
  revokedAt: string;
  reason: TokenRevocationReason;
}

interface RevokedTokenDocument {
  _id: string;
  expiresAt: Date;
  revokedAt: Date;
}

const COLLECTION = 'revoked_tokens';
// Revocations written by other replicas with clocks a little behind still get read.
const CLOCK_SLACK_MS = 60_000;

export interface RevokedTokensOptions {
  logger: Logger;
  pollIntervalMs?: number;
  now?: () => Date;
}

/** A service's event backbone, whatever event types it declares (their handlers are its own). */
export interface RevocationSource {
  subscribe(group: string, handlers: never): Promise<Subscription>;
}

export class RevokedTokens {
  private readonly ids = new Map<string, number>();
  private readSince = new Date(0);
  private poller?: Poller;
  private subscription?: Subscription;
  private stopped = false;
  private wake?: () => void;

  private constructor(
    private readonly connection: Connection,
    private readonly options: RevokedTokensOptions,
  ) {}

  /** Loads the unexpired revocations of the service's database and keeps them fresh. */
  static async load(connection: Connection, options: RevokedTokensOptions): Promise<RevokedTokens> {
    const list = new RevokedTokens(connection, options);
    // MongoDB's TTL monitor deletes a revocation once the token it names has expired anyway.
    await list.collection().createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await list.collection().createIndex({ revokedAt: 1 });
    await list.refresh();
    list.poller = pollEvery(
      options.pollIntervalMs ?? 1_000,
      () => list.refresh(),
      (err) =>
        options.logger.warn({ err }, 'revoked tokens refresh failed; retrying on the next poll'),
    );
    return list;
  }

  /** For `createJwtAuth({ isRevoked })`. */
  readonly isRevoked = (tokenId: string): boolean => {
    const expiresAt = this.ids.get(tokenId);
    if (expiresAt === undefined) return false;
    if (expiresAt > this.now().getTime()) return true;
    this.ids.delete(tokenId);
    return false;
  };

  /**
   * Consumes the revocation events into this service's collection, in the consumer group
   * `<service>.token-revocations`, once the server listens. It joins in the background (a group
   * join can wait out a crashed member's session) and retries until it has joined: meanwhile the
   * list stays fresh from the collection, which other replicas keep writing.
   */
  follow(backbone: RevocationSource, service: string): void {
    const group = `${service}.token-revocations`;
    const join = async (retryMs: number): Promise<void> => {
      if (this.stopped) return;
      try {
        const handlers: EventHandlers = {
          [TOKEN_REVOKED_EVENT]: async (event, { session }) => {
            await this.record(event.data as TokenRevokedData, session);
          },
        };
        this.subscription = await backbone.subscribe(group, handlers as never);
        // stopped while joining: leave again
        if (this.stopped) await this.subscription.stop();
      } catch (err) {
        if (this.stopped) return;
        this.options.logger.warn({ err, group }, 'joining the token revocations failed; retrying');
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, retryMs).unref();
        });
        return join(Math.min(retryMs * 2, 30_000));
      }
    };
    void join(1_000);
  }

  /** Writes one revocation (inside the consumer's transaction) and applies it here at once. */
  async record(data: TokenRevokedData, session?: ClientSession): Promise<void> {
    const expiresAt = new Date(data.expiresAt);
    await this.collection().updateOne(
      { _id: data.tokenId },
      { $setOnInsert: { expiresAt, revokedAt: this.now() } },
      { upsert: true, session },
    );
    this.ids.set(data.tokenId, expiresAt.getTime());
  }

  /** For a service's closers, before the event backbone's. */
  readonly closer = { name: 'token revocations', close: () => this.stop() };

  async stop(): Promise<void> {
    // a join still under way ends by itself (and the backbone stops what it joined)
    this.stopped = true;
    this.wake?.();
    await this.subscription?.stop();
    await this.poller?.stop();
  }

  private async refresh(): Promise<void> {
    const now = this.now().getTime();
    for (const [tokenId, expiresAt] of this.ids) if (expiresAt <= now) this.ids.delete(tokenId);
    const since = new Date(this.readSince.getTime() - CLOCK_SLACK_MS);
    const documents = await this.collection()
      .find({ revokedAt: { $gte: since }, expiresAt: { $gt: this.now() } })
      .toArray();
    for (const { _id, expiresAt, revokedAt } of documents) {
      this.ids.set(_id, expiresAt.getTime());
      if (revokedAt > this.readSince) this.readSince = revokedAt;
    }
  }

  private collection() {
    return this.connection.db!.collection<RevokedTokenDocument>(COLLECTION);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
