import net from 'node:net';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiKey } from '../src/protocol/api-keys.js';
import { ErrorCode } from '../src/protocol/errors.js';
import { start, type RunningBroker } from '../src/index.js';
import { quietKafka, waitUntil } from './support/kafkajs.js';
import { RawClient, rawProduce } from './support/raw-client.js';

const MAX_FRAME = 64 * 1024;
let broker: RunningBroker;
let kafka: Kafka;

beforeAll(async () => {
  broker = await start({ port: 0, maxFrameBytes: MAX_FRAME, logLevel: 'silent' });
  kafka = quietKafka(broker.brokers);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: 'kept',
    messages: [{ key: 'a', value: 'stored before the abuse' }],
  });
  await producer.disconnect();
});

afterAll(async () => {
  await broker?.stop();
});

/** Fetch v4 of one partition; returns the partition's error, high watermark and raw records. */
async function rawFetch(client: RawClient, topic: string, offset: number, maxWaitMs = 0) {
  const r = await client.request(ApiKey.Fetch, 4, (w) => {
    w.int32(-1)
      .int32(maxWaitMs)
      .int32(1)
      .int32(1024 * 1024)
      .int8(0);
    w.array([topic], (w, name) => {
      w.string(name).array(
        [0],
        (w, index) =>
          void w
            .int32(index)
            .int64(offset)
            .int32(1024 * 1024),
      );
    });
  });
  r.int32(); // throttle
  const [topicResult] = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({
      index: r.int32(),
      errorCode: r.int16(),
      highWatermark: r.int64(),
      lastStableOffset: r.int64(),
      aborted: r.array((r) => [r.int64(), r.int64()]),
      records: Buffer.from(r.bytes()),
    })),
  }));
  return topicResult!.partitions[0]!;
}

/** True when the broker closes the connection (rather than hanging). */
async function expectClosed(client: RawClient): Promise<void> {
  await expect(client.closed).resolves.toBeUndefined();
}

