// What the notification service is made of; main.ts starts it, tests start it in-process.
import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import {
  defineService,
  pollEvery,
  TOKEN_REVOCATION_TOPIC,
  type Logger,
} from '@shuangchuang/service-kit';
import { toProblem } from './api/problems.js';
import { notificationRoutes } from './api/routes.js';
import type { ChannelAdapter } from './channels/channel.js';
import { RecordingChannel } from './channels/development-sink/recording-channel.js';
import { SmtpEmailChannel } from './channels/email/smtp-email-channel.js';
import { SmsProviderChannel } from './channels/sms/sms-provider-channel.js';
import { WechatAccessToken } from './channels/wechat-subscribe/wechat-access-token.js';
import { WechatSubscribeChannel } from './channels/wechat-subscribe/wechat-subscribe-channel.js';
import type { NotificationConfig } from './config.js';
import type { PushChannel } from './domain/preferences.js';
import { Audiences } from './data-access/audiences.js';
import { AuthorisationLedger } from './data-access/authorisation-ledger.js';
import { CarrierReadModel } from './data-access/carrier-read-model.js';
import { DeliveryStore } from './data-access/delivery-store.js';
import { DigestStore } from './data-access/digest-store.js';
import { FanOutStore } from './data-access/fan-out-store.js';
import { InboxStore } from './data-access/inbox-store.js';
import { notificationModels } from './data-access/models.js';
import { PreferenceStore } from './data-access/preference-store.js';
import { subscribeToIntake } from './events/handlers/intake-subscription.js';
import { subscribeToNews } from './events/handlers/news-subscription.js';
import { subscribeToRegistry } from './events/handlers/registry-subscription.js';
import type { NotificationEventMap } from './events/outgoing/event-types.js';
import { dispatchDueDeliveries, type DispatchOptions } from './workflows/dispatch-deliveries.js';
import type { NotificationContext } from './workflows/notification-context.js';
import { sendDueDigests } from './workflows/send-digests.js';
import { createFanOutWorker, type FanOutWorkerOptions } from './workflows/tell-followers.js';

/** What tests replace in a service otherwise built as in production. */
export interface NotificationOverrides {
  /** channel adapters (e.g. a scripted SMS provider) */
  adapters?: Partial<Record<PushChannel, ChannelAdapter>>;
  /** false: no dispatcher, digest or fan-out timers; tests call the exposed `…Now()` */
  background?: boolean;
  /** called after each committed fan-out chunk (a test stops a worker between chunks) */
  afterFanOutChunk?: FanOutWorkerOptions['afterChunk'];
}

