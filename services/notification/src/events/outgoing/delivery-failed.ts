import type { Channel } from '../../domain/preferences.js';
import type { DeliveryDocument } from '../../data-access/models.js';
import { DELIVERY_FAILED, type NewEventOfNotification } from './event-types.js';

export function deliveryFailed(
  delivery: DeliveryDocument,
  failure: { reason: { code: string; message: string }; fallbackChannel?: Channel; at: Date },
): NewEventOfNotification {
  return {
    type: DELIVERY_FAILED,
    aggregateId: delivery._id,
    time: failure.at,
    data: {
      deliveryId: delivery._id,
      notificationId: delivery.notificationId,
      recipientUserId: delivery.userId,
      channel: delivery.channel,
      template: delivery.notice.template,
      sourceEventId: delivery.sourceEventId,
      attempt: delivery.attempts,
      permanent: true,
      reason: failure.reason,
      ...(failure.fallbackChannel ? { fallbackChannel: failure.fallbackChannel } : {}),
      failedAt: failure.at.toISOString(),
    },
  };
}
