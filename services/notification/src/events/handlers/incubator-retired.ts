import type { IncubatorRetiredData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import type { ClientSession } from 'mongoose';
import type { NotificationContext } from '../../workflows/notification-context.js';

/** A retired carrier can no longer be followed; its name stays for the texts. */
export async function onIncubatorRetired(
  context: NotificationContext,
  event: CloudEvent<IncubatorRetiredData>,
  session: ClientSession,
): Promise<void> {
  await context.carriers.retire(event.data.carrierId, event.data.version, session);
}
