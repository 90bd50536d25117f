import { inTransaction } from '@shuangchuang/service-kit';
import { newsDigestNotice } from '../domain/templates.js';
import { shanghaiDay } from '../domain/shanghai-clock.js';
import { notifyRecipients, stableId } from './notify-recipients.js';
import type { NotificationContext } from './notification-context.js';

/**
 * Sends each user whose digest time has come one message with the news held for them.
 * The digest's id comes from the entries it holds, so running twice sends it once.
 */
export async function sendDueDigests(context: NotificationContext): Promise<number> {
  const now = context.now();
  let sent = 0;
  for (const userId of await context.digests.dueUsers(now)) {
    const digested = await inTransaction(context.connection, async (session) => {
      const entries = await context.digests.due(userId, now, session);
      if (entries.length === 0) return false;
      const digestId = stableId('digest', entries.map((entry) => entry._id).join(','));
      const notice = newsDigestNotice(shanghaiDay(now), entries);
      await notifyRecipients(context, [{ sourceEventId: digestId, userId, notice }], session);
      await context.digests.markDigested(
        entries.map((entry) => entry._id),
        session,
      );
      return true;
    });
    if (digested) sent += 1;
  }
  return sent;
}
