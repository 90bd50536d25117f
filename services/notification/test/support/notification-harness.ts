import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { decodeEvent, type CloudEvent } from '@shuangchuang/event-backbone';
import { createLogger, signDevToken } from '@shuangchuang/service-kit';
import {
  apiCaller,
  consumeFromNow,
  messagesFromNow,
  startTestInfrastructure,
  uniqueName,
  type ApiCallOptions as CallOptions,
  type ApiCallResult as CallResult,
} from '@shuangchuang/test-infrastructure';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type { ChannelAdapter } from '../../src/channels/channel.js';
import { loadNotificationConfig } from '../../src/config.js';
import { INTAKE_GROUP } from '../../src/events/handlers/intake-subscription.js';
import { NEWS_GROUP } from '../../src/events/handlers/news-subscription.js';
import { REGISTRY_GROUP } from '../../src/events/handlers/registry-subscription.js';
import type { PushChannel } from '../../src/domain/preferences.js';
import { notificationServiceWith, type NotificationOverrides } from '../../src/service.js';
import { startService } from '@shuangchuang/service-kit';
import { sourceEventMessage, TOPIC_OF } from './source-events.js';

export type RunningNotification = Awaited<ReturnType<typeof startNotificationService>>;

/** The service started in-process exactly as main.ts starts it, with parts replaced and a pinned clock. */
export function startNotificationService(
  config: ReturnType<typeof loadNotificationConfig>,
  options: { now: () => Date; logger: ReturnType<typeof createLogger> } & NotificationOverrides,
) {
  const { now, logger, ...overrides } = options;
  return startService(notificationServiceWith(overrides), {
    config,
    host: '127.0.0.1',
    now,
    logger,
    relay: { pollIntervalMs: 50 },
  });
}

/**
 * The service as it runs in production, against the embedded (or real) database and broker over
 * real sockets: an HTTP client, token minting, a source-event publisher, a recorder of
 * notification.delivery.v1 and a controllable clock.
 */
export interface NotificationHarness {
  service: RunningNotification;
  logLines: string[];
  clock: { now: Date };
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  founderToken(userId: string): Promise<string>;
  staffToken(userId: string, roles: string[], carrierIds?: string[]): Promise<string>;
  /** Publishes a source event as its producer would; returns its id. */
  publish(type: string, key: string, data: unknown, id?: string): Promise<string>;
  /** Publishes source events of one topic in one produce request (one batch for the consumer). */
  publishBatch(events: { type: string; key: string; data: unknown }[]): Promise<string[]>;
  /** Another instance on the same database and broker (a restarted or second process). */
  startAnother(overrides?: NotificationOverrides): Promise<RunningNotification>;
  /** Sends exactly this message again (a redelivery or a replay). */
  republishRaw(index: number): Promise<void>;
  published: { topic: string; key: string; value: string; headers: Record<string, string> }[];
  carrier(carrierId: string, version: number, fields?: Record<string, unknown>): Promise<string>;
  /** Waits until the consumer group has handled the event. */
  handled(group: string, eventId: string): Promise<void>;
  deliveryEvents: CloudEvent<Record<string, unknown>>[];
  stop(): Promise<void>;
}

export type { CallOptions, CallResult };

