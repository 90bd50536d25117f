import { randomUUID } from 'node:crypto';
import type { Kafka, Message, Producer } from 'kafkajs';
import { backoffDelay, pause, type BackoffOptions } from '../backoff.js';
import type { Logger } from '../logger.js';
import { UNPUBLISHED_STATES, type OutboxEntry, type OutboxModels } from './outbox-models.js';

export interface RelayOptions {
  /** Events read and published per round. */
  batchSize?: number;
  /** Wait between rounds when the outbox is empty. */
  pollIntervalMs?: number;
  /** Wait after a failed round (Kafka or MongoDB unavailable). */
  retryBackoff?: BackoffOptions;
  /** How long a relay keeps the publishing lease without renewing it. */
  leaseTtlMs?: number;
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
}

const DEFAULTS = {
  batchSize: 200,
  pollIntervalMs: 100,
  retryBackoff: { initialMs: 250, maxMs: 10_000 },
  leaseTtlMs: 10_000,
} satisfies Required<RelayOptions>;

class RelayStopped extends Error {}

/**
 * Publishes outbox entries in (createdAt, sequence) order, which is each key's order, one batch
 * at a time with acks=-1 and a single request in flight, then marks them published. Only the
 * holder of the service's lease publishes, so two instances never interleave one key's events.
 */
export function startRelay(deps: {
  serviceName: string;
  kafka: Kafka;
  models: OutboxModels;
  logger: Logger;
  options?: RelayOptions;
}): RelayHandle {
  const { serviceName, kafka, models, logger } = deps;
  const options = { ...DEFAULTS, ...deps.options };
  const owner = `${serviceName}:${randomUUID()}`;
  const abort = new AbortController();
  let producer: Producer | undefined;
  let leaseValidUntil = 0;
  // Set by wake(); a round clears it before reading, so a wake-up during a round is not lost.
  let wakeRequested = false;
  let endIdleWait: (() => void) | undefined;

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
      if ((error as { code?: number }).code === 11000) return false; // another relay holds it
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

  /** Publishes one batch; returns how many entries it published. */
  async function publishBatch(): Promise<number> {
    const entries = await models.entries
      .find({ state: { $in: UNPUBLISHED_STATES } })
      .sort({ createdAt: 1, sequence: 1 })
      .limit(options.batchSize)
      .lean();
    if (entries.length === 0) return 0;
    checkpoint();
    const ids = entries.map((entry) => entry._id);
    await models.entries.updateMany(
      { _id: { $in: ids } },
      { $set: { state: 'in_progress' }, $inc: { attempts: 1 } },
    );
    checkpoint();
    try {
      const connected = await connectedProducer();
      checkpoint();
      await connected.sendBatch({ acks: -1, topicMessages: messagesByTopic(entries) });
    } catch (error) {
      if (!(error instanceof RelayStopped)) {
        await models.entries
          .updateMany(
            { _id: { $in: ids } },
            { $set: { state: 'failed', lastError: (error as Error).message } },
          )
          .catch(() => {});
      }
      throw error;
    }
    checkpoint();
    await models.entries.updateMany(
      { _id: { $in: ids } },
      { $set: { state: 'published', publishedAt: new Date() }, $unset: { lastError: 1 } },
    );
    return entries.length;
  }

  /** Waits the poll interval, or less when woken (or stopped). */
  async function idle(): Promise<void> {
    if (wakeRequested || abort.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        endIdleWait = undefined;
        resolve();
      };
      const timer = setTimeout(done, options.pollIntervalMs);
      abort.signal.addEventListener('abort', done);
      endIdleWait = done;
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
        const published = await publishBatch();
        if (failures > 0) logger.info({ component: 'outbox-relay' }, 'outbox relay recovered');
        failures = 0;
        if (published < options.batchSize) await idle();
      } catch (error) {
        if (error instanceof RelayStopped) break;
        failures += 1;
        const delay = backoffDelay(failures, options.retryBackoff);
        logger.warn(
          { component: 'outbox-relay', err: error, failures, retryInMs: delay },
          'outbox relay round failed; will retry',
        );
        await dropProducer();
        await pause(delay, abort.signal);
      }
    }
  }

  const running = run();
  return {
    wake() {
      wakeRequested = true;
      endIdleWait?.();
    },
    async stop() {
      abort.abort();
      await running;
      await dropProducer();
      await models.leases.deleteOne({ _id: serviceName, owner }).catch(() => {});
    },
  };
}

function messagesByTopic(entries: OutboxEntry[]): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const entry of entries) {
    const messages = byTopic.get(entry.topic) ?? [];
    messages.push({ key: entry.key, value: entry.payload, headers: entry.headers });
    byTopic.set(entry.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
