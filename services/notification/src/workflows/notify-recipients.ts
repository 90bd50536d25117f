import { createHash } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import { dedupeKey } from '../domain/dedupe-key.js';
import type { Notice } from '../domain/notice.js';
import {
  DEFAULT_DIGEST_TIME,
  pushChannelsFor,
  wantsDailyDigest,
  type Preferences,
  type PushChannel,
} from '../domain/preferences.js';
import { releaseTime } from '../domain/quiet-hours.js';
import { nextShanghaiTime } from '../domain/shanghai-clock.js';
import type { DeliveryDocument, DigestEntryDocument } from '../data-access/models.js';
import type { NotificationContext } from './notification-context.js';

/** A short stable id from a dedupe key: the same event and recipient always give the same id. */
export function stableId(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** One recipient told one notice because of one event (or digest). */
export interface Notification {
  sourceEventId: string;
  userId: string;
  notice: Notice;
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
 * Tells each recipient, inside the caller's transaction: the inbox at once, each push channel
 * they chose queued for the dispatcher (after their quiet hours unless urgent). However many
 * notifications: one read of the preferences (unless given), one of the inbox's dedupe keys, one
 * insert of the messages and one of the deliveries. A notification whose inbox message exists
 * (a replay past the consumer's record) is skipped whole: its deliveries were queued with it.
 */
export async function notifyRecipients(
  context: NotificationContext,
  notifications: readonly Notification[],
  session: ClientSession,
  knownPreferences?: Map<string, Preferences>,
): Promise<void> {
  if (notifications.length === 0) return;
  const now = context.now();
  const keyOf = (n: Notification) => dedupeKey(n.sourceEventId, n.userId, 'inbox');
  const taken = await context.inbox.existingKeys(notifications.map(keyOf), session);
  const fresh = notifications.filter((notification) => {
    const key = keyOf(notification);
    if (taken.has(key)) return false;
    taken.add(key); // the same recipient twice in one list (e.g. founder and reviewer) hears once
    return true;
  });
  if (fresh.length === 0) return;
  const missing = fresh.map((n) => n.userId).filter((userId) => !knownPreferences?.has(userId));
  const loaded =
    missing.length > 0 ? await context.preferences.ofMany(missing, session) : new Map();
  const preferencesOf = (userId: string) => knownPreferences?.get(userId) ?? loaded.get(userId)!;

  await context.inbox.insertNew(
    fresh.map((n) => ({ userId: n.userId, notice: n.notice, dedupeKey: keyOf(n), at: now })),
    session,
  );
  const queued: DeliveryDocument[] = [];
  for (const { sourceEventId, userId, notice } of fresh) {
    const preferences = preferencesOf(userId);
    const notBefore = releaseTime(now, preferences.quietHours, notice.urgent);
    for (const channel of pushChannelsFor(preferences)) {
      queued.push(pushDelivery(sourceEventId, userId, channel, notice, notBefore, now));
    }
  }
  await context.deliveries.enqueueNew(queued, session);
}

/** News for followers: held for the digest of those who chose one, told at once to the others. */
export async function notifyFollowersOfNews(
  context: NotificationContext,
  news: readonly (Notification & {
    article: { articleId: string; title: string; carrierNames: string[] };
  })[],
  session: ClientSession,
): Promise<void> {
  if (news.length === 0) return;
  const preferences = await context.preferences.ofMany(
    news.map((n) => n.userId),
    session,
  );
  const now = context.now();
  const told: Notification[] = [];
  const held: DigestEntryDocument[] = [];
  for (const { sourceEventId, userId, notice, article } of news) {
    const chosen = preferences.get(userId)!;
    if (!wantsDailyDigest(chosen)) told.push({ sourceEventId, userId, notice });
    else
      held.push({
        _id: stableId('dig', `${sourceEventId}|${userId}`),
        userId,
        ...article,
        dueAt: nextShanghaiTime(now, chosen.digest?.at ?? DEFAULT_DIGEST_TIME),
        digested: false,
      });
  }
  await notifyRecipients(context, told, session, preferences);
  await context.digests.hold(held, session);
}