export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startNotificationHarness(
  options: {
    now?: Date;
    adapters?: Partial<Record<PushChannel, ChannelAdapter>>;
    env?: Record<string, string>;
    /** run the dispatcher, digest and fan-out timers as in production */
    background?: boolean;
    afterFanOutChunk?: NotificationOverrides['afterFanOutChunk'];
    /** the driver reports every command (tests count round trips) */
    monitorCommands?: boolean;
  } = {},
): Promise<NotificationHarness> {
  const infrastructure = await startTestInfrastructure();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const clock = { now: options.now ?? new Date('2026-11-23T02:00:00Z') };
  const config = loadNotificationConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    MONGO_URL: options.monitorCommands
      ? `${infrastructure.mongoUrl}${infrastructure.mongoUrl.includes('?') ? '&' : '?'}monitorCommands=true`
      : infrastructure.mongoUrl,
    MONGO_DB_NAME: uniqueName('notification'),
    KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
    DELIVERY_BACKOFF_MS: '60000',
    DELIVERY_MAX_ATTEMPTS: '3',
    ...options.env,
  });
  await consumeFromNow(infrastructure.kafkaBrokers, [
    { groupId: REGISTRY_GROUP, topic: TOPIC_OF.registry! },
    { groupId: INTAKE_GROUP, topic: TOPIC_OF.intake! },
    { groupId: NEWS_GROUP, topic: TOPIC_OF.news! },
  ]);
  const service = await startNotificationService(config, {
    now: () => clock.now,
    background: options.background ?? false,
    ...(options.adapters ? { adapters: options.adapters } : {}),
    ...(options.afterFanOutChunk ? { afterFanOutChunk: options.afterFanOutChunk } : {}),
    logger: createLogger({ service: 'notification', level: 'info', destination }),
  });

  const client = new Kafka({
    clientId: 'notification-test',
    brokers: infrastructure.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = client.producer();
  await producer.connect();
  const consumer: Consumer = client.consumer({ groupId: `notification-test-${randomUUID()}` });
  await consumer.connect();
  const isNew = await messagesFromNow(infrastructure.kafkaBrokers, 'notification.delivery.v1');
  await consumer.subscribe({ topic: 'notification.delivery.v1', fromBeginning: true });
  const deliveryEvents: CloudEvent<Record<string, unknown>>[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      if (!isNew(partition, message.offset)) return;
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      deliveryEvents.push(
        decodeEvent({
          key: String(message.key),
          value: String(message.value),
          headers,
        } as never) as CloudEvent<Record<string, unknown>>,
      );
    },
  });

  const published: NotificationHarness['published'] = [];
  const baseUrl = `${service.url}/api/notification`;
  const harness: NotificationHarness = {
    service,
    logLines,
    clock,
    published,
    deliveryEvents,
    call: apiCaller(baseUrl),
    founderToken: (userId) => signDevToken({ sub: userId, roles: ['founder'] }),
    staffToken: (userId, roles, carrierIds = []) =>
      signDevToken({ sub: userId, roles, carrierIds }),
    async publishBatch(events) {
      const encoded = events.map(({ type, key, data }) =>
        sourceEventMessage(type, key, data, randomUUID()),
      );
      await producer.send({
        topic: encoded[0]!.topic,
        acks: -1,
        messages: encoded.map(({ key, value, headers }) => ({ key, value, headers })),
      });
      return encoded.map((message) => message.headers.ce_id!);
    },
    startAnother: (overrides = {}) =>
      startNotificationService(config, {
        now: () => clock.now,
        logger: createLogger({ service: 'notification', level: 'info', destination }),
        background: false,
        ...overrides,
      }),
    async publish(type, key, data, id = randomUUID()) {
      const { topic, ...message } = sourceEventMessage(type, key, data, id);
      published.push({ topic, ...message });
      await producer.send({ topic, acks: -1, messages: [message] });
      return id;
    },
    async republishRaw(index) {
      const raw = published[index]!;
      await producer.send({
        topic: raw.topic,
        acks: -1,
        messages: [{ key: raw.key, value: raw.value, headers: raw.headers }],
      });
    },
    async carrier(carrierId, version, fields = {}) {
      const id = await harness.publish(
        `cn.shuangchuang.registry.incubator.${version === 1 ? 'created' : 'updated'}.v1`,
        carrierId,
        {
          carrierId,
          version,
          kind: 'incubator',
          level: 'national',
          name: '启迪之星（德州）',
          aliases: [],
          operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
          location: { province: '山东省', city: '德州市' },
          focusIndustries: ['智能制造'],
          honors: [],
          accepting: false,
          status: 'active',
          updatedAt: '2026-11-20T02:30:00Z',
          ...fields,
        },
      );
      await harness.handled('notification.registry-events', id);
      return id;
    },
    async handled(group, eventId) {
      const processed = service.connection.collection('processed_events');
      await eventually(
        async () => (await processed.countDocuments({ _id: `${group}:${eventId}` as never })) === 1,
      );
    },
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await service.stop();
      await infrastructure.stop();
    },
  };
  return harness;
}
