import type { NewEventOf } from '@shuangchuang/event-backbone';
import { TOKEN_REVOKED_EVENT, type TokenRevocationReason } from '@shuangchuang/service-kit';
import type { IntakeEventMap } from './event-types.js';

/** A founder access token revoked before its expiry: its id and expiry only, never who held it. */
export function tokenRevoked(
  token: { tokenId: string; expiresAt: Date },
  reason: TokenRevocationReason,
  at: Date,
): NewEventOf<IntakeEventMap> {
  return {
    type: TOKEN_REVOKED_EVENT,
    aggregateId: token.tokenId,
    time: at,
    data: {
      tokenId: token.tokenId,
      expiresAt: token.expiresAt.toISOString(),
      revokedAt: at.toISOString(),
      reason,
    },
  };
}
