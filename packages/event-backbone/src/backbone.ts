import { Kafka, type Admin } from 'kafkajs';
import type { Connection } from 'mongoose';
import { CatalogIndex, type EventCatalog, type TopicDeclaration } from './catalog.js';
import type { EventHandlers } from './consumer/handlers.js';
import { subscribe, type SubscribeOptions, type Subscription } from './consumer/subscription.js';
import { DEAD_LETTER_RETENTION_MS } from './dead-letters/dead-letter-topic.js';
import { kafkaLogCreator, silentLogger, type Logger } from './logger.js';
import { outboxModels } from './outbox/outbox-models.js';
import { createOutbox, type EventTypeMap, type Outbox } from './outbox/outbox.js';
import { DEFAULT_MESSAGE_MAX_BYTES } from './outbox/produce-size.js';
import { startRelay, type RelayHandle, type RelayOptions } from './outbox/relay.js';
import { SchemaValidator } from './schema-validator.js';
import { ensureTopics } from './topics/ensure-topics.js';

export interface EventBackboneOptions {
  /** e.g. `registry`; names the relay's lease and, by default, the events' source. */
  serviceName: string;
  kafka: {
    brokers: string[];
    clientId?: string;
    /**
     * The broker's `message.max.bytes` (default 1,048,588, Kafka's default): the relay keeps every
     * produce request under it, and `outbox.record()` refuses an event that could never fit.
     */
    messageMaxBytes?: number;
  };
  /** The service's own mongoose connection: the outbox and processed_events live in its database. */
  connection: Connection;
  /** `eventCatalog` of @shuangchuang/contracts. */
  catalog: EventCatalog;
  /** `topicDeclarations` of @shuangchuang/contracts; created by ensureTopics(). */
  topics?: readonly TopicDeclaration[];
  logger?: Logger;
  /** `ce_source` of emitted events; default `urn:shuangchuang:<serviceName>`. */
  source?: string;
  relay?: RelayOptions;
}

export interface EventBackbone<M extends object = EventTypeMap> {
  outbox: Outbox<M>;
  /** Creates the declared topics that are missing; returns the names created. */
  ensureTopics(): Promise<string[]>;
  /** Starts publishing the outbox; the backbone stops it in stop(). */
  startRelay(): RelayHandle;
  /** Joins consumer group `group` with one handler per event type. */
  subscribe(
    group: string,
    handlers: EventHandlers<M>,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  /** Stops relays and subscriptions; leaves the mongoose connection to its owner. */
  stop(): Promise<void>;
}

export function createEventBackbone<M extends object = EventTypeMap>(
  options: EventBackboneOptions,
): EventBackbone<M> {
  const logger = options.logger ?? silentLogger;
  const kafka = new Kafka({
    clientId: options.kafka.clientId ?? options.serviceName,
    brokers: options.kafka.brokers,
    logCreator: kafkaLogCreator(logger),
    retry: { retries: 5, initialRetryTime: 200 },
  });
  const catalog = new CatalogIndex(options.catalog);
  const validator = new SchemaValidator(catalog);
  const models = outboxModels(options.connection);
  const messageMaxBytes = options.kafka.messageMaxBytes ?? DEFAULT_MESSAGE_MAX_BYTES;
  const relays = new Set<RelayHandle>();
  const subscriptions = new Set<Subscription>();

  async function withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  return {
    outbox: createOutbox<M>({
      models,
      catalog,
      validator,
      source: options.source ?? `urn:shuangchuang:${options.serviceName}`,
      messageMaxBytes,
      onSessionEnded: () => {
        for (const relay of relays) relay.wake();
      },
    }),

    ensureTopics: () => withAdmin((admin) => ensureTopics(admin, options.topics ?? [])),

    startRelay() {
      const relay = startRelay({
        serviceName: options.serviceName,
        kafka,
        models,
        logger,
        messageMaxBytes,
        options: options.relay,
      });
      const handle: RelayHandle = {
        stats: relay.stats,
        wake: () => relay.wake(),
        async stop() {
          relays.delete(handle);
          await relay.stop();
        },
      };
      relays.add(handle);
      return handle;
    },

    async subscribe(group, handlers, subscribeOptions) {
      const subscription = await subscribe({
        group,
        handlers: handlers as EventHandlers<EventTypeMap>,
        kafka,
        connection: options.connection,
        catalog,
        validator,
        logger,
        options: subscribeOptions,
        ensureDeadLetterTopic: async (topic) => {
          await withAdmin((admin) =>
            ensureTopics(admin, [
              { name: topic, partitions: 1, retentionMs: DEAD_LETTER_RETENTION_MS },
            ]),
          );
        },
      });
      const handle: Subscription = {
        ...subscription,
        async stop() {
          subscriptions.delete(handle);
          await subscription.stop();
        },
      };
      subscriptions.add(handle);
      return handle;
    },

    async stop() {
      await Promise.all([...relays].map((relay) => relay.stop()));
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
    },
  };
}
