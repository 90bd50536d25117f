import type {
  DeliveryDocument,
  FollowDocument,
  InboxMessageDocument,
} from '../data-access/models.js';

export function followView(follow: FollowDocument, names: Map<string, string>) {
  const name = names.get(follow.carrierId);
  return {
    carrierId: follow.carrierId,
    ...(name ? { carrierName: name } : {}),
    followedAt: follow.followedAt.toISOString(),
  };
}

export function inboxMessageView(message: InboxMessageDocument) {
  return {
    id: message._id,
    category: message.category,
    title: message.title,
    body: message.body,
    ...(message.link?.page ? { link: { page: message.link.page, id: message.link.id } } : {}),
    read: message.read,
    createdAt: message.createdAt.toISOString(),
  };
}

/** The ledger, each template named by the notice it carries when it is one of ours. */
export function ledgerView(
  rows: { templateId: string; remaining: number }[],
  wechatTemplates: Record<string, string>,
) {
  const eventOf = new Map(Object.entries(wechatTemplates).map(([event, id]) => [id, event]));
  return {
    items: rows.map((row) => {
      const event = eventOf.get(row.templateId);
      return { templateId: row.templateId, ...(event ? { event } : {}), remaining: row.remaining };
    }),
  };
}

export function failedDeliveryView(delivery: DeliveryDocument) {
  return {
    deliveryId: delivery._id,
    recipientUserId: delivery.userId,
    channel: delivery.channel,
    template: delivery.notice.template,
    sourceEventId: delivery.sourceEventId,
    attempts: Math.max(1, delivery.attempts),
    reason: delivery.reason ?? { code: 'unknown', message: '' },
    ...(delivery.fallbackChannel ? { fallbackChannel: delivery.fallbackChannel } : {}),
    failedAt: (delivery.failedAt ?? delivery.createdAt).toISOString(),
  };
}
