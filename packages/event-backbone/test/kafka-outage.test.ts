import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
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

describe('Kafka unavailable', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it('lets requests commit while the broker is down, and publishes their events when it returns', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'event-backbone-kafka-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await startMongo({ port: 0 });
    cleanups.push(() => database.stop());
    let broker = await startKafka({ port: 0, dataDir });
    const { port, brokers } = broker;
    cleanups.push(() => broker.stop());
    const connection = await mongoose
      .createConnection(database.uri, { dbName: 'outage' })
      .asPromise();
    cleanups.push(() => connection.close());
    const backbone = createEventBackbone<TestEvents>({
      serviceName: 'outage-service',
      kafka: { brokers },
      connection,
      catalog: testCatalog,
      topics: testTopics,
      relay: { pollIntervalMs: 20, retryBackoff: { initialMs: 100, maxMs: 500 } },
    });
    cleanups.push(() => backbone.stop());
    await backbone.ensureTopics();
    backbone.startRelay();

    // The broker goes away; the service keeps taking writes.
    await broker.stop();
    const run = { prefix: 'outage', widgets: 5, eventsPerWidget: 10 };
    await recordWidgetRun(connection, backbone, run, 5);
    const outbox = connection.collection('outbox_events');
    await eventually('the relay to fail an attempt', async () =>
      (await outbox.countDocuments({ attempts: { $gt: 0 } })) > 0 ? true : undefined,
    );
    expect(await outbox.countDocuments({ state: 'published' })).toBe(0);

    // It comes back on the same address; the backlog goes out, in order per key.
    broker = await startKafka({ port, dataDir });
    await eventually(
      'the backlog published',
      async () =>
        (await outbox.countDocuments({ state: { $ne: 'published' } })) === 0 ? true : undefined,
      60_000,
    );
    const reader = new Kafka({ brokers, logLevel: logLevel.NOTHING });
    const received = await readWidgetRun(reader, run);
    expectCompleteAndOrderedPerWidget(run, received);
  }, 120_000);

  it('keeps a subscription consuming when the broker goes away and comes back', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'event-backbone-kafka-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await startMongo({ port: 0 });
    cleanups.push(() => database.stop());
    let broker = await startKafka({ port: 0, dataDir });
    const { port, brokers } = broker;
    cleanups.push(() => broker.stop());
    const connection = await mongoose
      .createConnection(database.uri, { dbName: 'resubscribe' })
      .asPromise();
    cleanups.push(() => connection.close());
    const backbone = createEventBackbone<TestEvents>({
      serviceName: 'resubscribe-service',
      kafka: { brokers },
      connection,
      catalog: testCatalog,
      topics: testTopics,
      relay: { pollIntervalMs: 20, retryBackoff: { initialMs: 100, maxMs: 500 } },
    });
    cleanups.push(() => backbone.stop());
    await backbone.ensureTopics();
    backbone.startRelay();
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
    await broker.stop();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    broker = await startKafka({ port, dataDir });
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
