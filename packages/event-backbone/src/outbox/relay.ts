import { randomUUID } from 'node:crypto';
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { isDuplicateKey } from '@shuangchuang/mongo-kit';
import { backoffDelay, pause, type BackoffOptions } from '../backoff.js';
import type { EventPathMetrics } from '../instrumentation/event-metrics.js';
import { endSpan, startSendSpan } from '../instrumentation/event-tracing.js';
import type { Logger } from '../logger.js';
import {
  driverCollection,
  UNPUBLISHED_STATES,
  type OutboxEntry,
  type OutboxModels,
} from './outbox-models.js';
import { splitByRequestSize } from './produce-size.js';

export interface RelayOptions {
  /** Most events read and published per round. */
  batchSize?: number;
  /** Wait between rounds when the outbox is empty and nothing wakes the relay. */
  pollIntervalMs?: number;
  /**
   * Under load, rounds start at most this often: commits during a round wake the relay once, after
   * this interval, and go out together. An idle relay runs a round as soon as it is woken.
   */
  minRoundIntervalMs?: number;
  /** Wait after a failed round (Kafka or MongoDB unavailable). */
  retryBackoff?: BackoffOptions;
  /** How long a relay keeps the publishing lease without renewing it. */
  leaseTtlMs?: number;
  /** Compression of the produced batches; gzip is built into kafkajs. Default gzip. */
  compression?: 'gzip' | 'none';
}

export interface RelayStats {
  rounds: number;
  published: number;
  /** Produce requests sent (one per broker and chunk kept under `message.max.bytes`). */
  produceRequests: number;
  /** Entries too large for the broker, set aside as `rejected`. */
  rejected: number;
  failedRounds: number;
}

export interface RelayHandle {
  /**
   * Runs a round at once instead of waiting out the poll interval, e.g. after a transaction of
   * this process recorded events; a wake-up during a round runs one more round after it.
   */
  wake(): void;
  /**
   * Stops at the next step boundary without finishing the current batch (its events stay
   * unpublished and are sent again later: duplicates, never loss); resolves once stopped.
   */
  stop(): Promise<void>;
  stats: RelayStats;
}

const DEFAULTS = {
  batchSize: 500,
  pollIntervalMs: 100,
  minRoundIntervalMs: 10,
  retryBackoff: { initialMs: 250, maxMs: 2_000 },
  leaseTtlMs: 10_000,
  compression: 'gzip',
} satisfies Required<RelayOptions>;

class RelayStopped extends Error {}

/**
 * Publishes outbox entries in `order` (the database's insert timestamp, which keeps each key's
 * order) in rounds: one snapshot read of up to `batchSize` entries, produce requests each kept
 * under the broker's `message.max.bytes` (acks=-1, one in flight, compressed), then one write
 * marking them published. Only the holder of the service's lease publishes, so two instances never
 * interleave one key's events.
 */
