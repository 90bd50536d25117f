import type {
  IncubatorCreatedData,
  IncubatorRetiredData,
  IncubatorUpdatedData,
} from '@shuangchuang/contracts';
import type { EventHandler } from '@shuangchuang/event-backbone';
import { startsAccepting } from '../../domain/recipients.js';
import { carrierAcceptingNotice } from '../../domain/templates.js';
import type { NotificationContext } from '../../workflows/notification-context.js';
import { notifyRecipients } from '../../workflows/notify-recipients.js';

/**
 * created/updated carry the carrier's full state: keep its name for the templates, and tell the
 * followers when it starts accepting applications. Late older versions change nothing.
 */
export function onIncubatorUpserted(
  context: NotificationContext,
): EventHandler<IncubatorCreatedData | IncubatorUpdatedData> {
  return async (event, { session }) => {
    const data = event.data;
    const next = {
      _id: data.carrierId,
      name: data.name,
      accepting: data.accepting,
      status: data.status,
      version: data.version,
    };
    const applied = await context.carriers.apply(next, session);
    if (!applied || !startsAccepting(applied.previous, next)) return;
    const follows = await context.audiences.followersOf([data.carrierId], session);
    const notice = carrierAcceptingNotice({ carrierId: data.carrierId, carrierName: data.name });
    await notifyRecipients(
      context,
      event.id,
      follows.map((follow) => ({ userId: follow.userId, notice })),
      session,
    );
  };
}

export function onIncubatorRetired(
  context: NotificationContext,
): EventHandler<IncubatorRetiredData> {
  return async (event, { session }) => {
    await context.carriers.retire(event.data.carrierId, event.data.version, session);
  };
}
