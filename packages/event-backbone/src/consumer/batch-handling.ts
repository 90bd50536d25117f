// A partition's fetched batch: decoded and validated, then its new events handled together in one
// MongoDB transaction (one read of the handled ids, one bulk write recording them); offsets are
// resolved after the commit. A handler failure falls back to handling the batch event by event,
// so only the failing event is retried and dead-lettered.
import type { EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import type { ClientSession, Connection, mongo } from 'mongoose';
import { backoffDelay, pause, type BackoffOptions } from '../backoff.js';
import { decodeEvent, EnvelopeError, type CloudEvent } from '../envelope/cloud-event.js';
import { deadLetterHeaders, type DeadLetterReason } from '../dead-letters/dead-letter-topic.js';
import type { Logger } from '../logger.js';
import type { SchemaValidator } from '../schema-validator.js';
import { isDuplicateKey } from '@shuangchuang/mongo-kit';
import { isTransient, NonRetriableError } from './failures.js';
import { isBatchHandler, type AnyEventHandler } from './handlers.js';
import { processedEventId, type ProcessedEvent } from './processed-events.js';

export interface BatchHandlingOptions {
  maxAttempts: number;
  retryBackoff: BackoffOptions;
  maxEventsPerTransaction: number;
}

export interface HandlingStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
  skipped: number;
  /** Transactions that handled several events at once. */
  batches: number;
  /** Batches retried event by event after a handler failed. */
  batchFallbacks: number;
}

/** Thrown when the subscription stops while waiting to retry: the offset stays uncommitted. */
export class SubscriptionStopping extends Error {}

/** A message of the batch and what it turned out to be. */
type Item =
  | { kind: 'event'; message: KafkaMessage; event: CloudEvent; handler: AnyEventHandler }
  | { kind: 'skip'; message: KafkaMessage }
  | { kind: 'dead'; message: KafkaMessage; reason: DeadLetterReason; error: unknown };

type EventItem = Extract<Item, { kind: 'event' }>;

interface Place {
  topic: string;
  partition: number;
  heartbeat: () => Promise<void>;
}

