import type { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import type { ClientSession, Connection } from 'mongoose';
import { backoffDelay, pause, type BackoffOptions } from '../backoff.js';
import type { CatalogIndex } from '../catalog.js';
import { decodeEvent, EnvelopeError, type CloudEvent } from '../envelope/cloud-event.js';
import {
  deadLetterHeaders,
  deadLetterTopicOf,
  type DeadLetterReason,
} from '../dead-letters/dead-letter-topic.js';
import type { Logger } from '../logger.js';
import type { EventTypeMap } from '../outbox/outbox.js';
import type { SchemaValidator } from '../schema-validator.js';
import { isDuplicateKey, isTransient, NonRetriableError } from './failures.js';
import { processedEventId, processedEventModel } from './processed-events.js';

export interface HandlerContext {
  /** The transaction the handler's writes must use; the event's id is recorded in it too. */
  session: ClientSession;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on the first try. */
  attempt: number;
}

export type EventHandler<TData = unknown> = (
  event: CloudEvent<TData>,
  context: HandlerContext,
) => Promise<void>;

/** One handler per event type; types not listed are skipped on the subscribed topics. */
export type EventHandlers<M extends object = EventTypeMap> = {
  [T in keyof M & string]?: EventHandler<M[T]>;
};

export interface SubscribeOptions {
  /** Where a group with no committed offset starts; default true (no event published before is missed). */
  fromBeginning?: boolean;
  /** Partitions handled at once (each one still in order); default 3. */
  partitionsConsumedConcurrently?: number;
  /** Tries of a non-transient failure before the message is dead-lettered; default 3. */
  maxAttempts?: number;
  retryBackoff?: BackoffOptions;
  sessionTimeoutMs?: number;
  /** A consumer showing no sign of life (join, fetch, heartbeat) this long is replaced. */
  stallMs?: number;
}

export interface SubscriptionStats {
  handled: number;
  /** Redeliveries of events already handled, skipped. */
  duplicates: number;
  deadLettered: number;
  retries: number;
  /** Messages of types this group has no handler for. */
  skipped: number;
  /** Consumers replaced after kafkajs gave up on one (a crash it would not restart from). */
  consumerRestarts: number;
}

export interface Subscription {
  group: string;
  deadLetterTopic: string;
  stats: SubscriptionStats;
  /** Leaves the group; a message being handled is finished or, if mid-retry, left uncommitted. */
  stop(): Promise<void>;
}

type Outcome = 'handled' | 'duplicate';

class SubscriptionStopping extends Error {}

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
    sessionTimeoutMs: 30_000,
    ...deps.options,
  };
  const types = Object.keys(handlers);
  if (types.length === 0) throw new Error(`subscription ${group} has no handlers`);
  const topics = [...new Set(types.map((type) => catalog.get(type).topic))];
  const deadLetterTopic = deadLetterTopicOf(group);
  const processed = processedEventModel(connection);
  const stats: SubscriptionStats = {
    handled: 0,
    duplicates: 0,
    deadLettered: 0,
    retries: 0,
    skipped: 0,
    consumerRestarts: 0,
  };
  const stopping = new AbortController();
  const log = (extra: object) => ({ component: 'event-consumer', group, ...extra });

  await deps.ensureDeadLetterTopic(deadLetterTopic);
  const deadLetterProducer: Producer = kafka.producer({ allowAutoTopicCreation: false });

  async function handleInTransaction(
    event: CloudEvent,
    handler: EventHandler,
    context: Omit<HandlerContext, 'session'>,
  ): Promise<Outcome> {
    const session = await connection.startSession();
    try {
      session.startTransaction();
      const id = processedEventId(group, event.id);
      if (await processed.exists({ _id: id }).session(session)) {
        await session.abortTransaction();
        return 'duplicate';
      }
      await handler(event, { ...context, session });
      try {
        // A redelivery is recognised by the read above; if two deliveries race (a rebalance), this
        // insert fails for the later one and its effects are undone with the transaction.
        await processed.create(
          [{ _id: id, group, eventId: event.id, type: event.type, handledAt: new Date() }],
          { session },
        );
      } catch (error) {
        if (isDuplicateKey(error)) {
          await session.abortTransaction().catch(() => {});
          return 'duplicate';
        }
        throw error;
      }
      await session.commitTransaction();
      return 'handled';
    } catch (error) {
      if (session.inTransaction()) await session.abortTransaction().catch(() => {});
      throw error;
    } finally {
      await session.endSession();
    }
  }

  async function deadLetter(
    { topic, partition, message }: EachMessagePayload,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const text = error instanceof Error ? error.message : String(error);
    // If this send fails it throws: the offset is not committed and the message comes back.
    await deadLetterProducer.send({
      topic: deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: deadLetterHeaders(message.headers, {
            reason,
            error: text,
            group,
            attempts,
            original: { topic, partition, offset: message.offset },
          }),
        },
      ],
    });
    stats.deadLettered += 1;
    logger.error(
      log({ topic, partition, offset: message.offset, reason, attempts, error: text }),
      'event sent to the dead-letter topic',
    );
  }

  async function eachMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message, heartbeat } = payload;
    let event: CloudEvent;
    try {
      event = decodeEvent(message);
    } catch (error) {
      if (error instanceof EnvelopeError) return deadLetter(payload, 'undecodable', error, 0);
      throw error;
    }
    const handler = handlers[event.type] as EventHandler | undefined;
    if (!handler) {
      stats.skipped += 1;
      return;
    }
    const violations = validator.violations(event.type, event.data);
    if (violations) return deadLetter(payload, 'schema-validation', violations, 0);

    let failures = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await handleInTransaction(event, handler, {
          topic,
          partition,
          offset: message.offset,
          attempt,
        });
        if (outcome === 'handled') stats.handled += 1;
        else stats.duplicates += 1;
        return;
      } catch (error) {
        const transient = isTransient(error);
        if (!transient) failures += 1;
        if (error instanceof NonRetriableError || failures >= options.maxAttempts) {
          return deadLetter(payload, 'handler-failed', error, attempt);
        }
        stats.retries += 1;
        const delay = backoffDelay(attempt, options.retryBackoff);
        logger.warn(
          log({
            topic,
            partition,
            offset: message.offset,
            eventId: event.id,
            attempt,
            transient,
            err: error,
            retryInMs: delay,
          }),
          'event handler failed; will retry',
        );
        await pause(delay, stopping.signal);
        if (stopping.signal.aborted) throw new SubscriptionStopping('subscription stopping');
        await heartbeat(); // keeps the partition assigned while waiting; throws on a rebalance
      }
    }
  }

  let consumer: Consumer;
  let replacement: NodeJS.Timeout | undefined;
  let watch: NodeJS.Timeout | undefined;
  let crashesInARow = 0;
  // Long enough to wait out a dead member's session and a rebalance.
  const stallMs = options.stallMs ?? 2 * options.sessionTimeoutMs + 10_000;

  async function startConsumer(): Promise<void> {
    const current = kafka.consumer({
      groupId: group,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 10)),
    });
    consumer = current;
    // kafkajs restarts a consumer only after retriable errors, and a consumer cut off by the broker
    // going away (mid-join, or just after) can stall for good; either way the service would
    // consume nothing until restarted. So a consumer that crashed for good, or shows no sign of
    // life (joining, fetching, heartbeating) for `stallMs`, is replaced by a new one.
    let lastSign = Date.now();
    const alive = () => {
      lastSign = Date.now();
    };
    const replace = (reason: string, extra: object) => {
      if (stopping.signal.aborted || current !== consumer) return;
      clearInterval(watch);
      logger.error(log(extra), reason);
      void current.disconnect().catch(() => {});
      replaceConsumer();
    };
    clearInterval(watch);
    watch = setInterval(
      () => {
        const silentMs = Date.now() - lastSign;
        if (silentMs > stallMs) replace('event consumer stalled; starting a new one', { silentMs });
      },
      Math.min(5_000, stallMs / 2),
    );
    watch.unref();
    current.on(current.events.GROUP_JOIN, () => {
      alive();
      crashesInARow = 0;
    });
    current.on(current.events.FETCH_START, alive);
    current.on(current.events.HEARTBEAT, alive);
    current.on(current.events.CRASH, ({ payload }) => {
      if (payload.restart) return; // kafkajs starts it again; the watch covers a stall after that
      replace('event consumer crashed; starting a new one', { err: payload.error });
    });
    await current.connect();
    await current.subscribe({ topics, fromBeginning: options.fromBeginning });
    await current.run({
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      eachMessage,
    });
  }

  function replaceConsumer(): void {
    crashesInARow += 1;
    const delay = backoffDelay(crashesInARow, { initialMs: 500, maxMs: 30_000 });
    replacement = setTimeout(() => {
      if (stopping.signal.aborted) return;
      stats.consumerRestarts += 1;
      startConsumer().catch((error: unknown) => {
        logger.error(log({ err: error }), 'event consumer could not start; trying again');
        replaceConsumer();
      });
    }, delay);
  }

  await deadLetterProducer.connect();
  await startConsumer();

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
