import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { backoffDelay, type BackoffOptions } from '../backoff.js';
import type { CatalogIndex } from '../catalog.js';
import { deadLetterTopicOf } from '../dead-letters/dead-letter-topic.js';
import type { Logger } from '../logger.js';
import { driverCollection } from '../outbox/outbox-models.js';
import type { EventTypeMap } from '../outbox/outbox.js';
import type { SchemaValidator } from '../schema-validator.js';
import { createBatchHandling, type HandlingStats } from './batch-handling.js';
import type { AnyEventHandler, EventHandlers } from './handlers.js';
import { processedEventModel } from './processed-events.js';

export interface SubscribeOptions {
  /** Where a group with no committed offset starts; default true (no event published before is missed). */
  fromBeginning?: boolean;
  /** Partitions handled at once (each one still in order); default 3. */
  partitionsConsumedConcurrently?: number;
  /** Tries of a non-transient failure before the message is dead-lettered; default 3. */
  maxAttempts?: number;
  retryBackoff?: BackoffOptions;
  /** Most events of a fetched batch handled in one transaction; default 100. */
  maxEventsPerTransaction?: number;
  sessionTimeoutMs?: number;
  /**
   * Last resort: a consumer showing no sign of life (join, fetch, heartbeat, handling) this long is
   * replaced. Crashes and disconnects are acted on at once; default twice the session timeout + 10 s.
   */
  stallMs?: number;
  /** Wait before replacing a consumer that crashed, doubling while it keeps failing. */
  restartBackoff?: BackoffOptions;
}

export interface SubscriptionStats extends HandlingStats {
  /** Consumers replaced after one crashed, disconnected or stalled (e.g. the broker went away). */
  consumerRestarts: number;
}

export interface Subscription {
  group: string;
  deadLetterTopic: string;
  stats: SubscriptionStats;
  /** Leaves the group; a batch being handled is finished or, if mid-retry, left uncommitted. */
  stop(): Promise<void>;
}

export async function subscribe(deps: {
  group: string;
  handlers: EventHandlers<EventTypeMap>;
  kafka: Kafka;
  connection: Connection;
  catalog: CatalogIndex;
  validator: SchemaValidator;
  logger: Logger;
  ensureDeadLetterTopic: (topic: string) => Promise<void>;
  options?: SubscribeOptions;
}): Promise<Subscription> {
  const { group, handlers, kafka, connection, catalog, validator, logger } = deps;
  const options = {
    fromBeginning: true,
    partitionsConsumedConcurrently: 3,
    maxAttempts: 3,
    retryBackoff: { initialMs: 200, maxMs: 10_000 },
    maxEventsPerTransaction: 100,
    sessionTimeoutMs: 30_000,
    restartBackoff: { initialMs: 250, maxMs: 3_000 },
    ...deps.options,
  };
  const types = Object.keys(handlers);
  if (types.length === 0) throw new Error(`subscription ${group} has no handlers`);
  const topics = [...new Set(types.map((type) => catalog.get(type).topic))];
  const deadLetterTopic = deadLetterTopicOf(group);
  const stats: SubscriptionStats = {
    handled: 0,
    duplicates: 0,
    deadLettered: 0,
    retries: 0,
    skipped: 0,
    batches: 0,
    batchFallbacks: 0,
    consumerRestarts: 0,
  };
  const stopping = new AbortController();
  const log = (extra: object) => ({ component: 'event-consumer', group, ...extra });

  await deps.ensureDeadLetterTopic(deadLetterTopic);
  const deadLetterProducer: Producer = kafka.producer({ allowAutoTopicCreation: false });

  let lastSign = Date.now();
  const alive = () => {
    lastSign = Date.now();
  };
  const eachBatch = createBatchHandling({
    group,
    handlers: handlers as Record<string, AnyEventHandler | undefined>,
    connection,
    processed: driverCollection(processedEventModel(connection)),
    validator,
    deadLetterTopic,
    deadLetterProducer,
    logger,
    stats,
    options,
    stopping: stopping.signal,
    progressed: alive,
  });

  let consumer: Consumer;
  let replacement: NodeJS.Timeout | undefined;
  let watch: NodeJS.Timeout | undefined;
  let failuresInARow = 0;
  // Long enough to wait out a dead member's session and a rebalance.
  const stallMs = options.stallMs ?? 2 * options.sessionTimeoutMs + 10_000;

  async function startConsumer(): Promise<void> {
    const current = kafka.consumer({
      groupId: group,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 10)),
      // kafkajs restarts a crashed consumer only after some errors, with its own growing waits, and
      // one cut off by the broker going away (mid-join, or just after) can stall for good. So this
      // subscription decides instead: any crash, or a stop or disconnect it did not ask for,
      // replaces the consumer with a new one after a short backoff.
      retry: { restartOnFailure: async () => false },
    });
    consumer = current;
    let retired = false;
    const retire = (reason: string, extra: object) => {
      if (retired || stopping.signal.aborted) return;
      retired = true;
      clearInterval(watch);
      logger.error(log(extra), reason);
      void current.disconnect().catch(() => {});
      replaceConsumer();
    };
    clearInterval(watch);
    alive();
    watch = setInterval(
      () => {
        const silentMs = Date.now() - lastSign;
        if (silentMs > stallMs) retire('event consumer stalled; starting a new one', { silentMs });
      },
      Math.min(5_000, stallMs / 2),
    );
    watch.unref();
    current.on(current.events.GROUP_JOIN, () => {
      alive();
      failuresInARow = 0;
    });
    current.on(current.events.FETCH_START, alive);
    current.on(current.events.HEARTBEAT, alive);
    current.on(current.events.CRASH, ({ payload }) =>
      retire('event consumer crashed; starting a new one', { err: payload.error }),
    );
    current.on(current.events.STOP, () => retire('event consumer stopped; starting a new one', {}));
    current.on(current.events.DISCONNECT, () =>
      retire('event consumer disconnected; starting a new one', {}),
    );
    try {
      await current.connect();
      await current.subscribe({ topics, fromBeginning: options.fromBeginning });
      await current.run({
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        // Offsets are resolved chunk by chunk after each commit, never for messages not handled.
        eachBatchAutoResolve: false,
        eachBatch,
      });
    } catch (error) {
      if (!everStarted) {
        // The first start reports to subscribe()'s caller.
        retired = true;
        clearInterval(watch);
        await current.disconnect().catch(() => {});
        throw error;
      }
      retire('event consumer could not start; trying again', { err: error });
    }
  }

  let everStarted = false;

  function replaceConsumer(): void {
    failuresInARow += 1;
    const delay = backoffDelay(failuresInARow, options.restartBackoff);
    clearTimeout(replacement);
    replacement = setTimeout(() => {
      if (stopping.signal.aborted) return;
      stats.consumerRestarts += 1;
      void startConsumer();
    }, delay);
  }

  await deadLetterProducer.connect();
  await startConsumer();
  everStarted = true;

  return {
    group,
    deadLetterTopic,
    stats,
    async stop() {
      stopping.abort();
      clearTimeout(replacement);
      clearInterval(watch);
      await consumer.disconnect();
      await deadLetterProducer.disconnect();
    },
  };
}