export function createBatchHandling(deps: {
  group: string;
  handlers: Record<string, AnyEventHandler | undefined>;
  connection: Connection;
  processed: mongo.Collection<ProcessedEvent>;
  validator: SchemaValidator;
  deadLetterTopic: string;
  deadLetterProducer: Producer;
  logger: Logger;
  stats: HandlingStats;
  options: BatchHandlingOptions;
  stopping: AbortSignal;
  /** Called whenever handling makes progress (the subscription's sign of life). */
  progressed: () => void;
}) {
  const { group, handlers, connection, processed, validator, logger, stats, options } = deps;
  const log = (extra: object) => ({ component: 'event-consumer', group, ...extra });

  function classify(message: KafkaMessage): Item {
    let event: CloudEvent;
    try {
      event = decodeEvent(message);
    } catch (error) {
      if (error instanceof EnvelopeError)
        return { kind: 'dead', message, reason: 'undecodable', error };
      throw error;
    }
    const handler = handlers[event.type];
    if (!handler) return { kind: 'skip', message };
    const violations = validator.violations(event.type, event.data);
    if (violations)
      return { kind: 'dead', message, reason: 'schema-validation', error: violations };
    return { kind: 'event', message, event, handler };
  }

  async function deadLetter(
    place: Place,
    letters: {
      message: KafkaMessage;
      reason: DeadLetterReason;
      error: unknown;
      attempts: number;
    }[],
  ): Promise<void> {
    if (letters.length === 0) return;
    const described = letters.map((letter) => ({
      ...letter,
      text: letter.error instanceof Error ? letter.error.message : String(letter.error),
    }));
    // If this send fails it throws: the offsets are not resolved and the messages come back.
    await deps.deadLetterProducer.send({
      topic: deps.deadLetterTopic,
      acks: -1,
      messages: described.map(({ message, reason, text, attempts }) => ({
        key: message.key,
        value: message.value,
        headers: deadLetterHeaders(message.headers, {
          reason,
          error: text,
          group,
          attempts,
          original: { topic: place.topic, partition: place.partition, offset: message.offset },
        }),
      })),
    });
    stats.deadLettered += letters.length;
    for (const { message, reason, attempts, text } of described) {
      logger.error(
        log({
          topic: place.topic,
          partition: place.partition,
          offset: message.offset,
          reason,
          attempts,
          error: text,
        }),
        'event sent to the dead-letter topic',
      );
    }
  }

  /**
   * Runs the handlers of `items` (new events, in order) in `session`'s transaction: a batch-form
   * handler once, where its type's first event stands, with all of them.
   */
  async function runHandlers(
    items: EventItem[],
    session: ClientSession,
    place: Place,
    attempt: number,
  ): Promise<void> {
    const batchCalled = new Set<AnyEventHandler>();
    for (const item of items) {
      const { handler, event, message } = item;
      if (isBatchHandler(handler)) {
        if (batchCalled.has(handler)) continue;
        batchCalled.add(handler);
        const events = items.filter((other) => other.handler === handler).map((i) => i.event);
        await handler.batch(events, {
          session,
          topic: place.topic,
          partition: place.partition,
          attempt,
        });
      } else {
        await handler(event, {
          session,
          topic: place.topic,
          partition: place.partition,
          offset: message.offset,
          attempt,
        });
      }
      deps.progressed();
      await place.heartbeat(); // sent only when the heartbeat interval has passed
    }
  }

  /**
   * Handles `items` in one transaction, skipping events already handled (one read) and recording
   * the new ones (one bulk insert). Returns how many were new and how many duplicates.
   */
  async function handleTogether(
    items: EventItem[],
    place: Place,
    attempt: number,
  ): Promise<{ handled: number; duplicates: number }> {
    const session = await connection.startSession();
    try {
      session.startTransaction();
      const ids = items.map((item) => processedEventId(group, item.event.id));
      const known = new Set(
        (
          await processed
            .find({ _id: { $in: ids } }, { projection: { _id: 1 }, batchSize: ids.length, session })
            .toArray()
        ).map((doc) => doc._id),
      );
      // A relay that crashed after sending publishes again: a copy may sit in the same batch.
      const fresh = items.filter((item, index) => {
        const id = ids[index]!;
        if (known.has(id)) return false;
        known.add(id);
        return true;
      });
      if (fresh.length === 0) {
        await session.abortTransaction();
        return { handled: 0, duplicates: items.length };
      }
      await runHandlers(fresh, session, place, attempt);
      const handledAt = new Date();
      // A redelivery is recognised by the read above; if two deliveries race (a rebalance), this
      // insert fails for the later one and its effects are undone with the transaction.
      await processed.insertMany(
        fresh.map(({ event }) => ({
          _id: processedEventId(group, event.id),
          group,
          eventId: event.id,
          type: event.type,
          handledAt,
        })),
        { session },
      );
      await session.commitTransaction();
      return { handled: fresh.length, duplicates: items.length - fresh.length };
    } catch (error) {
      if (session.inTransaction()) await session.abortTransaction().catch(() => {});
      throw error;
    } finally {
      await session.endSession();
    }
  }

  async function waitToRetry(place: Place, attempt: number, extra: object, error: unknown) {
    stats.retries += 1;
    const delay = backoffDelay(attempt, options.retryBackoff);
    logger.warn(
      log({
        topic: place.topic,
        partition: place.partition,
        attempt,
        err: error,
        retryInMs: delay,
        ...extra,
      }),
      'event handler failed; will retry',
    );
    await pause(delay, deps.stopping);
    if (deps.stopping.aborted) throw new SubscriptionStopping('subscription stopping');
    deps.progressed(); // waiting to retry is work, not a stall
    await place.heartbeat(); // keeps the partition assigned while waiting; throws on a rebalance
  }

  /** One event on its own, retried as configured, then dead-lettered. */
  async function handleAlone(item: EventItem, place: Place): Promise<void> {
    let failures = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await handleTogether([item], place, attempt);
        stats.handled += outcome.handled;
        stats.duplicates += outcome.duplicates;
        return;
      } catch (error) {
        if (error instanceof SubscriptionStopping) throw error;
        const transient = isTransient(error) || isDuplicateKey(error);
        if (!transient) failures += 1;
        if (error instanceof NonRetriableError || failures >= options.maxAttempts) {
          await deadLetter(place, [
            { message: item.message, reason: 'handler-failed', error, attempts: attempt },
          ]);
          return;
        }
        await waitToRetry(
          place,
          attempt,
          { offset: item.message.offset, eventId: item.event.id, transient },
          error,
        );
      }
    }
  }

  /**
   * A chunk's messages: their events together while only transient failures occur, then the
   * chunk's dead letters in one request. After a handler failure, message by message in order (so
   * the dead-letter topic keeps the partition's order), each event alone.
   */
  async function handleChunk(chunk: Item[], place: Place): Promise<void> {
    const events = chunk.filter((item): item is EventItem => item.kind === 'event');
    const dead = chunk.filter((item) => item.kind === 'dead');
    stats.skipped += chunk.filter((item) => item.kind === 'skip').length;
    if (events.length <= 1) return handleOneByOne(chunk, place);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await handleTogether(events, place, attempt);
        stats.handled += outcome.handled;
        stats.duplicates += outcome.duplicates;
        stats.batches += 1;
        break;
      } catch (error) {
        if (error instanceof SubscriptionStopping) throw error;
        // Two deliveries racing (a rebalance): the read finds the other's records next time.
        if (isDuplicateKey(error)) continue;
        if (!isTransient(error)) {
          stats.batchFallbacks += 1;
          logger.warn(
            log({
              topic: place.topic,
              partition: place.partition,
              events: events.length,
              err: error,
            }),
            'a handler failed in a batch; handling its events one by one',
          );
          return handleOneByOne(chunk, place);
        }
        await waitToRetry(place, attempt, { events: events.length, transient: true }, error);
      }
    }
    await deadLetter(
      place,
      dead.map((item) => ({ ...item, attempts: 0 })),
    );
  }

  async function handleOneByOne(chunk: Item[], place: Place): Promise<void> {
    for (const item of chunk) {
      if (item.kind === 'event') await handleAlone(item, place);
      else if (item.kind === 'dead') await deadLetter(place, [{ ...item, attempts: 0 }]);
    }
  }

  /** kafkajs `eachBatch`: a partition's messages in order, in chunks of one transaction each. */
  return async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const place: Place = { topic: batch.topic, partition: batch.partition, heartbeat };
    const items = batch.messages.map(classify);
    for (let start = 0; start < items.length;) {
      if (!isRunning() || isStale() || deps.stopping.aborted) return;
      // A chunk: up to maxEventsPerTransaction events, with the messages around them.
      let end = start;
      let events = 0;
      while (end < items.length && events < options.maxEventsPerTransaction) {
        if (items[end]!.kind === 'event') events += 1;
        end += 1;
      }
      const chunk = items.slice(start, end);
      await handleChunk(chunk, place);
      resolveOffset(chunk[chunk.length - 1]!.message.offset);
      deps.progressed();
      await heartbeat();
      start = end;
    }
  };
}