/** The service with some parts replaced (tests); `notificationService` is the production one. */
export function notificationServiceWith(overrides: NotificationOverrides = {}) {
  return defineService<NotificationConfig, NotificationEventMap>()({
    name: 'notification',
    apiSpec: openapiDocumentPath('notification'),
    events: {
      catalog: eventCatalog,
      // ours, and those we consume (the sources and the token revocations): a consumer that
      // joins before a topic's owner has started would otherwise have the broker auto-create it
      // with the broker's defaults (one partition), which the owner's ensureTopics then keeps
      topics: topicDeclarations.filter(
        (topic) =>
          /^(notification|intake|news|registry)\./.test(topic.name) ||
          topic.name === TOKEN_REVOCATION_TOPIC,
      ),
    },
    models: notificationModels,
    // its own Idempotency-Key records, before the kit's idempotent_requests
    retiredCollections: ['idempotency_keys'],

    async build({ config, logger, connection, models, backbone, idempotency, now }) {
      const context: NotificationContext = {
        connection,
        carriers: new CarrierReadModel(models),
        audiences: new Audiences(models),
        inbox: new InboxStore(models),
        preferences: new PreferenceStore(models),
        ledger: new AuthorisationLedger(models),
        deliveries: new DeliveryStore(models),
        digests: new DigestStore(models),
        fanOutJobs: new FanOutStore(models),
        outbox: backbone.outbox,
        idempotency,
        fanOut: { chunkSize: config.FANOUT_CHUNK_SIZE },
        wechatTemplates: config.WECHAT_TEMPLATE_IDS,
        now,
      };
      const adapters = { ...adaptersFor(config, logger), ...overrides.adapters };
      const dispatch: DispatchOptions = {
        adapters,
        maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
        backoffMs: config.DELIVERY_BACKOFF_MS,
        logger,
      };
      const fanOut = createFanOutWorker(context, {
        leaseMs: config.FANOUT_LEASE_MS,
        logger,
        ...(overrides.afterFanOutChunk && { afterChunk: overrides.afterFanOutChunk }),
      });
      const dispatchNow = () => dispatchDueDeliveries(context, dispatch);
      const sendDigestsNow = () => sendDueDigests(context);
      const fanOutNow = () => fanOut.runOnce();
      const failed = (name: string) => (err: unknown) => logger.error({ err }, `${name} failed`);
      const timers: { stop(): Promise<void> }[] = [];
      const subscriptions: { stop(): Promise<void> }[] = [];

      return {
        routes: notificationRoutes(context),
        toProblem,
        async afterListening() {
          subscriptions.push(
            await subscribeToRegistry(backbone, context),
            await subscribeToIntake(backbone, context),
            await subscribeToNews(backbone, context),
          );
          if (overrides.background === false) return;
          timers.push(
            pollEvery(
              config.DISPATCH_INTERVAL_MS,
              async () => void (await dispatchNow()),
              failed('delivery dispatch'),
            ),
            pollEvery(
              config.DIGEST_INTERVAL_MS,
              async () => void (await sendDigestsNow()),
              failed('daily digest'),
            ),
            pollEvery(
              config.FANOUT_POLL_MS,
              async () => void (await fanOutNow()),
              failed('fan-out'),
            ),
          );
        },
        closers: [
          {
            name: 'dispatcher, digest and fan-out timers',
            close: async () => {
              fanOut.stop();
              await Promise.all(timers.map((timer) => timer.stop()));
            },
          },
          {
            name: 'source consumers',
            close: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))),
          },
          {
            name: 'smtp',
            close: () => {
              if (adapters.email instanceof SmtpEmailChannel) adapters.email.close();
            },
          },
        ],
        exposed: { context, adapters, dispatchNow, sendDigestsNow, fanOutNow },
      };
    },
  });
}

export const notificationService = notificationServiceWith();

function adaptersFor(
  config: NotificationConfig,
  logger: Logger,
): Record<PushChannel, ChannelAdapter> {
  const recordTo = (channel: PushChannel) =>
    new RecordingChannel(channel, (message) =>
      logger.info(
        { channel, deliveryId: message.deliveryId, template: message.notice.template },
        'development sink: message recorded, not sent',
      ),
    );
  return {
    wechat_subscribe:
      config.WECHAT_APP_ID && config.WECHAT_APP_SECRET
        ? new WechatSubscribeChannel(
            new WechatAccessToken({
              appId: config.WECHAT_APP_ID,
              appSecret: config.WECHAT_APP_SECRET,
              baseUrl: config.WECHAT_API_BASE_URL,
              timeoutMs: config.WECHAT_TIMEOUT_MS,
            }),
            { baseUrl: config.WECHAT_API_BASE_URL, timeoutMs: config.WECHAT_TIMEOUT_MS },
          )
        : recordTo('wechat_subscribe'),
    sms:
      config.SMS_PROVIDER_URL && config.SMS_API_KEY
        ? new SmsProviderChannel({
            baseUrl: config.SMS_PROVIDER_URL,
            apiKey: config.SMS_API_KEY,
            signName: config.SMS_SIGN_NAME,
            timeoutMs: config.WECHAT_TIMEOUT_MS,
          })
        : recordTo('sms'),
    email: config.SMTP_URL
      ? new SmtpEmailChannel({
          url: config.SMTP_URL,
          from: config.EMAIL_FROM,
          timeoutMs: config.WECHAT_TIMEOUT_MS,
        })
      : recordTo('email'),
  };
}
