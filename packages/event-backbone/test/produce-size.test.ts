import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MESSAGE_MAX_BYTES,
  decodeEvent,
  EventTooLargeError,
  type EventBackbone,
} from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_RETIRED, WIDGET_TOPIC, type TestEvents } from './support/test-catalog.js';
import { watchProduceRequests } from './support/wire-sizes.js';

/** Characters of base64 from random bytes: gzip gains little on them, so sizes stay honest. */
const noise = (characters: number) =>
  randomBytes(Math.ceil((characters * 3) / 4))
    .toString('base64')
    .slice(0, characters);

describe('produce requests kept under the broker’s message.max.bytes', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await startEnvironment();
    await env.backbone(await env.connect()).ensureTopics();
  });
  afterAll(() => env?.stop());

  async function record(
    connection: Connection,
    backbone: EventBackbone<TestEvents>,
    events: { key: string; padding: string }[],
  ): Promise<void> {
    for (const [index, { key, padding }] of events.entries()) {
      const session = await connection.startSession();
      try {
        await session.withTransaction(() =>
          backbone.outbox.record(session, [
            {
              type: WIDGET_RETIRED,
              aggregateId: key,
              data: { widgetId: key, index, padding } as TestEvents[typeof WIDGET_RETIRED],
            },
          ]),
        );
      } finally {
        await session.endSession();
      }
    }
  }

  /**
   * Reads the topic from the start until `count` events whose key starts with `prefix` are in;
   * returns their keys and indexes (the position in the `record` call).
   */
  async function readKeys(prefix: string, count: number): Promise<string[]> {
    const consumer = env.kafka.consumer({ groupId: `reader-${prefix}` });
    await consumer.connect();
    const keys: string[] = [];
    try {
      await consumer.subscribe({ topics: [WIDGET_TOPIC], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ message }) => {
              const event = decodeEvent(message);
              if (!event.subject.startsWith(prefix)) return;
              keys.push(`${event.subject}#${(event.data as { index: number }).index}`);
              if (keys.length === count) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return keys;
  }

  /** Starts the relay and waits until the outbox is published, noting the produce requests' sizes. */
  async function publishWatchingTheWire(
    connection: Connection,
    backbone: EventBackbone<TestEvents>,
  ) {
    const wire = watchProduceRequests(Number(env.brokers[0]!.split(':')[1]));
    const relay = backbone.startRelay();
    try {
      await eventually('the outbox published', async () =>
        (await connection
          .collection('outbox_events')
          .countDocuments({ state: { $ne: 'published' } })) === 0
          ? true
          : undefined,
      );
    } finally {
      wire.stop();
    }
    return { relay, wire };
  }

  it('splits a backlog of events near the limit into requests the broker takes, in order', async () => {
    const connection = await env.connect();
    // Uncompressed, so what is measured on the wire is what the split counted.
    const backbone = env.backbone(connection, {
      relay: { compression: 'none', pollIntervalMs: 20 },
    });
    const limit = DEFAULT_MESSAGE_MAX_BYTES;
    // Recorded before the relay starts: one round reads the whole backlog (about 4.9 MB).
    // One key, so one partition whose order can be checked.
    const events = [
      ...Array.from({ length: 6 }, () => ({ key: 'near', padding: noise(limit * 0.45) })),
      { key: 'near', padding: noise(limit - 2_000) },
      { key: 'near', padding: noise(limit - 2_000) },
    ];
    await record(connection, backbone, events);
    const { relay, wire } = await publishWatchingTheWire(connection, backbone);
    expect(await readKeys('near', events.length)).toEqual(events.map((_, i) => `near#${i}`));
    // Two of the 0.45 MB events per request, each of the 1 MB ones alone.
    expect(relay.stats.produceRequests).toBe(5);
    expect(wire.sizes).toHaveLength(5);
    const largest = Math.max(...wire.sizes);
    expect(largest).toBeLessThanOrEqual(limit);
    expect(largest).toBeGreaterThan(limit - 3_000);
    console.log(
      `${events.length} events in produce requests of ${wire.sizes.join(', ')} bytes (limit ${limit})`,
    );
    await relay.stop();
  });

  it('refuses to record an event no broker would take, so the request fails instead of the relay', async () => {
    const connection = await env.connect();
    const backbone = env.backbone(connection);
    await expect(
      record(connection, backbone, [
        { key: 'too-large', padding: noise(DEFAULT_MESSAGE_MAX_BYTES) },
      ]),
    ).rejects.toThrow(EventTooLargeError);
    expect(await connection.collection('outbox_events').countDocuments()).toBe(0);
  });

  it('sets aside an entry over a lowered limit and publishes the key’s later events', async () => {
    const connection = await env.connect();
    const recorder = env.backbone(connection);
    await record(connection, recorder, [
      { key: 'lowered-0', padding: noise(100_000) },
      { key: 'lowered-0', padding: 'small' },
    ]);
    // The operator lowers message.max.bytes to 64 KB; the first entry can never go out now.
    const relay = env
      .backbone(connection, { kafka: { brokers: env.brokers, messageMaxBytes: 65_536 } })
      .startRelay();
    await eventually('the small event published', async () =>
      (await connection.collection('outbox_events').countDocuments({ state: 'published' })) === 1
        ? true
        : undefined,
    );
    const rejected = await connection.collection('outbox_events').findOne({ state: 'rejected' });
    expect(rejected?.lastError).toContain('message.max.bytes of 65536');
    expect(relay.stats.rejected).toBe(1);
    expect(await readKeys('lowered-', 1)).toEqual(['lowered-0#1']);
    await relay.stop();
  });

  it('compresses what it sends (gzip), and the broker stores and serves it', async () => {
    const connection = await env.connect();
    const backbone = env.backbone(connection);
    const text = '众创空间孵化器加速器科技园区'.repeat(20_000); // ≈ 840 KB of UTF-8, repetitive
    await record(connection, backbone, [{ key: 'gzip-0', padding: text }]);
    const { relay, wire } = await publishWatchingTheWire(connection, backbone);
    expect(wire.sizes).toHaveLength(1);
    expect(wire.sizes[0]).toBeLessThan(50_000);
    expect(await readKeys('gzip-', 1)).toEqual(['gzip-0#0']);
    await relay.stop();
  });
});
