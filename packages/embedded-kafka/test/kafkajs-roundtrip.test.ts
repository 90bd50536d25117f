import { CompressionTypes, type Admin, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { start, type RunningBroker } from '../src/index.js';
import { quietKafka, waitUntil } from './support/kafkajs.js';

let broker: RunningBroker;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  broker = await start({ port: 0, logLevel: 'silent' });
  kafka = quietKafka(broker.brokers);
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await broker?.stop();
});

describe('kafkajs producer and consumer', () => {
  test('round trip on a 6-partition topic keeps order per key', async () => {
    const topic = 'registry.incubator.v1';
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
    const producer = kafka.producer();
    await producer.connect();
    const keys = Array.from({ length: 24 }, (_, i) => `carrier-${i}`);
    const perKey = 25;
    for (let round = 0; round < perKey; round++) {
      await producer.send({
        topic,
        acks: [-1, 1, 0][round % 3],
        compression: round % 2 ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: keys.map((key) => ({
          key,
          value: `${key}:${round}`,
          headers: { ce_type: 'test' },
        })),
      });
    }
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'roundtrip', maxWaitTimeInMs: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Map<string, { partition: number; round: number; header: string }[]>();
    let count = 0;
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const key = message.key!.toString();
        const round = Number(message.value!.toString().split(':')[1]);
        seen.set(key, [
          ...(seen.get(key) ?? []),
          { partition, round, header: String(message.headers?.ce_type) },
        ]);
        count++;
      },
    });
    await waitUntil(() => count >= keys.length * perKey, 'every message');
    await consumer.disconnect();

    expect(count).toBe(keys.length * perKey);
    const partitionsUsed = new Set<number>();
    for (const key of keys) {
      const records = seen.get(key)!;
      expect(records.map((r) => r.round)).toEqual(Array.from({ length: perKey }, (_, i) => i));
      expect(new Set(records.map((r) => r.partition)).size).toBe(1);
      expect(records.every((r) => r.header === 'test')).toBe(true);
      partitionsUsed.add(records[0]!.partition);
    }
    expect(partitionsUsed.size).toBeGreaterThan(1);

    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(keys.length * perKey);
    expect(offsets.every((p) => p.low === '0')).toBe(true);
  });

  test('idempotent producer gets a producer id and its batches are stored once', async () => {
    const topic = 'idempotent';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 5; i++)
      await producer.send({ topic, messages: [{ value: `m${i}` }, { value: `n${i}` }] });
    await producer.disconnect();
    const [partition] = await admin.fetchTopicOffsets(topic);
    expect(partition!.high).toBe('10');
  });
});

describe('kafkajs admin', () => {
  test('finds offsets by timestamp, record by record, in plain and gzip batches', async () => {
    const topic = 'by-timestamp';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    const t0 = Date.now() - 100_000;
    const stamped = (from: number) =>
      Array.from({ length: 10 }, (_, i) => ({
        value: `${from + i}`,
        timestamp: String(t0 + (from + i) * 1000),
      }));
    await producer.send({ topic, messages: stamped(0) });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: stamped(10) });
    await producer.disconnect();

    const at = async (ms: number) =>
      (await admin.fetchTopicOffsetsByTimestamp(topic, ms))[0]!.offset;
    expect(await at(t0 + 4_500)).toBe('5');
    expect(await at(t0 + 13_000)).toBe('13');
    expect(await at(t0 - 1)).toBe('0');
    // After the newest record: the log end.
    expect(await at(t0 + 50_000)).toBe('20');
  });

  test('creates, lists and deletes topics with partition counts', async () => {
    expect(
      await admin.createTopics({ topics: [{ topic: 'news.article.v1', numPartitions: 4 }] }),
    ).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'intake.application.v1' }] })).toBe(true);
    expect(
      await admin.createTopics({ topics: [{ topic: 'news.article.v1', numPartitions: 2 }] }),
    ).toBe(false);
    expect(await admin.listTopics()).toEqual(
      expect.arrayContaining(['news.article.v1', 'intake.application.v1']),
    );
    const metadata = await admin.fetchTopicMetadata({
      topics: ['news.article.v1', 'intake.application.v1'],
    });
    const counts = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
    expect(counts).toEqual({ 'news.article.v1': 4, 'intake.application.v1': 1 });
    await expect(
      admin.createTopics({ topics: [{ topic: 'bad topic name!', numPartitions: 1 }] }),
    ).rejects.toThrow();
    await admin.deleteTopics({ topics: ['news.article.v1'] });
    const after = await admin.listTopics();
    expect(after).not.toContain('news.article.v1');
    expect(after).toContain('intake.application.v1');
  });

  test('auto creation can be turned off', async () => {
    const strict = await start({ port: 0, autoCreateTopics: false, logLevel: 'silent' });
    const client = quietKafka(strict.brokers);
    const strictAdmin = client.admin();
    try {
      await strictAdmin.connect();
      await expect(strictAdmin.fetchTopicMetadata({ topics: ['missing'] })).rejects.toThrow(
        /does not host|unknown/i,
      );
      expect(await strictAdmin.listTopics()).toEqual([]);
      // With auto creation on (the default), producing creates the topic with the default partitions.
      const lenient = await start({ port: 0, defaultPartitions: 3, logLevel: 'silent' });
      const lenientKafka = quietKafka(lenient.brokers);
      const producer = lenientKafka.producer();
      await producer.connect();
      await producer.send({ topic: 'created-on-demand', messages: [{ value: 'x' }] });
      await producer.disconnect();
      const lenientAdmin = lenientKafka.admin();
      await lenientAdmin.connect();
      const metadata = await lenientAdmin.fetchTopicMetadata({ topics: ['created-on-demand'] });
      expect(metadata.topics[0]!.partitions).toHaveLength(3);
      await lenientAdmin.disconnect();
      await lenient.stop();
    } finally {
      await strictAdmin.disconnect();
      await strict.stop();
    }
  });
});