export function startRelay(deps: {
  serviceName: string;
  kafka: Kafka;
  models: OutboxModels;
  logger: Logger;
  /** The broker's `message.max.bytes`; no produce request is larger. */
  messageMaxBytes: number;
  metrics: EventPathMetrics;
  options?: RelayOptions;
}): RelayHandle {
  const { serviceName, kafka, models, logger, messageMaxBytes, metrics } = deps;
  const options = { ...DEFAULTS, ...deps.options };
  const entries = driverCollection(models.entries);
  const owner = `${serviceName}:${randomUUID()}`;
  const abort = new AbortController();
  const stats: RelayStats = {
    rounds: 0,
    published: 0,
    produceRequests: 0,
    rejected: 0,
    failedRounds: 0,
  };
  const log = (extra: object) => ({ component: 'outbox-relay', ...extra });
  let producer: Producer | undefined;
  let leaseValidUntil = 0;
  // Set by wake(); a round clears it before reading, so a wake-up during a round is not lost.
  let wakeRequested = false;
  let endWait: (() => void) | undefined;

  const checkpoint = () => {
    if (abort.signal.aborted) throw new RelayStopped();
  };

  async function holdLease(): Promise<boolean> {
    const now = Date.now();
    if (now < leaseValidUntil - options.leaseTtlMs / 2) return true;
    try {
      await models.leases.findOneAndUpdate(
        { _id: serviceName, $or: [{ owner }, { expiresAt: { $lt: new Date(now) } }] },
        { $set: { owner, expiresAt: new Date(now + options.leaseTtlMs) } },
        { upsert: true },
      );
      leaseValidUntil = now + options.leaseTtlMs;
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false; // another relay holds it
      throw error;
    }
  }

  async function connectedProducer(): Promise<Producer> {
    if (!producer) {
      const fresh = kafka.producer({
        allowAutoTopicCreation: false,
        maxInFlightRequests: 1,
        retry: { retries: 3, initialRetryTime: 100 },
      });
      await fresh.connect();
      producer = fresh;
    }
    return producer;
  }

  async function dropProducer(): Promise<void> {
    const old = producer;
    producer = undefined;
    await old?.disconnect().catch(() => {});
  }

  async function mark(ids: string[], update: object): Promise<void> {
    if (ids.length > 0) await entries.updateMany({ _id: { $in: ids } }, update);
  }

  /** Publishes one round; returns how many entries it read. */
  async function publishRound(): Promise<number> {
    // One snapshot: an entry committed before another of its key was written is seen with it.
    const unpublished = await entries
      .find(
        { state: { $in: UNPUBLISHED_STATES } },
        {
          sort: { order: 1, createdAt: 1, sequence: 1 },
          // Only what goes on the wire: the entries' bookkeeping is neither encoded nor decoded.
          projection: RELAYED_FIELDS,
          limit: options.batchSize,
          batchSize: options.batchSize, // one reply, no getMore
          readConcern: { level: 'snapshot' },
        },
      )
      .toArray();
    if (unpublished.length === 0) return 0;
    checkpoint();
    const { chunks, tooLarge } = splitByRequestSize(
      unpublished.map((entry) => ({ entry, topic: entry.topic, message: messageOf(entry) })),
      messageMaxBytes,
    );
    if (tooLarge.length > 0) {
      // Recorded before the limit was lowered (record() refuses such events): retrying cannot
      // help, and holding back the key's later events forever would be worse than one gap.
      const lastError = `larger than the broker's message.max.bytes of ${messageMaxBytes}`;
      await mark(
        tooLarge.map(({ entry }) => entry._id),
        { $set: { state: 'rejected', lastError }, $inc: { attempts: 1 } },
      );
      stats.rejected += tooLarge.length;
      for (const { entry } of tooLarge) {
        logger.error(
          log({ eventId: entry._id, type: entry.type, key: entry.key }),
          `outbox entry ${lastError}; set aside as rejected`,
        );
      }
    }
    const sent: string[] = [];
    try {
      for (const chunk of chunks) {
        const connected = await connectedProducer();
        checkpoint();
        const topicMessages = messagesByTopic(chunk);
        const span = startSendSpan(
          topicMessages.map(({ topic }) => topic),
          chunk.map(({ entry }) => entry.headers),
        );
        try {
          await connected.sendBatch({
            acks: -1,
            compression:
              options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
            topicMessages,
          });
          endSpan(span);
        } catch (error) {
          endSpan(span, error);
          throw error;
        }
        stats.produceRequests += 1;
        sent.push(...chunk.map(({ entry }) => entry._id));
      }
    } catch (error) {
      const unsent = chunks.flat().slice(sent.length);
      await Promise.all([
        mark(sent, published()),
        error instanceof RelayStopped
          ? undefined
          : mark(
              unsent.map(({ entry }) => entry._id),
              {
                $set: { state: 'failed', lastError: (error as Error).message },
                $inc: { attempts: 1 },
              },
            ),
      ]).catch(() => {});
      stats.published += sent.length;
      metrics.published(sent.length);
      throw error;
    }
    await mark(sent, published());
    stats.published += sent.length;
    metrics.published(sent.length);
    return unpublished.length;
  }

  /** Waits until `ms` have passed or, unless `ignoreWake`, the relay is woken (or stopped). */
  async function wait(ms: number, ignoreWake: boolean): Promise<void> {
    if ((!ignoreWake && wakeRequested) || abort.signal.aborted || ms <= 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        endWait = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      abort.signal.addEventListener('abort', done);
      if (!ignoreWake) endWait = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        if (!(await holdLease())) {
          await pause(options.leaseTtlMs / 4, abort.signal);
          continue;
        }
        checkpoint();
        wakeRequested = false;
        const startedAt = Date.now();
        stats.rounds += 1;
        const read = await publishRound();
        if (failures > 0) logger.info(log({}), 'outbox relay recovered');
        failures = 0;
        if (read >= options.batchSize) continue; // a backlog: the next round at once
        // Under load (this round published), commits made meanwhile wait out the interval and
        // go out together; an idle relay (nothing published) answers a wake-up at once.
        if (read > 0) await wait(startedAt + options.minRoundIntervalMs - Date.now(), true);
        await wait(options.pollIntervalMs, false);
      } catch (error) {
        if (error instanceof RelayStopped) break;
        failures += 1;
        stats.failedRounds += 1;
        metrics.publishFailed();
        const delay = backoffDelay(failures, options.retryBackoff);
        logger.warn(
          log({ err: error, failures, retryInMs: delay }),
          'outbox relay round failed; will retry',
        );
        await dropProducer();
        await pause(delay, abort.signal);
      }
    }
  }

  const running = run();
  return {
    stats,
    wake() {
      wakeRequested = true;
      endWait?.();
    },
    async stop() {
      abort.abort();
      await running;
      await dropProducer();
      await models.leases.deleteOne({ _id: serviceName, owner }).catch(() => {});
    },
  };
}

const published = () => ({
  $set: { state: 'published', publishedAt: new Date() },
  $unset: { lastError: 1 },
  $inc: { attempts: 1 },
});

const RELAYED_FIELDS = { _id: 1, type: 1, topic: 1, key: 1, payload: 1, headers: 1 } as const;

function messageOf(entry: Pick<OutboxEntry, 'key' | 'payload' | 'headers'>) {
  return { key: entry.key, value: entry.payload, headers: entry.headers };
}

function messagesByTopic(
  chunk: { topic: string; message: Message }[],
): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of chunk) {
    const messages = byTopic.get(topic) ?? [];
    messages.push(message);
    byTopic.set(topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
