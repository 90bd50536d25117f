// The event path's Prometheus metrics (names shared with infra/monitoring's alert rules and
// dashboard). Counters and histograms are updated where the work happens; the outbox gauges are
// read from the database when scraped; consumer lag comes from each fetched batch's high watermark.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What handling an event came to: committed, or an attempt that failed (retried or dead-lettered). */
export type HandlerOutcome = 'handled' | 'failed';

/** The outbox's backlog as the database holds it (every unpublished entry). */
export interface OutboxBacklog {
  pending: number;
  /** createdAt of the oldest unpublished entry, if any */
  oldest?: Date;
}

export interface EventPathMetrics {
  published(events: number): void;
  publishFailed(): void;
  /** One event's handling: how long its handler ran, and whether its transaction committed. */
  handled(group: string, type: string, outcome: HandlerOutcome, seconds: number): void;
  deadLettered(group: string, reason: string, events: number): void;
  lag(group: string, topic: string, partition: number, messages: number): void;
  /** Drops the lag of partitions the group's member no longer holds (after a rebalance). */
  keepLagOf(group: string, assigned: Record<string, number[]>): void;
  /** Reports the outbox backlog on every scrape (read from the database then). */
  observeOutbox(read: () => Promise<OutboxBacklog>): void;
}

/** A scrape's read of the outbox is shared by its two gauges, and by scrapes within this time. */
const OUTBOX_READ_REUSE_MS = 1_000;

/** The metrics on `registry` (the service kit's), or on a registry of their own nobody scrapes. */
export function eventPathMetrics(registry: Registry = new Registry()): EventPathMetrics {
  const registers = [registry];
  const published = new Counter({
    name: 'outbox_published_total',
    help: 'Outbox events the relay published to Kafka',
    registers,
  });
  const publishFailures = new Counter({
    name: 'outbox_publish_failures_total',
    help: 'Relay rounds that failed to publish (Kafka or MongoDB unavailable, produce refused); retried',
    registers,
  });
  const handlerDuration = new Histogram({
    name: 'event_handler_duration_seconds',
    help: "Time an event's handler ran (a batch-form handler's time shared among its events), by outcome",
    labelNames: ['group', 'type', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const deadLettered = new Counter({
    name: 'dead_lettered_events_total',
    help: 'Events a consumer group sent to its dead-letter topic, by reason',
    labelNames: ['group', 'reason'] as const,
    registers,
  });
  const consumerLag = new Gauge({
    name: 'consumer_lag',
    help: "Messages of the partition after the group's last handled one, at its last fetch",
    labelNames: ['group', 'topic', 'partition'] as const,
    registers,
  });
  const lagPartitions = new Map<string, Set<string>>();

  // Children cached per label set: prom-client hashes the labels on every labelled call.
  const timers = new Map<string, Histogram.Internal<'group' | 'type' | 'outcome'>>();
  const histogramOf = (group: string, type: string, outcome: HandlerOutcome) => {
    const key = `${group}\u0000${type}\u0000${outcome}`;
    let child = timers.get(key);
    if (!child) {
      child = handlerDuration.labels(group, type, outcome);
      timers.set(key, child);
    }
    return child;
  };

  let readOutbox: (() => Promise<OutboxBacklog>) | undefined;
  let lastRead: { at: number; backlog: Promise<OutboxBacklog> } | undefined;
  const backlog = (): Promise<OutboxBacklog> => {
    const now = Date.now();
    if (!lastRead || now - lastRead.at > OUTBOX_READ_REUSE_MS) {
      lastRead = { at: now, backlog: readOutbox!() };
      lastRead.backlog.catch(() => (lastRead = undefined));
    }
    return lastRead.backlog;
  };

  return {
    published: (events) => published.inc(events),
    publishFailed: () => publishFailures.inc(),
    handled: (group, type, outcome, seconds) => histogramOf(group, type, outcome).observe(seconds),
    deadLettered: (group, reason, events) => deadLettered.inc({ group, reason }, events),
    lag(group, topic, partition, messages) {
      const partitionLabel = String(partition);
      consumerLag.set({ group, topic, partition: partitionLabel }, Math.max(0, messages));
      let held = lagPartitions.get(group);
      if (!held) lagPartitions.set(group, (held = new Set()));
      held.add(`${topic}\u0000${partitionLabel}`);
    },
    keepLagOf(group, assigned) {
      const held = lagPartitions.get(group);
      if (!held) return;
      for (const key of [...held]) {
        const [topic, partition] = key.split('\u0000') as [string, string];
        if (assigned[topic]?.includes(Number(partition))) continue;
        consumerLag.remove({ group, topic, partition });
        held.delete(key);
      }
    },
    observeOutbox(read) {
      if (readOutbox) throw new Error('the outbox gauges are already observed');
      readOutbox = read;
      new Gauge({
        name: 'outbox_pending_events',
        help: 'Outbox events committed and not yet published',
        registers,
        async collect() {
          const read = await backlog().catch(() => undefined);
          if (read) this.set(read.pending);
          else this.reset(); // the database did not answer: no sample rather than a stale one
        },
      });
      new Gauge({
        name: 'outbox_oldest_pending_age_seconds',
        help: 'Age of the oldest outbox event not yet published (0 when none waits)',
        registers,
        async collect() {
          const read = await backlog().catch(() => undefined);
          if (!read) this.reset();
          else if (!read.oldest) this.set(0);
          else this.set(Math.max(0, (Date.now() - read.oldest.getTime()) / 1000));
        },
      });
    },
  };
}
