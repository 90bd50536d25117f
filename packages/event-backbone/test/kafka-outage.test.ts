import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { needsEmbeddedServers } from '@shuangchuang/test-infrastructure';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventBackbone } from '../src/index.js';
import { eventually } from './support/environment.js';
import {
  testCatalog,
  testTopics,
  WIDGET_CHANGED,
  type TestEvents,
} from './support/test-catalog.js';
import { projectWidgetChanges } from './support/widget-projection.js';
import {
  readWidgetRun,
  recordWidgetRun,
  expectCompleteAndOrderedPerWidget,
} from './support/widgets.js';
import { Kafka, logLevel } from 'kafkajs';

const stopsTheBroker = needsEmbeddedServers('Kafka unavailable (the broker stopped and restarted)');

describe.skipIf(stopsTheBroker)('Kafka unavailable', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  /** A database, a broker with data on disk that can come back on its address, a backbone on both. */
  async function startSystem(dbName: string, serviceName: string) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'event-backbone-kafka-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await startMongo({ port: 0 });
    cleanups.push(() => database.stop());
    let broker = await startKafka({ port: 0, dataDir });
    cleanups.push(() => broker.stop());
    const kafka = {
      brokers: broker.brokers,
      stop: () => broker.stop(),
      restart: async () => {
        broker = await startKafka({ port: broker.port, dataDir });
      },
    };
    const connection = await mongoose.createConnection(database.uri, { dbName }).asPromise();
    cleanups.push(() => connection.close());
    const backbone = createEventBackbone<TestEvents>({
      serviceName,
      kafka: { brokers: kafka.brokers },
      connection,
      catalog: testCatalog,
      topics: testTopics,
      relay: { pollIntervalMs: 20, retryBackoff: { initialMs: 100, maxMs: 500 } },
    });
    cleanups.push(() => backbone.stop());
    await backbone.ensureTopics();
    backbone.startRelay();
    return { kafka, connection, backbone };
  }

  it('lets requests commit while the broker is down, and publishes their events when it returns', async () => {
    const { kafka, connection, backbone } = await startSystem('outage', 'outage-service');

    // The broker goes away; the service keeps taking writes.
    await kafka.stop();
    const run = { prefix: 'outage', widgets: 5, eventsPerWidget: 10 };
    await recordWidgetRun(connection, backbone, run, 5);
    const outbox = connection.collection('outbox_events');
    await eventually('the relay to fail an attempt', async () =>
      (await outbox.countDocuments({ attempts: { $gt: 0 } })) > 0 ? true : undefined,
    );
    expect(await outbox.countDocuments({ state: 'published' })).toBe(0);

    // It comes back on the same address; the backlog goes out, in order per key.
    await kafka.restart();
    await eventually(
      'the backlog published',
      async () =>
        (await outbox.countDocuments({ state: { $ne: 'published' } })) === 0 ? true : undefined,
      60_000,
    );
    const reader = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING });
    const received = await readWidgetRun(reader, run);
    expectCompleteAndOrderedPerWidget(run, received);
  }, 120_000);

  it('keeps a subscription consuming when the broker goes away and comes back', async () => {
    const { kafka, connection, backbone } = await startSystem('resubscribe', 'resubscribe-service');
    const group = 'outage.widget-projector';
    const subscription = await backbone.subscribe(
      group,
      { [WIDGET_CHANGED]: projectWidgetChanges(connection) },
      { sessionTimeoutMs: 6_000, stallMs: 15_000 },
    );
    cleanups.push(() => subscription.stop());
    const handled = () => connection.collection('processed_events').countDocuments({ group });

    const before = { prefix: 'before', widgets: 2, eventsPerWidget: 5 };
    await recordWidgetRun(connection, backbone, before, 2);
    await eventually('the first run handled', async () =>
      (await handled()) === 10 ? true : undefined,
    );

    // Down long enough for the consumer's retries to run out, then back on the same address.
    await kafka.stop();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    await kafka.restart();
    const after = { prefix: 'after', widgets: 2, eventsPerWidget: 5 };
    await recordWidgetRun(connection, backbone, after, 2);
    await eventually(
      'the second run handled',
      async () => ((await handled()) === 20 ? true : undefined),
      90_000,
    );
    expect(subscription.stats.duplicates + subscription.stats.handled).toBeGreaterThanOrEqual(20);
  }, 180_000);
});
