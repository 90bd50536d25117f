import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import {
  createEventBackbone,
  type EventBackbone,
  type Subscription,
} from '@shuangchuang/event-backbone';
import {
  createHttpApp,
  platformTokenAuth,
  createLogger,
  createReadiness,
  mongooseConnectionCheck,
  continueStartup,
  startHttpServer,
  prepareCollections,
  type Closer,
  type Logger,
  type Readiness,
  type RunningHttpServer,
} from '@shuangchuang/service-kit';
import mongoose, { type Connection } from 'mongoose';
import { toProblem } from './api/problems.js';
import { mountNotificationRoutes } from './api/routes.js';
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
import { InboxStore } from './data-access/inbox-store.js';
import { notificationModels } from './data-access/models.js';
import { PreferenceStore } from './data-access/preference-store.js';
import { subscribeToSources } from './events/handlers/subscriptions.js';
import type { NotificationEventTypes } from './events/outgoing/event-types.js';
import { dispatchDueDeliveries, type DispatchOptions } from './workflows/dispatch-deliveries.js';
import type { NotificationContext } from './workflows/notification-context.js';
import { sendDueDigests } from './workflows/send-digests.js';

export const SERVICE_NAME = 'notification';

export interface RunningNotification {
  http: RunningHttpServer;
  connection: Connection;
  backbone: EventBackbone<NotificationEventTypes>;
  context: NotificationContext;
  adapters: Record<PushChannel, ChannelAdapter>;
  /** works off due deliveries now (tests call it instead of waiting for the timer) */
  dispatchNow(): Promise<number>;
  sendDigestsNow(): Promise<number>;
  readiness: Readiness;
  logger: Logger;
  closers: Closer[];
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Tests pin the clock (quiet hours, digests). */
  now?: () => Date;
  host?: string;
  /** Tests replace channel adapters (e.g. a recording sink that fails). */
  adapters?: Partial<Record<PushChannel, ChannelAdapter>>;
  /** false: no timers; tests drive dispatchNow()/sendDigestsNow() themselves */
  background?: boolean;
}

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

/** Repeats `work` every `intervalMs` until stopped; one run at a time. */
function every(intervalMs: number, work: () => Promise<unknown>, logger: Logger, name: string) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    if (stopped) return;
    running = work()
      .catch((error: unknown) => logger.error({ err: error }, `${name} failed`))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

/** The composition: database, event backbone, the three source consumers, dispatcher, HTTP API. */
export async function startNotification(
  config: NotificationConfig,
  options: StartOptions = {},
): Promise<RunningNotification> {
  const logger = options.logger ?? createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });
  const connection = await mongoose
    .createConnection(config.MONGO_URL, { dbName: config.MONGO_DB_NAME })
    .asPromise();
  const models = notificationModels(connection);
  await prepareCollections(models);

  const backbone = createEventBackbone<NotificationEventTypes>({
    serviceName: SERVICE_NAME,
    kafka: { brokers: config.KAFKA_BROKERS },
    connection,
    catalog: eventCatalog,
    topics: topicDeclarations,
    logger,
  });
  await backbone.ensureTopics();

  const context: NotificationContext = {
    connection,
    models,
    carriers: new CarrierReadModel(models),
    audiences: new Audiences(models),
    inbox: new InboxStore(models),
    preferences: new PreferenceStore(models),
    ledger: new AuthorisationLedger(models),
    deliveries: new DeliveryStore(models),
    digests: new DigestStore(models),
    outbox: backbone.outbox,
    now: options.now ?? (() => new Date()),
  };
  const adapters = { ...adaptersFor(config, logger), ...options.adapters };
  const dispatch: DispatchOptions = {
    adapters,
    wechatTemplates: config.WECHAT_TEMPLATE_IDS,
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    backoffMs: config.DELIVERY_BACKOFF_MS,
    logger,
  };

  const dispatchNow = () => dispatchDueDeliveries(context, dispatch);
  const sendDigestsNow = () => sendDueDigests(context);

  const { auth, revocations } = await platformTokenAuth(config, { connection, logger });
  const readiness = createReadiness({ mongo: mongooseConnectionCheck(connection) });
  const app = createHttpApp({
    service: SERVICE_NAME,
    apiSpec: openapiDocumentPath(SERVICE_NAME),
    logger,
    auth,
    readiness,
    toProblem,
    mountRoutes: (router) =>
      mountNotificationRoutes(router, { context, wechatTemplates: config.WECHAT_TEMPLATE_IDS }),
  });
  const http = await startHttpServer(app, { port: config.PORT, host: options.host });
  revocations.follow(backbone, SERVICE_NAME);
  const subscriptions: Subscription[] = await continueStartup(http, () =>
    subscribeToSources(backbone, context),
  );
  backbone.startRelay();
  const stopTimers =
    options.background === false
      ? []
      : [
          every(config.DISPATCH_INTERVAL_MS, dispatchNow, logger, 'delivery dispatch'),
          every(config.DIGEST_INTERVAL_MS, sendDigestsNow, logger, 'daily digest'),
        ];

  const closers: Closer[] = [
    revocations.closer,
    {
      name: 'dispatcher and digest timers',
      close: async () => void (await Promise.all(stopTimers.map((stop) => stop()))),
    },
    {
      name: 'source consumers',
      close: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))),
    },
    { name: 'event backbone', close: () => backbone.stop() },
    {
      name: 'smtp',
      close: async () => {
        if (adapters.email instanceof SmtpEmailChannel) adapters.email.close();
      },
    },
    { name: 'mongo', close: () => connection.close() },
  ];
  return {
    http,
    connection,
    backbone,
    context,
    adapters,
    dispatchNow,
    sendDigestsNow,
    readiness,
    logger,
    closers,
    async stop() {
      http.server.closeAllConnections();
      await new Promise((resolve) => http.server.close(resolve));
      for (const closer of closers) await closer.close();
    },
  };
}
