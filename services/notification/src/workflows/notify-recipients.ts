import { createHash } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import { dedupeKey } from '../domain/dedupe-key.js';
import type { Notice } from '../domain/notice.js';
import {
  DEFAULT_DIGEST_TIME,
  pushChannelsFor,
  wantsDailyDigest,
  type PushChannel,
} from '../domain/preferences.js';
import { releaseTime } from '../domain/quiet-hours.js';
import { nextShanghaiTime } from '../domain/shanghai-clock.js';
import type { DeliveryDocument } from '../data-access/models.js';
import type { NotificationContext } from './notification-context.js';

/** A short stable id from a dedupe key: the same event and recipient always give the same id. */
export function stableId(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

export function pushDelivery(
  sourceEventId: string,
  userId: string,
  channel: PushChannel,
  notice: Notice,
  notBefore: Date,
  now: Date,
): DeliveryDocument {
  const key = dedupeKey(sourceEventId, userId, channel);
  return {
    _id: stableId('dlv', key),
    dedupeKey: key,
    notificationId: stableId('ntf', `${sourceEventId}|${userId}`),
    userId,
    channel,
    notice,
    sourceEventId,
    state: 'pending',
    notBefore,
    attempts: 0,
    createdAt: now,
  };
}

/**
 * Tells each recipient, inside the event handler's transaction: the inbox at once, each push
 * channel they chose queued for the dispatcher (after their quiet hours unless urgent).
 */
export async function notifyRecipients(
  context: NotificationContext,
  sourceEventId: string,
  recipients: readonly { userId: string; notice: Notice }[],
  session: ClientSession,
): Promise<void> {
  const now = context.now();
  const queued: DeliveryDocument[] = [];
  for (const { userId, notice } of recipients) {
    const preferences = await context.preferences.of(userId, session);
    await context.inbox.deliver(
      userId,
      notice,
      dedupeKey(sourceEventId, userId, 'inbox'),
      now,
      session,
    );
    const notBefore = releaseTime(now, preferences.quietHours, notice.urgent);
    for (const channel of pushChannelsFor(preferences)) {
      queued.push(pushDelivery(sourceEventId, userId, channel, notice, notBefore, now));
    }
  }
  await context.deliveries.enqueue(queued, session);
}

/** News for a follower: held for the digest when they chose one, otherwise told at once. */
export async function notifyFollowerOfNews(
  context: NotificationContext,
  sourceEventId: string,
  userId: string,
  notice: Notice,
  article: { articleId: string; title: string; carrierNames: string[] },
  session: ClientSession,
): Promise<void> {
  const preferences = await context.preferences.of(userId, session);
  if (!wantsDailyDigest(preferences)) {
    await notifyRecipients(context, sourceEventId, [{ userId, notice }], session);
    return;
  }
  const now = context.now();
  await context.digests.hold(
    {
      _id: stableId('dig', `${sourceEventId}|${userId}`),
      userId,
      ...article,
      dueAt: nextShanghaiTime(now, preferences.digest?.at ?? DEFAULT_DIGEST_TIME),
      digested: false,
    },
    session,
  );
}
