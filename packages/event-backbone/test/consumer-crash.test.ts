import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, spawnFixture } from './support/child-process.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, WIDGET_TOPIC } from './support/test-catalog.js';
import { projections, projectWidgetChanges } from './support/widget-projection.js';
import { recordWidgetRun, widgetId, type WidgetRun } from './support/widgets.js';

describe('consumer killed mid-batch', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await startEnvironment();
  });
  afterAll(() => env?.stop());

  it('leaves no duplicated effect and no lost event after a SIGKILL and a restart', async () => {
    const group = 'crash.widget-projector';
    const run: WidgetRun = { prefix: 'consumed', widgets: 8, eventsPerWidget: 15 };
    const total = run.widgets * run.eventsPerWidget;

    // The emitting service publishes the whole run first.
    const emitter = await env.connect();
    const backbone = env.backbone(emitter);
    await backbone.ensureTopics();
    await recordWidgetRun(emitter, backbone, run, 8);
    backbone.startRelay();
    await eventually('run published', async () =>
      (await emitter.collection('outbox_events').countDocuments({ state: 'published' })) === total
        ? true
        : undefined,
    );

    // The consuming service, in its own process and database, is killed part-way through.
    const consumerDb = await env.connect();
    const handled = () => consumerDb.collection('processed_events').countDocuments({ group });
    const pauseAfter = Math.floor(total / 3) + Math.floor(Math.random() * 20);
    const child = await spawnFixture(
      'consumer-process.ts',
      {
        MONGO_URL: env.mongoUri,
        MONGO_DB: consumerDb.name,
        KAFKA_BROKERS: env.brokers.join(','),
        GROUP: group,
        PAUSE_AFTER: String(pauseAfter),
      },
      'paused mid-batch',
      90_000,
    );
    // Killed inside a handler whose transaction has not written yet. (Killed while its transaction
    // holds write locks, the locks stay until the database reaps the transaction: 60 s in MongoDB.)
    await killHard(child);
    const handledBeforeKill = await handled();
    expect(handledBeforeKill).toBe(pauseAfter);

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
    const admin = env.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(WIDGET_TOPIC);
      const end = ends.reduce((sum, partition) => sum + Number(partition.offset), 0);
      await eventually('the group to commit every offset', async () => {
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [WIDGET_TOPIC] });
        const sum = committed.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
        return sum === end ? true : undefined;
      });
    } finally {
      await admin.disconnect();
    }

    // Each widget's projection holds each event exactly once, in order.
    const byWidget = await projections(consumerDb);
    for (let index = 0; index < run.widgets; index++) {
      expect(byWidget.get(widgetId(run, index))).toEqual(
        Array.from({ length: run.eventsPerWidget }, (_, n) => n),
      );
    }
    console.log(
      `killed after ${handledBeforeKill} of ${total} handled; after restart ${subscription.stats.handled} handled, ${subscription.stats.duplicates} redeliveries skipped`,
    );
  }, 170_000);
});
