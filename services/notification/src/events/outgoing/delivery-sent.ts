import type { DeliveryDocument } from '../../data-access/models.js';
import { DELIVERY_SENT, type NewEventOfNotification } from './event-types.js';

/** Ids and channel only: never the address it went to, nor the text. */
export function deliverySent(delivery: DeliveryDocument, at: Date): NewEventOfNotification {
  return {
    type: DELIVERY_SENT,
    aggregateId: delivery._id,
    time: at,
    data: {
      deliveryId: delivery._id,
      notificationId: delivery.notificationId,
      recipientUserId: delivery.userId,
      channel: delivery.channel,
      template: delivery.notice.template,
      sourceEventId: delivery.sourceEventId,
      attempt: delivery.attempts,
      sentAt: at.toISOString(),
    },
  };
}
