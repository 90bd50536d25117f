import { setTimeout as wait } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, spawnFixture } from './support/child-process.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  expectCompleteAndOrderedPerWidget,
  readWidgetRun,
  recordWidgetRun,
  type WidgetRun,
} from './support/widgets.js';

const randomBetween = (low: number, high: number) => low + Math.floor(Math.random() * (high - low));

describe('outbox relay killed at random points', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await startEnvironment();
  });
  afterAll(() => env?.stop());

  it('delivers 1,000 events in order per key while the relay is stopped and restarted at random moments', async () => {
    const connection = await env.connect();
    const backbone = env.backbone(connection, { relay: { batchSize: 100, pollIntervalMs: 10 } });
    await backbone.ensureTopics();
    const run: WidgetRun = { prefix: 'stopped', widgets: 20, eventsPerWidget: 50 };
    const outbox = connection.collection('outbox_events');

    let recorded = false;
    const recording = recordWidgetRun(connection, backbone, run, 20).then(() => {
      recorded = true;
    });
    let restarts = 0;
    let restartsWhileWriting = 0;
    // Writes keep coming while the relay lives for a random 10–200 ms at a time; at least eight
    // lives, however fast the relay drains the outbox on this machine.
    while (
      restarts < 8 ||
      !recorded ||
      (await outbox.countDocuments({ state: { $ne: 'published' } })) > 0
    ) {
      const relay = backbone.startRelay();
      await wait(randomBetween(10, 200));
      await relay.stop();
      restarts += 1;
      if (!recorded) restartsWhileWriting += 1;
    }
    await recording;

    const received = await readWidgetRun(env.kafka, run);
    const duplicates = expectCompleteAndOrderedPerWidget(run, received);
    console.log(
      `relay restarted ${restarts} times (${restartsWhileWriting} while writing); ${received.length} messages, ${duplicates} duplicates`,
    );
    expect(restartsWhileWriting).toBeGreaterThan(0);
  }, 150_000);

  it('loses and reorders nothing when the relay process is SIGKILLed mid-flight', async () => {
    const connection = await env.connect();
    const backbone = env.backbone(connection);
    await backbone.ensureTopics();
    // Large enough, in small rounds, that the relay is still publishing when the kills come.
    const run: WidgetRun = { prefix: 'killed', widgets: 10, eventsPerWidget: 100 };
    await recordWidgetRun(connection, backbone, run, 10);
    const total = run.widgets * run.eventsPerWidget;
    const outbox = connection.collection('outbox_events');
    const published = () => outbox.countDocuments({ state: 'published' });
    const childEnv = {
      MONGO_URL: env.mongoUri,
      MONGO_DB: connection.name,
      KAFKA_BROKERS: env.brokers.join(','),
    };

    // Kill the relay process twice, each time once it has moved past a random point.
    let kills = 0;
    for (const share of [0.15, 0.55]) {
      const threshold = Math.floor(total * share) + randomBetween(0, 30);
      const child = await spawnFixture('relay-process.ts', childEnv, 'relay started');
      await eventually(
        `relay to publish ${threshold} events`,
        async () => ((await published()) >= threshold ? true : undefined),
        60_000,
      );
      await killHard(child);
      kills += 1;
    }
    expect(await published()).toBeLessThan(total);

    // A new relay waits for the dead one's lease to lapse, then finishes the run.
    backbone.startRelay();
    await eventually(
      'every event published',
      async () => ((await published()) === total ? true : undefined),
      60_000,
    );

    const received = await readWidgetRun(env.kafka, run);
    const duplicates = expectCompleteAndOrderedPerWidget(run, received);
    console.log(
      `relay process killed ${kills} times; ${received.length} messages, ${duplicates} duplicates`,
    );
  }, 150_000);
  it('lets only one of two service instances publish at a time (the lease), keeping each key in order', async () => {
    const connection = await env.connect();
    const instances = [env.backbone(connection), env.backbone(connection)] as const;
    await instances[0].ensureTopics();
    const run: WidgetRun = { prefix: 'two-relays', widgets: 10, eventsPerWidget: 10 };
    const relays = instances.map((instance) => instance.startRelay());
    await recordWidgetRun(connection, instances[1], run, 10);
    await eventually('every event published', async () =>
      (await connection
        .collection('outbox_events')
        .countDocuments({ state: { $ne: 'published' } })) === 0
        ? true
        : undefined,
    );
    const leases = await connection.collection('outbox_relay_leases').find().toArray();
    expect(leases).toHaveLength(1);
    const received = await readWidgetRun(env.kafka, run);
    // Without the lease both relays would send the same entries: duplicates on the wire.
    expect(expectCompleteAndOrderedPerWidget(run, received)).toBe(0);
    await Promise.all(relays.map((relay) => relay.stop()));
  }, 90_000);
});