async function expectStillServing(): Promise<void> {
  const consumer = kafka.consumer({ groupId: `check-${Math.random()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'kept', fromBeginning: true });
  const values: string[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => void values.push(message.value!.toString()),
  });
  await waitUntil(() => values.length > 0, 'the stored record');
  await consumer.disconnect();
  expect(values[0]).toBe('stored before the abuse');
}

describe('protocol edges', () => {
  test('ApiVersions of a newer flexible version gets UNSUPPORTED_VERSION with the v0 list', async () => {
    const client = await RawClient.connect(broker.port);
    const r = await client.request(ApiKey.ApiVersions, 3, (w) => void w.int8(0));
    expect(r.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const apis = r.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }));
    expect(apis).toContainEqual({ key: ApiKey.Produce, min: 0, max: 7 });
    expect(apis.every((a) => a.min === 0)).toBe(true);
    expect(apis.map((a) => a.key)).not.toContain(45);
    const v0 = await client.request(ApiKey.ApiVersions, 0, () => {});
    expect(v0.int16()).toBe(ErrorCode.NONE);
    client.close();
  });

  test('a fetch in a long poll is woken by a produce', async () => {
    const client = await RawClient.connect(broker.port);
    const end = (await rawFetch(client, 'kept', 0)).highWatermark;
    // Woken early or not at all: without the wake-up it would come back empty after 20 s.
    const parked = rawFetch(client, 'kept', end, 20_000);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'kept', messages: [{ value: 'wake up' }] });
    await producer.disconnect();
    const woken = await parked;
    expect(woken.records.length).toBeGreaterThan(0);
    expect(woken.records.includes(Buffer.from('wake up'))).toBe(true);
    expect(woken.highWatermark).toBe(end + 1);
    expect(woken.lastStableOffset).toBe(end + 1);
    client.close();
  }, 30_000);

  test('a fetch over its byte limit still returns the first batch, and only that', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'two-partitions', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1]) {
      await producer.send({
        topic: 'two-partitions',
        messages: [{ partition, value: 'x'.repeat(500) }],
      });
    }
    await producer.disconnect();
    const client = await RawClient.connect(broker.port);
    const r = await client.request(ApiKey.Fetch, 4, (w) => {
      w.int32(-1).int32(0).int32(1).int32(10).int8(0); // response limit: 10 bytes
      w.array(['two-partitions'], (w, name) => {
        w.string(name).array([0, 1], (w, index) => void w.int32(index).int64(0).int32(10));
      });
    });
    r.int32(); // throttle
    const sizes = r.array((r) => {
      r.string();
      return r.array((r) => {
        r.int32(); // partition
        r.int16(); // error
        r.int64(); // high watermark
        r.int64(); // last stable offset
        r.array((r) => [r.int64(), r.int64()]);
        return r.bytes().length;
      });
    })[0]!;
    expect(sizes[0]).toBeGreaterThan(500);
    expect(sizes[1]).toBe(0);
    client.close();
  });

  test('a fetch beyond the log end is OFFSET_OUT_OF_RANGE', async () => {
    const client = await RawClient.connect(broker.port);
    expect((await rawFetch(client, 'kept', 999)).errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect((await rawFetch(client, 'no-such-topic', 0)).errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
    client.close();
  });

  test('a batch with a bad CRC is refused with CORRUPT_MESSAGE and nothing is stored', async () => {
    const client = await RawClient.connect(broker.port);
    const { records, highWatermark } = await rawFetch(client, 'kept', 0);
    const firstBatch = records.subarray(0, 12 + records.readInt32BE(8));
    const corrupt = Buffer.from(firstBatch);
    corrupt[corrupt.length - 1]! ^= 0xff;
    expect((await rawProduce(client, 'kept', corrupt)).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect((await rawProduce(client, 'kept', Buffer.from('garbage'))).errorCode).toBe(
      ErrorCode.CORRUPT_MESSAGE,
    );
    expect((await rawProduce(client, 'kept', firstBatch, 2)).errorCode).toBe(
      ErrorCode.INVALID_REQUIRED_ACKS,
    );
    expect((await rawFetch(client, 'kept', 0)).highWatermark).toBe(highWatermark);
    // The intact batch is accepted again, at the next offset.
    const copy = await rawProduce(client, 'kept', Buffer.from(firstBatch));
    expect(copy).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: highWatermark });
    client.close();
  });

  test('a retried batch of an idempotent producer is stored once', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: 'idempotent-retry',
      messages: [{ value: 'once' }, { value: 'only' }],
    });
    await producer.disconnect();
    const client = await RawClient.connect(broker.port);
    const { records, highWatermark } = await rawFetch(client, 'idempotent-retry', 0);
    expect(highWatermark).toBe(2);
    // The same bytes again, as a producer retrying after a lost response would send them.
    const retry = await rawProduce(client, 'idempotent-retry', Buffer.from(records), -1);
    expect(retry).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect((await rawFetch(client, 'idempotent-retry', 0)).highWatermark).toBe(2);
    client.close();
  });
});

describe('bad input closes only the offending connection', () => {
  test('unknown API key', async () => {
    const client = await RawClient.connect(broker.port);
    void client.request(999, 0, () => {}).catch(() => {});
    await expectClosed(client);
  });

  test('known API key at a version that is not served', async () => {
    const client = await RawClient.connect(broker.port);
    void client.request(ApiKey.Produce, 42, () => {}).catch(() => {});
    await expectClosed(client);
  });

  test('frame larger than maxFrameBytes, and a negative frame size', async () => {
    for (const size of [MAX_FRAME + 1, -5]) {
      const client = await RawClient.connect(broker.port);
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(size);
      client.write(prefix);
      await expectClosed(client);
    }
  });

  test('truncated request body', async () => {
    const client = await RawClient.connect(broker.port);
    // Metadata v1 claiming 3 topics and carrying none.
    void client.request(ApiKey.Metadata, 1, (w) => void w.int32(3)).catch(() => {});
    await expectClosed(client);
  });

  test('garbage bytes and a client leaving mid-request', async () => {
    const bystander = await RawClient.connect(broker.port);
    const garbage = await RawClient.connect(broker.port);
    garbage.write(Buffer.from('GET / HTTP/1.1\r\nHost: kafka\r\n\r\n'));
    await expectClosed(garbage);

    const leaver = net.connect(broker.port, '127.0.0.1');
    await new Promise((resolve) => leaver.once('connect', resolve));
    leaver.write(Buffer.from([0, 0, 0, 100, 0, 3, 0, 1, 0, 0]));
    leaver.destroy();

    // A client connected all along is not disturbed, and neither are new ones.
    const r = await bystander.request(ApiKey.ApiVersions, 0, () => {});
    expect(r.int16()).toBe(ErrorCode.NONE);
    bystander.close();
    await expectStillServing();
  });
});
