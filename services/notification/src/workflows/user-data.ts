import { requestFingerprint } from '@shuangchuang/service-kit';
import type { NotificationContext } from './notification-context.js';

/** The Idempotency-Key was first used for a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('this Idempotency-Key was already used for a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/**
 * Records what wx.requestSubscribeMessage answered: each `accept` is one send. The key and the
 * grants commit together, so a retried request (same Idempotency-Key) counts once; the same key
 * with different results is refused rather than silently answered as a retry.
 */
export async function recordAuthorisations(
  context: NotificationContext,
  userId: string,
  request: { openId?: string; results: { templateId: string; result: string }[] },
  idempotencyKey: string,
): Promise<void> {
  const keyId = `${userId}|${idempotencyKey}`;
  const fingerprint = requestFingerprint(['subscribe-authorisations', request]);
  const session = await context.connection.startSession();
  try {
    await session.withTransaction(async () => {
      const used = await context.models.idempotencyKeys
        .findById(keyId, { fingerprint: 1 })
        .session(session)
        .lean();
      if (used) {
        // a retry is answered with the ledger as it is; another request under the key is refused
        if (used.fingerprint !== undefined && used.fingerprint !== fingerprint)
          throw new IdempotencyKeyReusedError();
        return;
      }
      await context.models.idempotencyKeys.create(
        [{ _id: keyId, fingerprint, response: null, createdAt: context.now() }],
        { session },
      );
      for (const { templateId, result } of request.results) {
        const granted = result === 'accept' ? 1 : 0;
        await context.ledger.grant(userId, templateId, granted, request.openId, session);
      }
    });
  } finally {
    await session.endSession();
  }
}

/** PIPL access right: everything this service keeps about the user. */
export async function exportUserData(context: NotificationContext, userId: string) {
  const follows = await context.models.follows.find({ userId }).sort({ followedAt: -1 }).lean();
  const carrierNames = new Map(
    (
      await context.models.carriers
        .find({ _id: { $in: follows.map((f) => f.carrierId) } }, { name: 1 })
        .lean()
    ).map((carrier) => [carrier._id, carrier.name]),
  );
  return {
    exportedAt: context.now(),
    userId,
    follows,
    carrierNames,
    inbox: await context.inbox.all(userId),
    preferences: await context.preferences.of(userId),
    authorisations: await context.ledger.of(userId),
  };
}

/** PIPL deletion: follows, inbox, preferences with contacts, ledger, queued and past deliveries. */
export async function deleteUserData(context: NotificationContext, userId: string): Promise<void> {
  await context.audiences.forget(userId);
  await context.inbox.forget(userId);
  await context.preferences.forget(userId);
  await context.ledger.forget(userId);
  await context.deliveries.forget(userId);
  await context.digests.forget(userId);
}
