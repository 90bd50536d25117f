// The API's shapes (components['schemas'] of the contract) from the workflows' words.
import type { NotificationApi } from '@shuangchuang/contracts';
import type { DeliveryDocument, InboxMessageDocument } from '../data-access/models.js';
import type { Preferences } from '../domain/preferences.js';
import type { NamedFollow } from '../workflows/follow-carriers.js';
import type { LedgerRow } from '../workflows/subscribe-authorisations.js';

type Schemas = NotificationApi.components['schemas'];

export function followView({ follow, carrierName }: NamedFollow): Schemas['Follow'] {
  return {
    carrierId: follow.carrierId,
    ...(carrierName !== undefined && { carrierName }),
    followedAt: follow.followedAt.toISOString(),
  };
}

export function inboxMessageView(message: InboxMessageDocument): Schemas['InboxMessage'] {
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

export function preferencesView(preferences: Preferences): Schemas['Preferences'] {
  return { ...preferences, channels: { ...preferences.channels, inbox: true } };
}

/** What the contract's Preferences say, in the service's words. */
export function preferencesOf(body: Schemas['Preferences']): Preferences {
  return body;
}

/** The ledger, each template named by the notice it carries when it is one of ours. */
export function ledgerView(
  rows: readonly LedgerRow[],
  wechatTemplates: Record<string, string>,
): Schemas['AuthorisationLedger'] {
  const eventOf = new Map(Object.entries(wechatTemplates).map(([event, id]) => [id, event]));
  return {
    items: rows.map((row) => {
      const event = eventOf.get(row.templateId);
      return { templateId: row.templateId, ...(event ? { event } : {}), remaining: row.remaining };
    }),
  };
}

export function failedDeliveryView(delivery: DeliveryDocument): Schemas['FailedDelivery'] {
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
