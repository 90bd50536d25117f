import { inTransaction, type Logger } from '@shuangchuang/service-kit';
import { AUTHORISATION_USED_UP, type ChannelAdapter } from '../channels/channel.js';
import type { Channel, PushChannel } from '../domain/preferences.js';
import type { DeliveryDocument } from '../data-access/models.js';
import { deliveryFailed } from '../events/outgoing/delivery-failed.js';
import { deliverySent } from '../events/outgoing/delivery-sent.js';
import { pushDelivery } from './notify-recipients.js';
import type { NotificationContext } from './notification-context.js';

export interface DispatchOptions {
  adapters: Partial<Record<PushChannel, ChannelAdapter>>;
  maxAttempts: number;
  /** first retry delay; doubled each attempt */
  backoffMs: number;
  logger: Logger;
}

type Failure = { code: string; message: string };

/** Works off the due push deliveries; returns how many it handled. */
export async function dispatchDueDeliveries(
  context: NotificationContext,
  options: DispatchOptions,
  limit = 100,
): Promise<number> {
  let handled = 0;
  while (handled < limit) {
    const delivery = await context.deliveries.claimNext(context.now());
    if (!delivery) break;
    await dispatchOne(context, options, delivery);
    handled += 1;
  }
  return handled;
}

async function dispatchOne(
  context: NotificationContext,
  options: DispatchOptions,
  delivery: DeliveryDocument,
): Promise<void> {
  const adapter = options.adapters[delivery.channel];
  if (!adapter) {
    await fail(context, delivery, { code: 'no-adapter', message: 'channel not configured' });
    return;
  }
  const preferences = await context.preferences.of(delivery.userId);
  let address: string | undefined;
  let templateId: string | undefined;
  if (delivery.channel === 'wechat_subscribe') {
    templateId = context.wechatTemplates[delivery.notice.template];
    address = templateId ? await context.ledger.openIdOf(delivery.userId) : undefined;
    // Never attempt a send without an authorisation: WeChat would refuse, and count it against us.
    if (!templateId || !address || !(await context.ledger.take(delivery.userId, templateId))) {
      await context.deliveries.markSkipped(delivery._id, {
        code: 'no-authorisation',
        message: '没有可用的订阅消息授权',
      });
      await fallBackToSms(context, delivery, preferences.channels.sms);
      return;
    }
  } else {
    address =
      delivery.channel === 'sms' ? preferences.contacts?.mobile : preferences.contacts?.email;
    if (!address) {
      await fail(context, delivery, { code: 'no-contact', message: '用户未留联系方式' });
      return;
    }
  }

  const outcome = await adapter.send({
    deliveryId: delivery._id,
    userId: delivery.userId,
    address,
    notice: delivery.notice,
    ...(templateId ? { templateId } : {}),
  });
  const now = context.now();
  if (outcome.ok) {
    await inTransaction(context.connection, async (session) => {
      await context.deliveries.markSent(delivery._id, now, session);
      await context.outbox.record(session, [deliverySent(delivery, now)]);
    });
    return;
  }
  const reason = { code: outcome.code, message: outcome.message };
  if (templateId) {
    if (outcome.code === AUTHORISATION_USED_UP)
      await context.ledger.exhaust(delivery.userId, templateId);
    // Not delivered and not used up: the authorisation is still the user's.
    else await context.ledger.grant(delivery.userId, templateId, 1);
  }
  if (outcome.permanent || delivery.attempts >= options.maxAttempts) {
    const smsFallback = delivery.channel === 'wechat_subscribe' && preferences.channels.sms;
    await fail(context, delivery, reason, smsFallback ? 'sms' : 'inbox');
    if (smsFallback) await fallBackToSms(context, delivery, true);
    return;
  }
  const delay = options.backoffMs * 2 ** (delivery.attempts - 1);
  options.logger.warn(
    {
      deliveryId: delivery._id,
      channel: delivery.channel,
      attempt: delivery.attempts,
      code: reason.code,
    },
    'delivery failed, retrying later',
  );
  await context.deliveries.retryLater(delivery._id, new Date(now.getTime() + delay), reason);
}

async function fail(
  context: NotificationContext,
  delivery: DeliveryDocument,
  reason: Failure,
  fallbackChannel: Channel = 'inbox',
): Promise<void> {
  const at = context.now();
  await inTransaction(context.connection, async (session) => {
    await context.deliveries.markFailed(delivery._id, { reason, fallbackChannel, at }, session);
    await context.outbox.record(session, [
      deliveryFailed(delivery, { reason, fallbackChannel, at }),
    ]);
  });
}

/** The inbox already holds the message; SMS too when the user chose it. */
async function fallBackToSms(
  context: NotificationContext,
  delivery: DeliveryDocument,
  smsChosen: boolean,
): Promise<void> {
  if (!smsChosen || delivery.channel !== 'wechat_subscribe') return;
  const now = context.now();
  await context.deliveries.enqueue([
    pushDelivery(delivery.sourceEventId, delivery.userId, 'sms', delivery.notice, now, now),
  ]);
}
