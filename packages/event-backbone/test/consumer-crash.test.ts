import type { Connection } from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killHard, spawnFixture } from './support/child-process.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, WIDGET_TOPIC } from './support/test-catalog.js';
import { projections, projectWidgetChanges } from './support/widget-projection.js';
import { recordWidgetRun, widgetId, type WidgetRun } from './support/widgets.js';

const EVENTS_PER_TRANSACTION = 10;

describe('consumer killed mid-batch', () => {
  let env: TestEnvironment;

  // A broker of its own per test: each reads its topic from the start.
  beforeEach(async () => {
    env = await startEnvironment();
  });
  afterEach(() => env?.stop());

  /** The emitting service publishes the whole run before anyone consumes it. */
  async function publishRun(run: WidgetRun): Promise<void> {
    const emitter = await env.connect();
    const backbone = env.backbone(emitter);
    await backbone.ensureTopics();
    await recordWidgetRun(emitter, backbone, run, 8);
    const relay = backbone.startRelay();
    const total = run.widgets * run.eventsPerWidget;
    await eventually('run published', async () =>
      (await emitter.collection('outbox_events').countDocuments({ state: 'published' })) === total
        ? true
        : undefined,
    );
    await relay.stop();
  }

  /**
   * The consuming service in its own process and database, killed in the first handler of the
   * first transaction that starts after `pauseAfter` events were handled.
   */
  async function consumeUntilKilled(consumerDb: Connection, group: string, pauseAfter: number) {
    const child = await spawnFixture(
      'consumer-process.ts',
      {
        MONGO_URL: env.mongoUri,
        MONGO_DB: consumerDb.name,
        KAFKA_BROKERS: env.brokers.join(','),
        GROUP: group,
        PAUSE_AFTER: String(pauseAfter),
        EVENTS_PER_TRANSACTION: String(EVENTS_PER_TRANSACTION),
      },
      'paused mid-batch',
      90_000,
    );
    await killHard(child);
  }

  async function committedOffsets(group: string): Promise<number> {
    const admin = env.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [WIDGET_TOPIC] });
      return committed!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  }

  function expectEachEventOnceInOrder(byWidget: Map<string, number[]>, run: WidgetRun): void {
    for (let index = 0; index < run.widgets; index++) {
      expect(byWidget.get(widgetId(run, index))).toEqual(
        Array.from({ length: run.eventsPerWidget }, (_, n) => n),
      );
    }
  }

  it('leaves no duplicated effect and no lost event after a SIGKILL and a restart', async () => {
    const group = 'crash.widget-projector';
    const run: WidgetRun = { prefix: 'consumed', widgets: 8, eventsPerWidget: 15 };
    const total = run.widgets * run.eventsPerWidget;
    await publishRun(run);

    const consumerDb = await env.connect();
    const handled = () => consumerDb.collection('processed_events').countDocuments({ group });
    const pauseAfter = Math.floor(total / 3) + Math.floor(Math.random() * 20);
    await consumeUntilKilled(consumerDb, group, pauseAfter);
    // Killed at the start of the first transaction after pauseAfter events: all before it committed.
    const handledBeforeKill = await handled();
    expect(handledBeforeKill).toBeGreaterThanOrEqual(pauseAfter);
    expect(handledBeforeKill).toBeLessThan(pauseAfter + EVENTS_PER_TRANSACTION);

    // Restarted, it picks up from the last committed offset.
    const consumer = env.backbone(consumerDb, { serviceName: 'test-consumer' });
    const subscription = await consumer.subscribe(
      group,
      { [WIDGET_CHANGED]: projectWidgetChanges(consumerDb) },
      { sessionTimeoutMs: 6_000 },
    );
    await eventually(
      'every event handled',
      async () => ((await handled()) === total ? true : undefined),
      90_000,
    );
    await eventually('the group to commit every offset', async () =>
      (await committedOffsets(group)) === total ? true : undefined,
    );

    // Each widget's projection holds each event exactly once, in order.
    expectEachEventOnceInOrder(await projections(consumerDb), run);
    console.log(
      `killed after ${handledBeforeKill} of ${total} handled; after restart ${subscription.stats.handled} handled, ${subscription.stats.duplicates} redeliveries skipped`,
    );
  }, 170_000);

  it('redelivers a half-handled batch after a crash and handles only what it had not', async () => {
    const group = 'half-batch.widget-projector';
    // One widget: one partition, one fetched batch of 60 handled in transactions of 10.
    const run: WidgetRun = { prefix: 'half-batch', widgets: 1, eventsPerWidget: 60 };
    await publishRun(run);

    const consumerDb = await env.connect();
    const handled = () => consumerDb.collection('processed_events').countDocuments({ group });
    await consumeUntilKilled(consumerDb, group, 25);
    // Three transactions committed, the fourth was cut off; Kafka has no offset for the batch.
    expect(await handled()).toBe(30);
    expect(await committedOffsets(group)).toBe(0);

    const consumer = env.backbone(consumerDb, { serviceName: 'test-consumer' });
    const subscription = await consumer.subscribe(
      group,
      { [WIDGET_CHANGED]: projectWidgetChanges(consumerDb) },
      { sessionTimeoutMs: 6_000 },
    );
    await eventually('every event handled', async () =>
      (await handled()) === 60 ? true : undefined,
    );
    // The whole batch came back; the 30 handled before are found by its one read and skipped.
    expect(subscription.stats).toMatchObject({ handled: 30, duplicates: 30 });
    expectEachEventOnceInOrder(await projections(consumerDb), run);
  }, 170_000);
});
