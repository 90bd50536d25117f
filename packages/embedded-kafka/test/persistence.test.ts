import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { start, type RunningBroker } from '../src/index.js';
import { quietKafka, waitUntil } from './support/kafkajs.js';

let dataDir: string;
const running: RunningBroker[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-kafka-'));
});

afterEach(async () => {
  for (const broker of running.splice(0)) await broker.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function boot(): Promise<{ broker: RunningBroker; kafka: Kafka }> {
  const broker = await start({ port: 0, dataDir, logLevel: 'silent' });
  running.push(broker);
  return { broker, kafka: quietKafka(broker.brokers) };
}

async function stop(broker: RunningBroker): Promise<void> {
  await broker.stop();
  running.splice(running.indexOf(broker), 1);
}

async function produce(kafka: Kafka, topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: values.map((value, i) => ({ key: `k${i % 5}`, value })),
  });
  await producer.disconnect();
}

async function consumeAll(
  kafka: Kafka,
  groupId: string,
  topic: string,
  expected: number,
): Promise<string[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values: string[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => void values.push(message.value!.toString()),
  });
  await waitUntil(() => values.length >= expected, `${expected} messages for ${groupId}`);
  await consumer.disconnect(); // commits what was consumed
  return values;
}

test('acknowledged records, topics and committed offsets survive a restart', async () => {
  const topic = 'notification.delivery.v1';
  const first = await boot();
  const admin = first.kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  const values = Array.from({ length: 200 }, (_, i) => `delivery-${i}`);
  await produce(first.kafka, topic, values);
  expect((await consumeAll(first.kafka, 'crm', topic, 200)).sort()).toEqual([...values].sort());
  const [committedBefore] = await admin.fetchOffsets({ groupId: 'crm', topics: [topic] });
  const endsBefore = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  await stop(first.broker);

  const second = await boot();
  const admin2 = second.kafka.admin();
  await admin2.connect();
  expect(await admin2.listTopics()).toContain(topic);
  expect(await admin2.fetchTopicOffsets(topic)).toEqual(endsBefore);
  const [committedAfter] = await admin2.fetchOffsets({ groupId: 'crm', topics: [topic] });
  expect(committedAfter).toEqual(committedBefore);
  expect(committedAfter!.partitions.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(200);

  // A fresh group reads everything back; the old group resumes after its committed offsets.
  expect((await consumeAll(second.kafka, 'audit', topic, 200)).sort()).toEqual([...values].sort());
  await produce(second.kafka, topic, ['after-restart']);
  expect(await consumeAll(second.kafka, 'crm', topic, 1)).toEqual(['after-restart']);
  await admin2.disconnect();
});

test('a torn write at the end of a segment is cut off on restart', async () => {
  const topic = 'torn';
  const first = await boot();
  await produce(first.kafka, topic, ['a', 'b', 'c']);
  await stop(first.broker);

  const partitionDir = path.join(dataDir, 'topics', topic, '0');
  const log = fs.readdirSync(partitionDir).find((f) => f.endsWith('.log'))!;
  const index = log.replace('.log', '.index');
  // A crash mid-append: half a batch header in the log, a dangling index entry.
  fs.appendFileSync(
    path.join(partitionDir, log),
    Buffer.from([0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 1, 0, 0, 0]),
  );
  fs.appendFileSync(path.join(partitionDir, index), Buffer.alloc(32, 7));

  const second = await boot();
  const admin = second.kafka.admin();
  await admin.connect();
  expect((await admin.fetchTopicOffsets(topic))[0]!.high).toBe('3');
  await produce(second.kafka, topic, ['d']);
  expect(await consumeAll(second.kafka, 'reader', topic, 4)).toEqual(['a', 'b', 'c', 'd']);
  await admin.disconnect();
});

test('size and time retention delete whole old segments', async () => {
  const { kafka } = await boot();
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      {
        topic: 'by-size',
        numPartitions: 1,
        configEntries: [
          { name: 'segment.bytes', value: '1024' },
          { name: 'retention.bytes', value: '2048' },
        ],
      },
      {
        topic: 'by-time',
        numPartitions: 1,
        configEntries: [{ name: 'retention.ms', value: '60000' }],
      },
    ],
  });
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < 40; i++)
    await producer.send({ topic: 'by-size', messages: [{ value: `${i}`.padEnd(200, '.') }] });
  const hourAgo = String(Date.now() - 3_600_000);
  await producer.send({
    topic: 'by-time',
    messages: [1, 2, 3].map((i) => ({ value: `old-${i}`, timestamp: hourAgo })),
  });
  await producer.disconnect();

  const [bySize] = await admin.fetchTopicOffsets('by-size');
  expect(Number(bySize!.high)).toBe(40);
  expect(Number(bySize!.low)).toBeGreaterThan(20);
  const segments = fs
    .readdirSync(path.join(dataDir, 'topics', 'by-size', '0'))
    .filter((f) => f.endsWith('.log'));
  expect(segments.length).toBeLessThanOrEqual(4);
  const remaining = await consumeAll(kafka, 'size-reader', 'by-size', 40 - Number(bySize!.low));
  expect(remaining[0]!.startsWith(`${bySize!.low}.`)).toBe(true);

  const [byTime] = await admin.fetchTopicOffsets('by-time');
  expect(byTime).toMatchObject({ low: '3', high: '3' });
  await admin.disconnect();
});

test('altered topic configs survive a restart and take effect at once', async () => {
  const first = await boot();
  const admin = first.kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'altered', numPartitions: 1 }] });
  const hourAgo = String(Date.now() - 3_600_000);
  await produce(first.kafka, 'altered', ['kept for now']);
  const producer = first.kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'altered', messages: [{ value: 'old', timestamp: hourAgo }] });
  await producer.disconnect();
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name: 'altered',
        configEntries: [
          { name: 'max.message.bytes', value: '5000' },
          { name: 'segment.bytes', value: '100' },
        ],
      },
    ],
  });
  await admin.disconnect();
  await stop(first.broker);

  const second = await boot();
  const reopened = second.kafka.admin();
  await reopened.connect();
  const described = await reopened.describeConfigs({
    includeSynonyms: false,
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name: 'altered',
        configNames: ['max.message.bytes', 'segment.bytes', 'retention.ms'],
      },
    ],
  });
  expect(
    Object.fromEntries(
      described.resources[0]!.configEntries.map((c) => [c.configName, c.configValue]),
    ),
  ).toEqual({ 'max.message.bytes': '5000', 'segment.bytes': '100', 'retention.ms': '604800000' });
  const big = second.kafka.producer({ retry: { retries: 0 } });
  await big.connect();
  await expect(
    big.send({ topic: 'altered', messages: [{ value: Buffer.alloc(6000) }] }),
  ).rejects.toThrow();
  await big.disconnect();
  expect((await reopened.fetchTopicOffsets('altered'))[0]!.high).toBe('2');
  await reopened.disconnect();
});
