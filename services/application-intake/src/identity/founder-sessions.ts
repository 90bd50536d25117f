import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenRevocationReason } from '@shuangchuang/service-kit';
import type { ClientSession } from 'mongoose';
import type { FounderSessionDocument, FounderSessions } from '../data-access/founder-sessions.js';
import { tokenRevoked } from '../events/outgoing/token-revoked.js';
import { inTransaction } from '@shuangchuang/service-kit';
import type { IntakeContext } from '../workflows/intake-context.js';
import type { FounderTokens } from './founder-tokens.js';

/** The refresh token is missing, unknown, expired, already used or its session ended: log in again. */
export class RefreshRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefreshRefusedError';
  }
}

export interface SessionTokens {
  token: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  founderId: string;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');
const REFRESH_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/**
 * Founder login sessions: a short access token (≤ 2 h) and a refresh token that is exchanged, once,
 * for the next pair. A refresh token presented a second time was copied: the whole session ends
 * and its access tokens are revoked on every service (token-revoked events through the outbox).
 */
export class FounderSessionService {
  constructor(
    private readonly store: FounderSessions,
    private readonly tokens: FounderTokens,
    private readonly context: IntakeContext,
    private readonly refreshTtlSeconds: number,
  ) {}

  async start(founderId: string): Promise<SessionTokens> {
    const now = this.context.now();
    const access = await this.tokens.issue(founderId);
    const secret = newSecret();
    const session: FounderSessionDocument = {
      _id: randomUUID(),
      founderId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.refreshTtlSeconds * 1000),
      currentRefreshHash: hashOf(secret),
      usedRefreshHashes: [],
      accessTokens: [{ tokenId: access.tokenId, expiresAt: access.expiresAt }],
      revokedAt: null,
    };
    await this.store.create(session);
    return this.answer(session, access, secret, now);
  }

  async refresh(refreshToken: string, requestId?: string): Promise<SessionTokens> {
    const [sessionId, presented] = this.parse(refreshToken);
    const now = this.context.now();
    const known = await this.store.find(sessionId);
    if (!known) throw new RefreshRefusedError('the refresh token is not valid');
    const access = await this.tokens.issue(known.founderId);
    const secret = newSecret();
    const presentedHash = hashOf(presented);
    const rotated = await this.store.rotate(
      sessionId,
      presentedHash,
      hashOf(secret),
      { tokenId: access.tokenId, expiresAt: access.expiresAt },
      now,
    );
    if (rotated) return this.answer(rotated, access, secret, now);

    const current = await this.store.find(sessionId);
    if (current && !current.revokedAt && current.usedRefreshHashes.includes(presentedHash)) {
      await this.revoke({ _id: sessionId }, 'refresh-reuse', requestId);
      throw new RefreshRefusedError('the refresh token was already used; the session has ended');
    }
    if (current?.revokedAt) throw new RefreshRefusedError('the session has ended');
    if (current && current.expiresAt <= now)
      throw new RefreshRefusedError('the refresh token expired');
    throw new RefreshRefusedError('the refresh token is not valid');
  }

  /** Logout: ends the session the refresh token belongs to and revokes its access tokens. */
  async end(refreshToken: string, requestId?: string): Promise<void> {
    const [sessionId, presented] = this.parse(refreshToken);
    const current = await this.store.find(sessionId);
    if (!current || current.currentRefreshHash !== hashOf(presented)) {
      throw new RefreshRefusedError('the refresh token is not valid');
    }
    await this.revoke({ _id: sessionId }, 'logout', requestId);
  }

  /** Inside the account deletion's transaction: every session of the founder ends. */
  async endAllOf(founderId: string, session: ClientSession, requestId?: string): Promise<void> {
    await this.revokeIn(session, { founderId }, 'account-deleted', requestId);
    await this.store.removeOf(founderId, session);
  }

  private revoke(
    filter: { _id: string } | { founderId: string },
    reason: TokenRevocationReason,
    requestId?: string,
  ): Promise<void> {
    return inTransaction(this.context.connection, (session) =>
      this.revokeIn(session, filter, reason, requestId),
    );
  }

  private async revokeIn(
    session: ClientSession,
    filter: { _id: string } | { founderId: string },
    reason: TokenRevocationReason,
    requestId?: string,
  ): Promise<void> {
    const now = this.context.now();
    const ended = await this.store.revoke(filter, now, session);
    const live = ended.flatMap((s) => s.accessTokens).filter((t) => t.expiresAt > now);
    if (live.length === 0) return;
    await this.context.outbox.record(
      session,
      live.map((token) => tokenRevoked(token, reason, now)),
      { requestId },
    );
  }

  private parse(refreshToken: string): [sessionId: string, secret: string] {
    const match = REFRESH_TOKEN.exec(refreshToken);
    if (!match) throw new RefreshRefusedError('the refresh token is not valid');
    return [match[1]!, match[2]!];
  }

  private answer(
    session: FounderSessionDocument,
    access: { token: string; expiresIn: number },
    secret: string,
    now: Date,
  ): SessionTokens {
    return {
      token: access.token,
      expiresIn: access.expiresIn,
      refreshToken: `${session._id}.${secret}`,
      refreshExpiresIn: Math.max(
        1,
        Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000),
      ),
      founderId: session.founderId,
    };
  }
}
